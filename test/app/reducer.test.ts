import {describe, expect, it} from 'vitest';
import type {Action} from '../../src/app/actions.js';
import {reducer} from '../../src/app/reducer.js';
import {type AppState, initialState} from '../../src/app/state.js';
import {parseKeys} from '../../src/keymap/parse.js';
import {container, manyVolumes, usage, volume} from '../helpers/fixtures.js';
import {oneEngine, snapshot} from '../helpers/snapshot.js';

const run = (state: AppState, ...actions: Action[]) => actions.reduce(reducer, state);
/** Feeds raw terminal bytes through the parser into the reducer, like the app does. */
const type = (state: AppState, data: string) =>
  parseKeys(data).reduce(
    (s, {input, key}) => reducer(s, {type: 'key', input, key, nowMs: Date.UTC(2026, 11, 1, 12)}),
    state,
  );
const names = (state: AppState) => state.visible.map((r) => r.volume.name);

const base = run(
  oneEngine(initialState),
  {type: 'resize', pageSize: 3},
  {
    type: 'data',
    engine: 'local',
    snapshot: snapshot(
      [volume('alpha'), volume('bravo'), volume('charlie'), volume('delta'), volume('echo')],
      [container('web', 'running', [['charlie', '/c']])],
      usage({alpha: 5, bravo: 50, charlie: 500, delta: 1, echo: 10}),
    ),
  },
);

describe('reducer: navigation', () => {
  it('moves, pages and jumps within bounds, keeping the cursor in the window', () => {
    let s = type(base, 'jj');
    expect([s.cursor, s.selectedKey, s.top]).toEqual([2, 'local:charlie', 0]);
    s = type(s, 'j');
    expect([s.cursor, s.top]).toEqual([3, 1]);
    s = type(s, 'G');
    expect([s.cursor, s.selectedKey, s.top]).toEqual([4, 'local:echo', 2]);
    s = type(s, '\u001b[5~');
    expect(s.cursor).toBe(1);
    s = type(s, 'g');
    expect([s.cursor, s.top]).toEqual([0, 0]);
  });

  it('returns the same state for a move that changes nothing (no re-render)', () => {
    expect(type(base, 'k')).toBe(base);
    const bottom = type(base, 'G');
    expect(type(bottom, 'j')).toBe(bottom);
  });
});

describe('reducer: the selection follows the volume', () => {
  it('across a refresh that inserts volumes before it', () => {
    const s = type(base, 'jj');
    const refreshed = run(s, {
      type: 'data',
      engine: 'local',
      snapshot: snapshot([volume('aa'), volume('ab'), volume('alpha'), volume('bravo'), volume('charlie')]),
    });
    expect(refreshed.selectedKey).toBe('local:charlie');
    expect(refreshed.cursor).toBe(4);
  });

  it('across refreshes and filters; a sort goes to the top of the new order', () => {
    let s = type(base, 'j'); // bravo
    s = type(s, 'S');
    expect(names(s)).toEqual(['charlie', 'bravo', 'echo', 'alpha', 'delta']);
    expect([s.selectedKey, s.cursor, s.top]).toEqual(['local:charlie', 0, 0]);
    s = type(s, 'j'); // bravo again
    s = run(s, {
      type: 'data',
      engine: 'local',
      snapshot: snapshot(
        [volume('alpha'), volume('bravo'), volume('charlie'), volume('delta'), volume('echo')],
        [],
        usage({alpha: 5, bravo: 50, charlie: 500, delta: 1, echo: 10}),
      ),
    });
    expect(s.selectedKey).toBe('local:bravo');
    s = type(s, 'S');
    expect(names(s)[0]).toBe('delta');
    expect(s.selectedKey).toBe('local:delta');
    s = type(s, 'jjj');
    const kept = s.selectedKey;
    s = type(s, '/a\r');
    expect(s.selectedKey).toBe(kept);
  });

  it('moves to the nearest row when the selected volume disappears', () => {
    const s = type(base, 'jjj'); // delta
    const gone = run(s, {
      type: 'data',
      engine: 'local',
      snapshot: snapshot([volume('alpha'), volume('bravo'), volume('charlie'), volume('echo')]),
    });
    expect(gone.selectedKey).toBe('local:echo');
  });
});

describe('reducer: filter prompt', () => {
  it('narrows as you type, Enter keeps it, Esc in the table clears it', () => {
    let s = type(base, '/');
    expect(s.filterEditing).toBe(true);
    s = type(s, 'e');
    expect(names(s)).toEqual(['charlie', 'delta', 'echo']);
    s = type(s, 'c');
    expect(names(s)).toEqual(['echo']);
    s = type(s, '\u007f\r');
    expect([s.filterEditing, s.filter.text]).toEqual([false, 'e']);
    s = type(s, '\u001b');
    expect([s.filter.text, s.visible.length]).toEqual(['', 5]);
  });

  it('treats q, j and sort keys as text while typing; Esc cancels; Ctrl+U erases', () => {
    let s = type(base, '/qjS');
    expect([s.filter.text, s.quitRequested]).toEqual(['qjS', false]);
    s = type(s, '\u0015');
    expect(s.filter.text).toBe('');
    s = type(s, 'x\u001b');
    expect([s.filterEditing, s.filter.text]).toEqual([false, '']);
  });

  it('does not take control sequences pasted into the prompt as text', () => {
    const s = type(base, '/a\u001b[31mb');
    expect(s.filter.text).not.toContain('\u001b');
  });

  it('Ctrl+C quits even while typing', () => {
    expect(type(base, '/ab\u0003').quitRequested).toBe(true);
  });
});

describe('reducer: views', () => {
  it('opens details of the selected volume, Esc returns, help overlays any view', () => {
    let s = type(base, 'jji');
    expect([s.view, s.selectedKey]).toEqual(['details', 'local:charlie']);
    s = type(s, '?');
    expect(s.helpFor).toBe('details');
    s = type(s, '\u001b');
    expect([s.helpFor, s.view]).toEqual([undefined, 'details']);
    s = type(s, '\u001b');
    expect(s.view).toBe('table');
  });

  it('toggles unused only, and quits on q', () => {
    const s = type(base, 'u');
    expect(names(s)).toEqual(['alpha', 'bravo', 'delta', 'echo']);
    expect(type(s, 'u').visible.length).toBe(5);
    expect(type(base, 'q').quitRequested).toBe(true);
  });

  it('requests a refresh on r', () => {
    expect(type(base, 'r').refreshSeq).toBe(1);
  });

  it('leaves details when the volume is removed from outside', () => {
    const s = type(base, 'jji');
    const after = run(s, {type: 'data', engine: 'local', snapshot: snapshot([volume('alpha')])});
    expect(after.view).toBe('table');
  });
});

describe('reducer: 10,000 volumes', () => {
  it('navigates to the end and back without copying more than it must', () => {
    const {volumes, usage: sizes} = manyVolumes(10_000);
    let s = run(
      oneEngine(initialState),
      {type: 'resize', pageSize: 20},
      {type: 'data', engine: 'local', snapshot: snapshot(volumes, [], sizes)},
    );
    s = type(s, 'G');
    expect([s.selectedKey, s.top]).toEqual(['local:vol-09999', 9980]);
    s = type(s, 'S');
    expect([s.cursor, s.selectedKey]).toEqual([0, 'local:vol-09999']);
  });
});

describe('reducer: data', () => {
  it('returns the same state for the same snapshot (the App hands it over twice at start)', () => {
    const snap = snapshot([volume('a')]);
    const once = reducer(oneEngine(initialState), {type: 'data', engine: 'local', snapshot: snap});
    expect(reducer(once, {type: 'data', engine: 'local', snapshot: snap})).toBe(once);
  });
});

describe('reducer: engine picker and pending calls', () => {
  const items = [
    {name: 'default', description: '', endpoint: 'unix:///var/run/docker.sock', current: false},
    {name: 'prod', description: '', endpoint: 'ssh://prod', current: true},
    {name: 'test', description: '', endpoint: 'tcp://t:2376', current: false},
  ];
  it('opens on e with the cursor on the context in use, takes keys only while not connecting, and drops late answers', () => {
    let s = type(base, 'e');
    const seq = s.picker!.seq;
    s = run(s, {type: 'pickerItems', seq: seq - 1, items});
    expect(s.picker!.items).toBeUndefined();
    s = run(s, {type: 'pickerItems', seq, items});
    expect(s.picker!.cursor).toBe(1);
    // q still quits from the picker; j/k move in it, not in the table behind.
    s = type(s, 'j');
    expect([s.picker!.cursor, s.cursor]).toEqual([2, 0]);
    s = type(s, '\r');
    expect(s.picker!.connecting).toEqual(['test']);
    expect(type(s, 'k').picker!.cursor).toBe(2);
    const failed = run(s, {type: 'pickerFailed', seq: s.picker!.seq, message: 'refused'});
    expect([failed.picker!.connecting, failed.picker!.error]).toEqual([undefined, 'refused']);
    expect(run(s, {type: 'pickerFailed', seq: seq, message: 'late'}).picker!.error).toBeUndefined();
    expect(type(s, '\u001b').picker).toBeUndefined();
    expect(type(type(base, 'e'), 'q').quitRequested).toBe(true);
  });

  it('Esc in the table cancels what waits on the engine before it clears the filter', () => {
    let s = type(base, '/al\r');
    const waiting = run(s, {type: 'data', engine: 'local', snapshot: {...s.engines[0]!.snapshot!, sizingSince: 1}});
    s = type(waiting, '\u001b');
    expect([s.cancelSeq, s.filter.text]).toEqual([1, 'al']);
    s = run(s, {type: 'data', engine: 'local', snapshot: {...s.engines[0]!.snapshot!, sizingSince: undefined}});
    s = type(s, '\u001b');
    expect([s.cancelSeq, s.filter.text]).toEqual([1, '']);
  });
});

describe('reducer: several engines', () => {
  const two = {
    ...initialState,
    engines: ['beta', 'alpha'].map((name) => ({
      name,
      snapshot: undefined,
      rows: [],
      pruneByLabel: true,
      dockerFlags: '',
    })),
  };
  it('keeps the cursor on the first row while engines answer one by one, and follows the volume once the user moved', () => {
    let s = run(
      two,
      {type: 'resize', pageSize: 10},
      {type: 'data', engine: 'beta', snapshot: snapshot([volume('m'), volume('z')])},
    );
    expect(s.selectedKey).toBe('beta:m');
    s = run(s, {type: 'data', engine: 'alpha', snapshot: snapshot([volume('a'), volume('m')])});
    // alpha's `a` sorts first: the cursor is on it, not left on beta's `m` mid-table.
    expect([s.cursor, s.selectedKey]).toEqual([0, 'alpha:a']);
    expect(s.visible.map((row) => row.key)).toEqual(['alpha:a', 'alpha:m', 'beta:m', 'beta:z']);
    s = type(s, 'jj');
    expect(s.selectedKey).toBe('beta:m');
    s = run(s, {type: 'data', engine: 'alpha', snapshot: snapshot([volume('0-first'), volume('a'), volume('m')])});
    expect([s.cursor, s.selectedKey]).toEqual([3, 'beta:m']);
  });
});
