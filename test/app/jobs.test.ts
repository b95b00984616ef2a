import {describe, expect, it} from 'vitest';
import type {Action} from '../../src/app/actions.js';
import type {AnyJobResult, JobWorking} from '../../src/app/jobs/job.js';
import {runJob} from '../../src/app/jobs/run-job.js';
import type {EngineLink, VolumeJobs} from '../../src/app/ports.js';
import {reducer} from '../../src/app/reducer.js';
import {type AppState, initialState} from '../../src/app/state.js';
import {parseKeys} from '../../src/keymap/parse.js';
import {container, usage, volume} from '../helpers/fixtures.js';
import {
  backupOutcome,
  cloneResult,
  done,
  emptyOutcome,
  exportResult,
  restoreFilesResult,
  failed,
  renameResult,
  restoreResult,
} from '../helpers/job-results.js';
import {oneEngine, snapshot} from '../helpers/snapshot.js';

const run = (state: AppState, ...actions: Action[]) => actions.reduce(reducer, state);
const type = (state: AppState, data: string) =>
  parseKeys(data).reduce(
    (s, {input, key}) => reducer(s, {type: 'key', input, key, nowMs: Date.UTC(2026, 11, 1, 12)}),
    state,
  );

const withVolumes = (state: AppState) =>
  run(
    oneEngine(state),
    {type: 'resize', pageSize: 10},
    {
      type: 'data',
      engine: 'local',
      snapshot: snapshot(
        [volume('alpha'), volume('bravo')],
        [container('web', 'running', [['alpha', '/a']])],
        usage({alpha: 5, bravo: 50}),
      ),
    },
  );
const base = withVolumes(initialState);

/** Marks both volumes and confirms a backup of them into /b: a job of two requests. */
function backupBoth(state: AppState): AppState {
  return type(type(state, ' j b'), '\u0015/b\r');
}
const workingOf = (state: AppState) => state.dialog as JobWorking<'backup'>;
const ok: AnyJobResult = done(backupOutcome('/b/x.tar.gz'));

describe('the job runner: one working/done state for every operation', () => {
  it('runs each request in turn, drops a late result of an earlier job, and ends on the last one', () => {
    let s = backupBoth(base);
    const working = workingOf(s);
    expect(working).toMatchObject({kind: 'working', job: 'backup', cancellable: true, results: []});
    expect(working.requests.map((r) => r.volume)).toEqual(['alpha', 'bravo']);
    expect(reducer(s, {type: 'jobFinished', seq: working.seq - 1, result: ok})).toBe(s);
    s = run(s, {type: 'jobProgress', seq: working.seq, progress: {bytes: 10, written: 4, startedMs: 0, nowMs: 1}});
    expect(workingOf(s).progress).toEqual({bytes: 10, written: 4, startedMs: 0, nowMs: 1});
    s = run(s, {type: 'jobFinished', seq: working.seq, result: ok});
    expect(workingOf(s)).toMatchObject({kind: 'working', results: [ok], progress: undefined});
    s = run(s, {type: 'jobFinished', seq: working.seq, result: ok});
    expect(s.dialog).toMatchObject({kind: 'done', job: 'backup', results: [ok, ok]});
    expect(type(s, '\r').dialog).toBeUndefined();
  });

  it('Esc marks a cancellable job cancelled (its hook aborts it) and the result of the one under way ends it', () => {
    let s = backupBoth(base);
    const seq = workingOf(s).seq;
    s = type(s, '\u001b');
    expect(workingOf(s).cancelled).toBe(true);
    expect(type(s, '\u001b')).toBe(s);
    s = run(s, {type: 'jobFinished', seq, result: failed('cancelled', 'Cancelled.')});
    expect(s.dialog).toMatchObject({kind: 'done', results: [{ok: false}]});
  });

  it('an emptying is not cancellable: Esc leaves it running', () => {
    let s = type(base, 'E');
    s = type(s, 'alpha\t\r');
    expect(s.dialog).toMatchObject({kind: 'working', job: 'empty', cancellable: false});
    expect(type(s, '\u001b')).toBe(s);
  });

  it('under --read-only the backup dialog offers no stopping of containers: Tab changes nothing and nothing is asked to stop', () => {
    let s = withVolumes({...initialState, readOnly: true});
    s = type(s, 'b');
    expect(s.dialog).toMatchObject({kind: 'backupPrompt', stop: false});
    expect((s.dialog as {warning?: string}).warning).toContain('web');
    expect(type(s, '\t')).toBe(s);
    s = type(s, '\u0015/b.tar.gz\r');
    expect(workingOf(s).requests).toEqual([expect.objectContaining({volume: 'alpha', stopContainers: false})]);
  });
});

describe('runJob: abort and failures in one place', () => {
  const link = (jobs: Partial<VolumeJobs>): ReadonlyMap<string, EngineLink> =>
    new Map([['local', {name: 'local', dockerFlags: '', source: undefined as never, jobs: jobs as VolumeJobs}]]);
  const requests = [
    {engine: 'local', volume: 'a', path: '/a', expected: undefined, stopContainers: false},
    {engine: 'local', volume: 'b', path: '/b', expected: undefined, stopContainers: false},
  ];
  const working = {job: 'backup' as const, seq: 7, requests};

  it('reports each request tagged with the seq; a run that throws is the engine failure, not lost', async () => {
    const events: Action[] = [];
    const jobs: Partial<VolumeJobs> = {
      backup: async ({volume}) => {
        if (volume === 'b') throw new Error('socket hang up');
        return done(backupOutcome('/a'));
      },
    };
    await runJob(working, link(jobs), new AbortController().signal, (e) => events.push(e));
    expect(events).toEqual([
      {type: 'jobFinished', seq: 7, result: done(backupOutcome('/a'))},
      {
        type: 'jobFinished',
        seq: 7,
        result: {ok: false, failure: {reason: 'engine', message: expect.stringContaining('socket hang up')}},
      },
    ]);
  });

  it('after an abort the remaining requests do not start', async () => {
    const controller = new AbortController();
    const started: string[] = [];
    const jobs: Partial<VolumeJobs> = {
      backup: async ({volume}) => {
        started.push(volume);
        controller.abort();
        return failed('cancelled', 'Cancelled.');
      },
    };
    const events: Action[] = [];
    await runJob(working, link(jobs), controller.signal, (e) => events.push(e));
    expect(started).toEqual(['a']);
    expect(events).toHaveLength(1);
  });

  it('an engine without the port: each request says it is not available there', async () => {
    const events: Action[] = [];
    await runJob(
      {
        job: 'clone',
        seq: 1,
        requests: [{engine: 'gone', source: 'a', targetEngine: 'gone', target: 'b', labels: true, expected: undefined}],
      },
      link({}),
      new AbortController().signal,
      (e) => events.push(e),
    );
    expect(events).toEqual([
      {
        type: 'jobFinished',
        seq: 1,
        result: {ok: false, failure: {reason: 'unavailable', message: 'clone is not available on gone'}},
      },
    ]);
  });

  it('phases pass at once; byte counts are throttled to one report per half second', async () => {
    const events: Action[] = [];
    const jobs: Partial<VolumeJobs> = {
      empty: async ({volume}, {onPhase}) => {
        onPhase('emptying');
        onPhase('checking');
        return done(emptyOutcome(volume));
      },
      rename: async (_request, {onProgress}) => {
        for (let i = 1; i <= 100; i++) onProgress(i);
        return done(renameResult());
      },
    };
    await runJob(
      {job: 'empty', seq: 2, requests: [{engine: 'local', volume: 'a', stopContainers: false}]},
      link(jobs),
      new AbortController().signal,
      (e) => events.push(e),
    );
    expect(
      events
        .filter((e) => e.type === 'jobProgress')
        .map((e) => (e.type === 'jobProgress' ? e.progress.phase : undefined)),
    ).toEqual(['emptying', 'checking']);
    events.length = 0;
    await runJob(
      {job: 'rename', seq: 3, requests: [{engine: 'local', volume: 'a', target: 'b', expected: undefined}]},
      link(jobs),
      new AbortController().signal,
      (e) => events.push(e),
    );
    expect(events.filter((e) => e.type === 'jobProgress')).toEqual([
      {type: 'jobProgress', seq: 3, progress: expect.objectContaining({bytes: 1})},
    ]);
  });
});

// Referenced so that a kind added to the port without a fake here fails to compile.
const everyKind: VolumeJobs = {
  backup: async ({path}) => done(backupOutcome(path)),
  clone: async () => done(cloneResult()),
  restore: async () => done(restoreResult()),
  empty: async ({volume}) => done(emptyOutcome(volume)),
  rename: async () => done(renameResult()),
  export: async ({destination}) => done(exportResult(destination)),
  restoreFiles: async ({paths}) => done(restoreFilesResult(paths)),
  copyIn: async () => done({bytes: 10}),
  edit: async () => done({written: true, backup: false}),
};
void everyKind;
