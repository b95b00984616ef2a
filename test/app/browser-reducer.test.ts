import {describe, expect, it} from 'vitest';
import type {Action} from '../../src/app/actions.js';
import {reducer} from '../../src/app/reducer.js';
import {type AppState, initialState} from '../../src/app/state.js';
import type {Snapshot} from '../../src/docker/live-store.js';
import type {FileEntry} from '../../src/model/files.js';
import {volume} from '../helpers/fixtures.js';
import {oneEngine} from '../helpers/snapshot.js';

const entry = (name: string, kind: FileEntry['kind'] = 'file', extra: Partial<FileEntry> = {}): FileEntry => ({
  raw: Buffer.from(name),
  name,
  key: name,
  kind,
  perm: 0o644,
  size: 10,
  uid: 0,
  gid: 0,
  mtimeMs: 0,
  ...extra,
});

const snapshot = {
  volumes: [volume('data')],
  containers: [],
  usage: undefined,
  listed: true,
  address: 'memory://',
  connection: 'connected',
} as unknown as Snapshot;

function run(state: AppState, ...actions: Action[]): AppState {
  return actions.reduce(reducer, state);
}

/** A browser open on `data`, helper ready, root listed with two dirs and a file. */
function opened(): AppState {
  let state = run(
    oneEngine(initialState),
    {type: 'resize', pageSize: 10},
    {type: 'data', engine: 'local', snapshot},
    {type: 'browse'},
  );
  state = run(state, {type: 'helperReady'});
  return run(state, {
    type: 'listBatch',
    seq: state.browser!.listSeq,
    entries: [entry('b', 'dir'), entry('f.txt'), entry('a', 'dir')],
    done: true,
  });
}

describe('browser reducer', () => {
  it('opens on the selected volume, lists directories first, and drops results of an older listing', () => {
    const state = opened();
    expect(state.view).toBe('browser');
    expect(state.browser!.visible.map((e) => e.name)).toEqual(['a', 'b', 'f.txt']);
    const stale = run(state, {
      type: 'listBatch',
      seq: state.browser!.listSeq - 1,
      entries: [entry('ghost')],
      done: true,
    });
    expect(stale).toBe(state);
  });

  it('enters a directory and, going up, lands on the directory it left', () => {
    let state = run(opened(), {type: 'move', delta: 1}, {type: 'open'});
    expect(state.browser!.path.map(String)).toEqual(['b']);
    state = run(
      state,
      {type: 'listBatch', seq: state.browser!.listSeq, entries: [entry('inner')], done: true},
      {type: 'up'},
    );
    state = run(state, {
      type: 'listBatch',
      seq: state.browser!.listSeq,
      entries: [entry('a', 'dir'), entry('b', 'dir'), entry('f.txt')],
      done: true,
    });
    expect(state.browser!.selectedKey).toBe('b');
  });

  it('Esc cancels a scan first, then clears the filter, then goes up, then closes the browser', () => {
    let state = run(opened(), {type: 'usageStart'});
    expect(state.browser!.usage.get('')?.status).toBe('running');
    state = run(
      state,
      {type: 'filterOpen'},
      {type: 'edit', op: {op: 'insert', text: 'f'}},
      {type: 'filterAccept'},
      {type: 'browserBack'},
    );
    expect(state.browser!.usage.get('')).toMatchObject({status: 'cancelled'});
    expect(state.browser!.filter.text).toBe('f');
    state = run(state, {type: 'browserBack'});
    expect(state.browser!.filter.text).toBe('');
    state = run(state, {type: 'browserBack'});
    expect(state.view).toBe('table');
    expect(state.browser).toBeUndefined();
  });

  it('refuses a link out of the volume and previews one that stays inside', () => {
    let state = run(opened(), {
      type: 'listBatch',
      seq: opened().browser!.listSeq,
      entries: [
        entry('out', 'link', {target: Buffer.from('../../x')}),
        entry('in', 'link', {target: Buffer.from('a/f')}),
      ],
      done: true,
    });
    state = run(state, {type: 'jump', to: 'bottom'}, {type: 'move', delta: -1});
    expect(state.browser!.visible[state.browser!.cursor]!.name).toBe('in');
    const inside = run(state, {type: 'open'});
    expect(inside.browser!.preview?.path.map(String)).toEqual(['in']);
    const outside = run(state, {type: 'move', delta: 1}, {type: 'open'});
    expect(outside.browser!.preview).toBeUndefined();
    expect(outside.browser!.notice?.text).toMatch(/out points outside the volume/);
  });

  it('asks before replacing: an existing destination turns the prompt into a question whose default is cancel', () => {
    let state = run(opened(), {type: 'jump', to: 'bottom'}, {type: 'exportOpen'});
    expect(state.browser!.prompt?.destination.text).toBe('./f.txt');
    state = run(state, {type: 'exportAccept'});
    const seq = state.browser!.prompt!.checking!;
    expect(seq).toBeTypeOf('number');
    // The path asked about cannot change under the question.
    expect(run(state, {type: 'edit', op: {op: 'insert', text: 'x'}})).toBe(state);
    // A late answer to an earlier question changes nothing.
    expect(run(state, {type: 'exportChecked', seq: seq - 1, exists: true})).toBe(state);
    const asked = run(state, {type: 'exportChecked', seq, exists: true});
    expect(asked.browser!.prompt?.confirmReplace).toBe('./f.txt');
    expect(asked.dialog).toBeUndefined();
    const kept = run(asked, {type: 'replaceNo'});
    expect(kept.browser!.prompt?.confirmReplace).toBeUndefined();
    expect(kept.dialog).toBeUndefined();
    // Yes: the export is a job over the browser, told to replace; OK goes back to the browser.
    const replaced = run(asked, {type: 'replaceYes'});
    expect(replaced.browser!.prompt).toBeUndefined();
    expect(replaced.dialog).toMatchObject({kind: 'working', job: 'export', cancellable: true});
    expect((replaced.dialog as unknown as {requests: unknown[]}).requests).toEqual([
      expect.objectContaining({destination: './f.txt', overwrite: true, expected: 10, name: 'f.txt'}),
    ]);
    // Nothing there: the job starts at once, not replacing anything.
    const fresh = run(state, {type: 'exportChecked', seq, exists: false});
    expect((fresh.dialog as unknown as {requests: unknown[]}).requests).toEqual([
      expect.objectContaining({overwrite: false}),
    ]);
  });
});
