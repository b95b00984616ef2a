// The size history: how big a year of it gets at 10,000 volumes, what a record costs against that
// store, and whether the TUI starts and sits in memory the same with a full store, an empty one
// and none (--no-history).
//   node bench/run.js --only history
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createFixture} from './fixture.js';
import {median, memory, sleep} from './proc.js';
import {Tmux} from './scale.js';

const {History} = await import('../dist/local/history/history.js');
const {RAW_DAYS, HOURLY_DAYS} = await import('../dist/local/history/schema.js');

const HOUR = 3600;
const DAY = 24 * HOUR;
const VOLUMES = 10_000;
/** The simulated fleet: most volumes sit still, a fifth change once a day, a few change all the time. */
const BUSY = 0.02;
const DAILY = 0.2;

/**
 * What a year of hourly `volscope record`s leaves after thinning, written straight into the
 * schema (a year of real records is 8,760 scans of 10,000 volumes: hours): raw points for the
 * last 7 days, hourly to 90, daily beyond; a point only where a size changed. Then the real
 * compaction runs over it, and real records are timed against it.
 */
function simulateYear(history, identity, names, nowS) {
  const store = history.use((s) => s);
  const db = store.db;
  const engine = store.engine(identity, 'bench', nowS * 1000);
  const start = nowS - 365 * DAY;
  const scanTimes = [];
  for (let t = start; t <= nowS; t += HOUR) {
    const age = nowS - t;
    if (age > HOURLY_DAYS * DAY && (t - start) % DAY !== 0) continue;
    scanTimes.push(t);
  }
  let points = 0;
  db.exec('BEGIN');
  const addScan = db.prepare('INSERT OR IGNORE INTO scan (engine, at) VALUES (?, ?)');
  for (const t of scanTimes) addScan.run(engine, t);
  const addVolume = db.prepare(
    'INSERT INTO volume (engine, name, created, first_seen, last_seen, last_bytes) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
  );
  const addPoint = db.prepare('INSERT OR REPLACE INTO size (volume, at, bytes) VALUES (?, ?, ?)');
  const addUser = db.prepare(
    'INSERT OR IGNORE INTO user (volume, container, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)',
  );
  for (let i = 0; i < names.length; i++) {
    const kind = i < names.length * BUSY ? 'busy' : i < names.length * (BUSY + DAILY) ? 'daily' : 'still';
    let bytes = 1_000_000 + ((i * 7919) % 5_000_000_000);
    const times =
      kind === 'busy' ? scanTimes : kind === 'daily' ? scanTimes.filter((t) => (t - start) % DAY === 0) : [start];
    const id = Number(addVolume.get(engine, names[i], '2025-12-01T00:00:00Z', start, nowS, bytes).id);
    for (const t of times) {
      bytes += 1_000_000 + (i % 97) * 10_000;
      addPoint.run(id, t, bytes);
      points++;
    }
    if (i % 10 < 3) {
      for (const n of [1, 2])
        addUser.run(id, `${String(i).padStart(8, '0')}${n}`.padEnd(64, 'c'), `app-${i}-${n}`, start, nowS);
    }
  }
  db.exec('COMMIT');
  return {engine, points, scans: scanTimes.length};
}

function fileMb(path) {
  return (statSync(path).size + statSize(`${path}-wal`)) / 1e6;
}
function statSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export async function reportHistory(engines, image, runs, results, settleSeconds = 30) {
  const add = (figure, value, unit, extra = {}) =>
    results.add({section: 'history', engine: '-', figure, value, unit, ...extra});
  const dir = mkdtempSync(join(tmpdir(), 'volscope-bench-history-'));
  const path = join(dir, 'volscope', 'history.sqlite');
  const history = await History.open({path});
  const nowS = Math.floor(Date.now() / 1000);
  const names = Array.from({length: VOLUMES}, (_, i) => `bench-vol-${String(i).padStart(5, '0')}`);
  const t0 = performance.now();
  const {engine, points, scans} = simulateYear(history, 'bench-engine', names, nowS);
  history.use((s) => s.compact(nowS * 1000));
  history.use((s) => s.db.exec('PRAGMA wal_checkpoint(TRUNCATE)'));
  add(`store after a simulated year, ${VOLUMES.toLocaleString('en-US')} volumes`, fileMb(path), 'MB', {
    budget: 50,
    note: `${points.toLocaleString('en-US')} size points, ${scans} scans kept (hourly records; ${BUSY * 100}% of volumes change every scan, ${DAILY * 100}% daily, the rest never; raw ${RAW_DAYS} d, hourly ${HOURLY_DAYS} d, daily beyond); built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  });

  // A record of 10,000 volumes into that store, as `volscope record` makes it (a tenth of the sizes moved).
  const recordTimes = [];
  const factTimes = [];
  for (let r = 0; r < runs; r++) {
    const atMs = (nowS + (r + 1) * HOUR) * 1000;
    const volumes = names.map((name, i) => ({
      name,
      created: '2025-12-01T00:00:00Z',
      bytes: i % 10 === r ? i * 1000 + r : i * 1000,
    }));
    const users = names.slice(0, 200).map((name, i) => ({volume: name, created: '', id: `c${i}`, name: `app-${i}`}));
    const t = performance.now();
    history.recordScan('bench-engine', 'bench', {atMs, volumes, users});
    recordTimes.push(performance.now() - t);
    const f = performance.now();
    history.use((s) => s.facts(engine, DAY * 1000, atMs));
    factTimes.push(performance.now() - f);
  }
  add('record: one scan of 10,000 volumes into the full store', median(recordTimes), 'ms', {
    note: `median of ${runs}; the TUI writes it in parts of 1,000, the event loop free between`,
  });
  add('growth and last users of 10,000 volumes read from the full store', median(factTimes), 'ms', {
    note: 'what the TUI reads after each scan, in parts of 1,000',
  });
  history.close();

  // The TUI with a full store, an empty one and none, at 1,000 volumes on the first engine.
  const target = engines[0];
  const _fixture = await createFixture(target, {volumes: 1000, image});
  const identity = JSON.parse(
    execFileSync('docker', ['-H', target.url, 'info', '--format', '{{json .ID}}'], {encoding: 'utf8'}),
  );
  const full = join(mkdtempSync(join(tmpdir(), 'volscope-bench-tui-')), 'state');
  mkdirSync(join(full, 'volscope'), {recursive: true});
  const tuiHistory = await History.open({path: join(full, 'volscope', 'history.sqlite')});
  const live = execFileSync('docker', ['-H', target.url, 'volume', 'ls', '-q'], {encoding: 'utf8'}).trim().split('\n');
  simulateYear(tuiHistory, identity, [...live, ...names].slice(0, VOLUMES), nowS);
  tuiHistory.close();
  const empty = mkdtempSync(join(tmpdir(), 'volscope-bench-empty-'));
  const variants = [
    ['no history (--no-history)', empty, ['--no-history']],
    ['empty history', empty, []],
    ['full history (a simulated year, 10,000 volumes)', full, []],
  ];
  const measured = new Map(variants.map(([label]) => [label, {frames: [], rss: []}]));
  const timings = join(dir, 'timings.jsonl');
  // Round-robin, not one variant after the other: the engine and the disk warm up as runs go.
  for (let r = 0; r < runs; r++) {
    for (const [label, state, extra] of variants) {
      if (label === 'empty history') rmSync(join(empty, 'volscope'), {recursive: true, force: true});
      rmSync(timings, {force: true});
      const tmux = new Tmux();
      tmux.start(['--host', target.url, ...extra], [`VOLSCOPE_TIMINGS=${timings}`, `XDG_STATE_HOME=${state}`]);
      await tmux.waitFor((s) => s.includes('sizes at'));
      measured
        .get(label)
        .frames.push(JSON.parse(execFileSync('tail', ['-1', timings], {encoding: 'utf8'})).firstFrameMs);
      // Settled, as the scale section measures it: the scan written, growth read back, and V8
      // done handing back the start's heap (at 10 s it has not yet: ~10 MB more either way).
      await sleep(settleSeconds * 1000);
      measured.get(label).rss.push(memory(tmux.pid()).rssMb);
      tmux.kill();
      await sleep(300);
    }
  }
  const startups = Object.fromEntries(
    [...measured].map(([label, {frames, rss}]) => [label, {frame: median(frames), rss: median(rss)}]),
  );
  const none = startups['no history (--no-history)'];
  for (const [label, {frame, rss}] of Object.entries(startups)) {
    add(`TUI at ${live.length.toLocaleString('en-US')} volumes, ${label}: first frame`, frame, 'ms', {
      ratio: `${(frame / none.frame).toFixed(2)}x no history`,
    });
    add(`TUI at ${live.length.toLocaleString('en-US')} volumes, ${label}: RSS settled`, rss, 'MB', {
      ratio: `${(rss - none.rss).toFixed(1)} MB over no history`,
      ...(label.startsWith('full') ? {budget: none.rss + 10} : {}),
    });
  }
  rmSync(dir, {recursive: true, force: true});
}
