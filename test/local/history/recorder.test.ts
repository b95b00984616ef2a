import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, expect, it} from 'vitest';
import {History} from '../../../src/local/history/history.js';
import {EngineRecorder} from '../../../src/local/history/recorder.js';
import type {Snapshot} from '../../../src/model/records.js';
import {volume} from '../../helpers/fixtures.js';

const opened: History[] = [];
const recorders: EngineRecorder[] = [];
afterEach(() => {
  for (const r of recorders.splice(0)) r.stop();
  for (const h of opened.splice(0)) h.close();
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}

it('a scan held up by another writer is written once that writer is done, without waiting on the event loop', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'volscope-recorder-')), 'history.sqlite');
  const cron = await History.open({path});
  const tui = await History.open({path, busyMs: 0});
  opened.push(cron, tui);
  // The other writer (a cron `record`) holds the file.
  const held = cron.use((s) => s)!;
  held.db.exec('BEGIN IMMEDIATE');
  let attempts = 0;
  const use = tui.use.bind(tui);
  tui.use = ((work: Parameters<History['use']>[0]) => {
    attempts += 1;
    return use(work);
  }) as History['use'];

  const snapshot: Snapshot = {
    volumes: [volume('db')],
    containers: [],
    usage: new Map([['db', {size: 5000, refCount: 0}]]),
    usageAt: Date.now(),
    sizingSince: undefined,
    listingSince: undefined,
    listed: true,
    connection: 'connected',
    error: undefined,
    address: 'memory://test',
  };
  const recorder = new EngineRecorder(
    Promise.resolve(tui),
    {subscribe: () => () => {}, getSnapshot: () => snapshot},
    async () => 'engine-1',
    'local',
    '24h',
  );
  recorders.push(recorder);
  recorder.start();
  // It tried, found the file busy, and is trying again later; the history is still on.
  await until(() => attempts >= 2);
  expect(tui.on).toBe(true);
  expect(recorder.getSnapshot().view).toBeUndefined();
  held.db.exec('COMMIT');
  await until(() => recorder.getSnapshot().view?.facts.has('db') === true);
  expect(recorder.getSnapshot().view!.facts.get('db')!.firstSeenMs).toBeGreaterThan(0);
}, 20_000);
