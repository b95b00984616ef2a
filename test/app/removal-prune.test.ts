import {describe, expect, it} from 'vitest';
import type {Action} from '../../src/app/actions.js';
import type {RemovalDialog} from '../../src/app/dialogs/remove.js';
import {reducer} from '../../src/app/reducer.js';
import {type AppState, initialState} from '../../src/app/state.js';
import {container, HEX, usage, volume} from '../helpers/fixtures.js';
import {oneEngine, snapshot} from '../helpers/snapshot.js';

/** The removal and prune flows decide what gets deleted: tested here without any screen. */
const run = (state: AppState, ...actions: Action[]) => actions.reduce(reducer, state);
const type = (text: string): Action => ({type: 'edit', op: {op: 'insert', text}});
const LABELLED = 'f'.repeat(64);

const base = run(
  oneEngine(initialState, true),
  {type: 'resize', pageSize: 10},
  {
    type: 'data',
    engine: 'local',
    snapshot: snapshot(
      [
        volume('cache'),
        volume('db'),
        volume('logs'),
        volume(HEX),
        volume(LABELLED, {labels: {'com.docker.volume.anonymous': ''}}),
      ],
      [container('web', 'running', [['db', '/d']])],
      usage({cache: 100, db: 1000, logs: 10, [HEX]: 1, [LABELLED]: 5}),
    ),
  },
);
const select = (state: AppState, name: string) =>
  run(state, {type: 'move', delta: state.visible.findIndex((r) => r.volume.name === name) - state.cursor});
const removing = (state: AppState) => {
  const dialog = state.dialog as Extract<RemovalDialog, {kind: 'removing'}>;
  return {...dialog, names: dialog.volumes.map((v) => v.name)};
};

describe('removal flow', () => {
  it('asks with Cancel focused: Enter there removes nothing', () => {
    const asked = run(select(base, 'cache'), {type: 'removeAsk'});
    expect(asked.dialog).toMatchObject({
      kind: 'remove',
      volumes: [{engine: 'local', name: 'cache'}],
      blocked: [],
      focus: 'cancel',
    });
    const cancelled = run(asked, {type: 'dialogPress'});
    expect(cancelled.dialog).toBeUndefined();
    expect(cancelled.seq).toBe(asked.seq);
  });

  it('freezes exactly the confirmed names; a used volume is named as kept, never tried', () => {
    let s = run(select(base, 'cache'), {type: 'mark'});
    s = run(select(s, 'db'), {type: 'mark'}, {type: 'removeAsk'});
    expect(s.dialog).toMatchObject({
      kind: 'remove',
      volumes: [{engine: 'local', name: 'cache'}],
      blocked: [{engine: 'local', name: 'db', holders: 'web (running)'}],
    });
    s = run(s, {type: 'dialogFocus'}, {type: 'dialogPress'});
    expect(removing(s)).toMatchObject({kind: 'removing', volumes: [{engine: 'local', name: 'cache'}], seq: s.seq});
    // The removed name's mark goes with it; the kept one stays marked.
    expect([...s.marks]).toEqual(['local:db']);
  });

  it('only a used volume: says why and what frees it, nothing to confirm', () => {
    const s = run(select(base, 'db'), {type: 'removeAsk'});
    expect(s.dialog).toMatchObject({kind: 'blocked', blocked: [{name: 'db'}]});
    expect(run(s, {type: 'dialogPress'}).dialog).toBeUndefined();
  });

  it('collects each outcome, drops a late one of another run, and sums what was reclaimed', () => {
    let s = run(base, {type: 'markAll'}, {type: 'removeAsk'}, {type: 'dialogFocus'}, {type: 'dialogPress'});
    const {seq, names} = removing(s);
    expect([...names].sort()).toEqual([HEX, 'cache', LABELLED, 'logs'].sort());
    expect(run(s, {type: 'removed', seq: seq - 1, engine: 'local', outcome: {name: 'cache', removed: true}})).toBe(s);
    for (const name of names) {
      s = run(
        s,
        name === 'logs'
          ? {
              type: 'removed',
              seq,
              engine: 'local',
              outcome: {name, removed: false, reason: 'inUse', message: 'in use', containerIds: ['x']},
              why: 'logs: in use by late (attached since the list was made): kept.',
            }
          : {type: 'removed', seq, engine: 'local', outcome: {name, removed: true}},
      );
    }
    expect(s.dialog).toMatchObject({kind: 'removed', reclaimed: 100 + 1 + 5});
    expect((s.dialog as Extract<RemovalDialog, {kind: 'removed'}>).why.get('local:logs')).toMatch(/in use by late/);
    // Esc while removing does not abandon the run half-told.
    const midway = run(base, {type: 'removeAsk'}, {type: 'dialogFocus'}, {type: 'dialogPress'});
    expect(run(midway, {type: 'dialogCancel'})).toBe(midway);
  });

  it('under --read-only marks, removal, prune and create never open', () => {
    const ro = {...base, readOnly: true};
    for (const type of ['mark', 'markAll', 'removeAsk', 'pruneAsk', 'createAsk', 'cloneAsk', 'restoreAsk'] as const)
      expect(run(ro, {type})).toBe(ro);
  });
});

describe('prune flow', () => {
  it('anonymous scope: exactly the unused anonymous volumes the engine would take (by label on API >= 1.42)', () => {
    let s = run(base, {type: 'pruneAsk'}, {type: 'dialogFocus'}, {type: 'dialogPress'});
    expect(removing(s).names).toEqual([LABELLED]);
    s = run(
      {...base, engines: base.engines.map((e) => ({...e, pruneByLabel: false}))},
      {type: 'pruneAsk'},
      {type: 'dialogFocus'},
      {type: 'dialogPress'},
    );
    expect([...removing(s).names].sort()).toEqual([HEX, LABELLED].sort());
  });

  it('all scope: named volumes go only once prune is typed, and never a used one', () => {
    let s = run(base, {type: 'pruneAsk'}, {type: 'pruneScope'});
    expect(s.dialog).toMatchObject({kind: 'prune', scope: 'all'});
    expect(run(s, {type: 'dialogPress'})).toBe(s);
    s = run(s, type('prun'), {type: 'dialogSubmit'});
    expect(s.dialog).toMatchObject({kind: 'prune'});
    s = run(s, type('e'), {type: 'dialogSubmit'});
    expect([...removing(s).names].sort()).toEqual(['cache', 'logs', HEX, LABELLED].sort());
  });

  it('switching scope forgets what was typed; Esc removes nothing', () => {
    const typed = run(base, {type: 'pruneAsk'}, {type: 'pruneScope'}, type('prune'));
    const back = run(typed, {type: 'pruneScope'}, {type: 'pruneScope'});
    expect(back.dialog).toMatchObject({scope: 'all', typed: {text: ''}});
    expect(run(typed, {type: 'dialogCancel'}).dialog).toBeUndefined();
  });

  it('removes the list as previewed, not one recomputed later', () => {
    const asked = run(base, {type: 'pruneAsk'}, {type: 'pruneScope'}, type('prune'));
    const s = run(asked, {type: 'dialogSubmit'});
    // A volume that appears after the removal started is not in the frozen list.
    const later = run(s, {
      type: 'data',
      engine: 'local',
      snapshot: snapshot(
        [...s.engines[0]!.snapshot!.volumes, volume('new-unused')],
        [...s.engines[0]!.snapshot!.containers],
        s.engines[0]!.snapshot!.usage as never,
      ),
    });
    expect(removing(later).names).not.toContain('new-unused');
  });
});

describe('dialog lists and the engine picker share the list view', () => {
  it('a long prune preview scrolls to its last page and no further; the picker window follows its cursor', () => {
    const many = run(
      oneEngine(initialState, false),
      {type: 'resize', pageSize: 10},
      {
        type: 'data',
        engine: 'local',
        snapshot: snapshot(
          Array.from({length: 40}, (_, i) => volume(`${String(i).padStart(2, '0')}${'a'.repeat(62)}`)),
        ),
      },
    );
    const room = 10 + 2 - 7;
    const scrolled = run(many, {type: 'pruneAsk'}, {type: 'jump', to: 'bottom'});
    expect(scrolled.dialog).toMatchObject({kind: 'prune', scroll: 40 - room});
    expect(run(scrolled, {type: 'move', delta: -1}).dialog).toMatchObject({scroll: 40 - room - 1});

    const items = Array.from({length: 30}, (_, i) => ({
      name: `ctx-${i}`,
      description: '',
      endpoint: 'unix:///x',
      current: i === 25,
    }));
    let s = run(many, {type: 'pickerOpen'});
    s = run(s, {type: 'pickerItems', seq: s.picker!.seq, items});
    const pickerRoom = 10 + 2 - 4;
    expect(s.picker).toMatchObject({cursor: 25, top: 25 - pickerRoom + 1});
    s = run(s, ...Array.from({length: 25}, (): Action => ({type: 'pickerMove', delta: -1})));
    expect(s.picker).toMatchObject({cursor: 0, top: 0});
  });
});
