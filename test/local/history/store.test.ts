import {mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {History} from '../../../src/local/history/history.js';
import type {HistoryStore, ScanRecord} from '../../../src/local/history/store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const CREATED = '2025-12-01T00:00:00Z';

const opened: History[] = [];
async function fresh(path = join(mkdtempSync(join(tmpdir(), 'volscope-history-')), 'history.sqlite'), busyMs = 0) {
  const history = await History.open({path, busyMs});
  opened.push(history);
  return history;
}
afterEach(() => {
  for (const h of opened.splice(0)) h.close();
});

function scan(atMs: number, sizes: Record<string, number | null>, users: ScanRecord['users'] = []): ScanRecord {
  return {atMs, volumes: Object.entries(sizes).map(([name, bytes]) => ({name, created: CREATED, bytes})), users};
}

function store(history: History): HistoryStore {
  return history.use((s) => s)!;
}

describe('the history store', () => {
  it('keeps a point only when a size changes, and measures growth against the scan at the start of the window', async () => {
    const history = await fresh();
    for (let i = 0; i <= 48; i++)
      history.recordScan('id-1', 'prod', scan(T0 + i * HOUR, {db: i < 30 ? 1000 : 5000, logs: 7}));
    const s = store(history);
    const engine = s.engineId('id-1')!;
    expect(s.series(engine, 'logs', T0).length).toBe(1);
    expect(s.series(engine, 'db', T0).map((p) => p.bytes)).toEqual([1000, 5000]);
    const facts = s.facts(engine, DAY, T0 + 48 * HOUR);
    expect(facts.get('db')!.baseline).toEqual({bytes: 1000, atMs: T0 + 24 * HOUR, partial: false});
    expect(facts.get('logs')!.baseline!.bytes).toBe(7);
    // A window longer than the history: growth since its first scan, said to be partial.
    expect(s.facts(engine, 7 * DAY, T0 + 48 * HOUR).get('db')!.baseline).toEqual({
      bytes: 1000,
      atMs: T0,
      partial: true,
    });
  });

  it('has no baseline with one scan only, and a zero one for a volume made after the baseline scan', async () => {
    const history = await fresh();
    history.recordScan('id-1', 'prod', scan(T0, {a: 10}));
    const s = store(history);
    const engine = s.engineId('id-1')!;
    expect(s.facts(engine, DAY, T0).get('a')!.baseline).toBeUndefined();
    const later = new Date(T0 + HOUR).toISOString();
    history.recordScan('id-1', 'prod', {
      atMs: T0 + 2 * HOUR,
      volumes: [
        {name: 'a', created: CREATED, bytes: 10},
        {name: 'b', created: later, bytes: 500},
      ],
      users: [],
    });
    expect(s.facts(engine, DAY, T0 + 2 * HOUR).get('b')!.baseline).toEqual({bytes: 0, atMs: T0, partial: true});
  });

  it('thins points older than 7 days to one an hour and older than 90 days to one a day, keeping the size at every boundary', async () => {
    const history = await fresh();
    // Every 10 minutes for 100 days, the size changes each time.
    const sizeAt = (i: number) => 1000 + i;
    let last = 0;
    for (let i = 0; i < 100 * 144; i++) {
      last = T0 + i * 600_000;
      history.recordScan('id-1', 'prod', scan(last, {v: sizeAt(i)}));
    }
    const s = store(history);
    s.compact(last);
    const points = s.series(s.engineId('id-1')!, 'v', T0);
    const raw = points.filter((p) => p.atMs >= last - 7 * DAY);
    const hourly = points.filter((p) => p.atMs < last - 7 * DAY && p.atMs >= last - 90 * DAY);
    const daily = points.filter((p) => p.atMs < last - 90 * DAY);
    expect(raw.length).toBeGreaterThanOrEqual(7 * 144);
    // The edges: what aged since the last (hourly) compaction, and the bucket the cut falls in.
    expect(hourly.length).toBeLessThanOrEqual(83 * 24 + 12);
    expect(hourly.length).toBeGreaterThanOrEqual(82 * 24);
    const wholeDays = daily.filter((p) => p.atMs < Math.floor((last - 90 * DAY) / DAY) * DAY);
    expect(wholeDays.length).toBeLessThanOrEqual(10);
    expect(new Set(wholeDays.map((p) => Math.floor(p.atMs / DAY))).size).toBe(wholeDays.length);
    // Each kept point is the last of its hour: the size at the hour's end is still right.
    for (const p of hourly.slice(12, -12)) expect((p.atMs + 600_000) % HOUR).toBe(0);
    const before = points.length;
    s.compact(last);
    expect(s.series(s.engineId('id-1')!, 'v', T0).length).toBe(before);
  });

  it("follows a volume whose creation time moves (Docker reports its _data folder's mtime) and starts afresh once it was gone", async () => {
    const history = await fresh();
    history.recordScan('id-1', 'prod', scan(T0, {data: 9000}));
    const touched = new Date(T0 + HOUR).toISOString();
    history.recordScan('id-1', 'prod', {
      atMs: T0 + HOUR,
      volumes: [{name: 'data', created: touched, bytes: 9500}],
      users: [],
    });
    const s = store(history);
    const engine = s.engineId('id-1')!;
    expect(s.series(engine, 'data', T0).map((p) => p.bytes)).toEqual([9000, 9500]);
    // A whole scan without it: removed. Made again later, it is another volume.
    history.recordScan('id-1', 'prod', scan(T0 + 2 * HOUR, {other: 1}));
    const again = new Date(T0 + 2.5 * HOUR).toISOString();
    history.recordScan('id-1', 'prod', {
      atMs: T0 + 3 * HOUR,
      volumes: [{name: 'data', created: again, bytes: 10}],
      users: [],
    });
    expect(s.series(engine, 'data', T0).map((p) => p.bytes)).toEqual([10]);
    expect(s.facts(engine, DAY, T0 + 3 * HOUR).get('data')).toMatchObject({created: again, baseline: {bytes: 0}});
    // The TUI ends a lifetime when a list no longer shows the name.
    s.endVolumes(engine, ['data'], T0 + 3.5 * HOUR);
    history.recordScan('id-1', 'prod', {
      atMs: T0 + 4 * HOUR,
      volumes: [{name: 'data', created: again, bytes: 20}],
      users: [],
    });
    expect(s.series(engine, 'data', T0).map((p) => p.bytes)).toEqual([20]);
  });

  it('knows an engine by its identity across the names that reached it, and forgets by either', async () => {
    const history = await fresh();
    history.recordScan('id-1', 'old-context', scan(T0, {a: 1}));
    history.recordScan('id-1', 'renamed', scan(T0 + HOUR, {a: 2}));
    history.recordScan('id-2', 'other', scan(T0, {a: 1}));
    const s = store(history);
    expect(s.summary().map((e) => [e.identity, e.name, e.points])).toEqual([
      ['id-1', 'renamed', 2],
      ['id-2', 'other', 1],
    ]);
    expect(s.forget('renamed')).toBe(1);
    expect(s.summary().map((e) => e.identity)).toEqual(['id-2']);
    expect(s.forget()).toBe(1);
    expect(s.summary()).toEqual([]);
  });

  it('remembers who mounted a volume after the container is gone', async () => {
    const history = await fresh();
    const web = {volume: 'data', created: CREATED, id: 'c1', name: 'web-1'};
    history.recordScan('id-1', 'prod', scan(T0, {data: 1}, [web]));
    history.recordScan('id-1', 'prod', scan(T0 + HOUR, {data: 1}, [web, {...web, id: 'c2', name: 'job'}]));
    history.recordScan('id-1', 'prod', scan(T0 + 2 * HOUR, {data: 1}));
    const s = store(history);
    expect(s.facts(s.engineId('id-1')!, DAY, T0 + 2 * HOUR).get('data')!.users).toEqual([
      expect.objectContaining({id: 'c1', name: 'web-1', lastSeenMs: T0 + HOUR}),
      expect.objectContaining({id: 'c2', name: 'job', lastSeenMs: T0 + HOUR}),
    ]);
  });

  it('a clock that jumps back records after the newest scan, never before it', async () => {
    const history = await fresh();
    history.recordScan('id-1', 'prod', scan(T0, {a: 1}));
    const at = history.recordScan('id-1', 'prod', scan(T0 - HOUR, {a: 5}));
    expect(at).toBe(T0 + 1000);
    const s = store(history);
    expect(s.series(s.engineId('id-1')!, 'a', T0 - DAY).map((p) => p.bytes)).toEqual([1, 5]);
    // A newest scan far in the future was a wrong clock: it is not followed.
    history.recordScan('id-1', 'prod', scan(T0 + 400 * DAY, {a: 6}));
    expect(history.recordScan('id-1', 'prod', scan(T0 + 2 * HOUR, {a: 7}))).toBe(T0 + 2 * HOUR);
  });

  it('moves a corrupt or foreign file aside with one line and starts afresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'volscope-history-'));
    const path = join(dir, 'history.sqlite');
    writeFileSync(path, 'this is not a database, it is a shopping list\n'.repeat(200));
    const history = await fresh(path);
    expect(history.on).toBe(true);
    expect(history.note).toMatch(/could not be read .*moved aside to .*history\.sqlite\.unreadable-/);
    expect(history.recordScan('id-1', 'prod', scan(T0, {a: 1}))).toBe(T0);
    expect(readdirSync(dir).filter((n) => n.includes('unreadable'))).toHaveLength(1);
    history.close();

    const foreign = join(dir, 'foreign.sqlite');
    const {DatabaseSync} = await import('node:sqlite');
    const other = new DatabaseSync(foreign);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    const second = await fresh(foreign);
    expect(second.note).toMatch(/another program’s database/);
    expect(second.on).toBe(true);
  });

  it('turns itself off with one line when the folder cannot be written, and throws nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'volscope-history-')), 'a-file');
    writeFileSync(file, '');
    const history = await fresh(join(file, 'volscope', 'history.sqlite'));
    expect(history.on).toBe(false);
    expect(history.note).toMatch(/^history off: /);
    expect(history.recordScan('id-1', 'prod', scan(T0, {a: 1}))).toBeUndefined();
  });

  it('two writers: the one that finds the file busy skips its write and stays on; readers never wait', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'volscope-history-')), 'history.sqlite');
    const cron = await fresh(path, 0);
    const tui = await fresh(path, 0);
    cron.recordScan('id-1', 'prod', scan(T0, {a: 1}));
    const held = store(cron);
    held.db.exec('BEGIN IMMEDIATE');
    held.db.exec("INSERT INTO meta (key, value) VALUES ('held', '1')");
    expect(tui.recordScan('id-1', 'prod', scan(T0 + HOUR, {a: 2}))).toBeUndefined();
    expect(tui.on).toBe(true);
    const s = store(tui);
    expect(s.facts(s.engineId('id-1')!, DAY, T0 + HOUR).get('a')).toBeDefined();
    held.db.exec('COMMIT');
    expect(tui.recordScan('id-1', 'prod', scan(T0 + HOUR, {a: 2}))).toBe(T0 + HOUR);
  });
});
