#!/usr/bin/env node
// npm run bench: volscope side by side with the docker CLI on the same engines and fixture, in one
// run: start-up, refresh and idle cost, memory and keys at 100 / 1,000 / 10,000 volumes; clean-up;
// backup and restore against the `docker run … tar` recipe; browsing against `docker run … ls`.
// A benchmark, not a test: it asserts nothing, and prints a table of figures, budgets and ratios
// (also bench/out/latest.json and latest.md; --docs writes the latest run into docs/benchmarks.md).
//   node bench/run.js [--scales 100,1000,10000] [--runs 5] [--idle-seconds 60] [--settle-seconds 30]
//     [--engine NAME=unix:///path ...] [--only scale|fleet|keys|prune|backup|cp|offsite|browse|pressure|history|huge|seek] [--docs]
//     (huge and seek run only when asked: 500 MB and 5 GB volumes, minutes and ~15 GB of disk)
//     [--peer lazydocker=PATH]   (or VOLSCOPE_BENCH_LAZYDOCKER=PATH): lazydocker beside volscope in the scale section
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseArgs} from 'node:util';
import {Results} from './results.js';

const {values} = parseArgs({
  options: {
    scales: {type: 'string', default: '100,1000,10000'},
    runs: {type: 'string', default: '5'},
    'idle-seconds': {type: 'string', default: '60'},
    'settle-seconds': {type: 'string', default: '30'},
    engine: {type: 'string', multiple: true},
    image: {type: 'string', default: process.env.VOLSCOPE_TEST_IMAGE ?? 'volscope-test/busybox:local'},
    only: {type: 'string'},
    peer: {type: 'string', multiple: true},
    docs: {type: 'boolean', default: false},
  },
});
const ENGINES = (
  values.engine ?? ['docker-20.10=unix:///var/run/docker.sock', 'docker-26.1=unix:///run/volscope-test/docker26.sock']
).map((e) => {
  const [name, url] = e.split('=');
  return {name, url, socket: url.replace('unix://', '')};
});
const RUNS = Number(values.runs);
const peers = Object.fromEntries((values.peer ?? []).map((p) => p.split('=')));
const LAZYDOCKER = peers.lazydocker ?? process.env.VOLSCOPE_BENCH_LAZYDOCKER;
const SCALES = values.scales.split(',').map(Number);
const wanted = (section) => !values.only || values.only.split(',').includes(section);
const results = new Results();
// Every volscope the bench starts keeps its size history here, never in the user's own.
process.env.XDG_STATE_HOME ??= mkdtempSync(join(tmpdir(), 'volscope-bench-state-'));

if (wanted('scale')) {
  const {benchScale} = await import('./scale.js');
  for (const engine of ENGINES) {
    const refresh = [];
    for (const scale of SCALES) {
      const options = {
        runs: RUNS,
        idleSeconds: Number(values['idle-seconds']),
        settleSeconds: Number(values['settle-seconds']),
        image: values.image,
      };
      const r = await benchScale(engine, scale, results, options);
      refresh.push({scale, ...r});
      if (LAZYDOCKER) {
        const {benchPeer} = await import('./peer.js');
        await benchPeer(engine, scale, results, {...options, peerPath: LAZYDOCKER, volscope: r});
      }
    }
    // The budget is about growth: a refresh, an event and an idle minute must cost the same
    // number of calls at any size.
    const first = refresh[0];
    const last = refresh.at(-1);
    for (const [key, what] of [
      ['manualRequests', 'per refresh (r)'],
      ['eventRequests', 'per outside event'],
      ['idleRequests', 'per idle period'],
    ]) {
      results.add({
        section: 'scale',
        engine: engine.name,
        figure: `API requests ${what}: growth ${first.scale.toLocaleString('en-US')} -> ${last.scale.toLocaleString('en-US')} vols`,
        value: last[key] - first[key],
        unit: 'requests',
        budget: 0,
        note: refresh.map((r) => `${r[key]} at ${r.scale.toLocaleString('en-US')}`).join(', '),
      });
    }
  }
  // Once, not per engine: beside every RSS row above.
  const {benchMemoryFloors} = await import('./memory-floor.js');
  await benchMemoryFloors(results, {
    idleSeconds: Number(values['idle-seconds']),
    settleSeconds: Number(values['settle-seconds']),
  });
}
if (wanted('prune')) {
  const {reportPrune} = await import('./prune.js');
  await reportPrune(ENGINES, results);
}
if (wanted('backup')) {
  const {reportBackup} = await import('./backup.js');
  reportBackup(ENGINES, values.image, Math.min(RUNS, 3), results);
}
if (wanted('cp')) {
  const {reportCopy} = await import('./copy.js');
  reportCopy(ENGINES, values.image, Math.min(RUNS, 3), results);
}
if (wanted('offsite')) {
  const {reportOffsite} = await import('./offsite.js');
  await reportOffsite(ENGINES, values.image, Math.min(RUNS, 3), results);
}
if (wanted('browse')) {
  const {reportBrowse} = await import('./browse.js');
  await reportBrowse(ENGINES, values.image, RUNS, results);
}
if (wanted('pressure')) {
  const {reportPressure} = await import('./pressure.js');
  await reportPressure(results);
}
if (wanted('fleet')) {
  const {reportFleet} = await import('./fleet.js');
  await reportFleet(results, {
    runs: RUNS,
    idleSeconds: Number(values['idle-seconds']),
    settleSeconds: Number(values['settle-seconds']),
    image: values.image,
  });
}
// Opt-in (a 5 GB backup, minutes and ~12 GB of disk): --only seek.
if (values.only?.split(',').includes('seek')) {
  const {reportSeek} = await import('./seek.js');
  await reportSeek(ENGINES, values.image, Math.min(RUNS, 3), results);
}
// Opt-in (minutes and ~15 GB of disk): --only huge.
if (values.only?.split(',').includes('huge')) {
  const {reportHuge} = await import('./huge.js');
  await reportHuge(ENGINES, values.image, results);
}
if (wanted('history')) {
  const {reportHistory} = await import('./history.js');
  await reportHistory(ENGINES, values.image, Math.min(RUNS, 3), results, Number(values['settle-seconds']));
}
if (wanted('keys')) {
  // Last: it loads React and Ink into this process, which must not weigh on the timings above.
  const {reportKeypress, reportBrowserKeypress} = await import('./keypress.js');
  await reportKeypress(results);
  await reportBrowserKeypress(results);
}
results.print();
results.write({engines: ENGINES, docs: values.docs});
process.exit(0);
