#!/usr/bin/env node
// npm run bench: volscope against the docker CLI on the same engine and the same 1,000-volume
// fixture, in one run, printed as figures and ratios. A benchmark, not a test: it asserts nothing.
//   node bench/run.js [--volumes 1000] [--runs 5] [--idle-seconds 60] [--engine NAME=unix:///path] [--keep] [--only browse|prune|backup]
import {execFileSync, spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {createFixture, removeFixture} from './fixture.js';
import {startCounter, summarize} from '../test/helpers/request-counter.js';

const {values} = parseArgs({
  options: {
    volumes: {type: 'string', default: '1000'},
    runs: {type: 'string', default: '5'},
    'idle-seconds': {type: 'string', default: '60'},
    engine: {type: 'string', multiple: true},
    image: {type: 'string', default: process.env.VOLSCOPE_TEST_IMAGE ?? 'volscope-test/busybox:local'},
    keep: {type: 'boolean', default: false},
    only: {type: 'string'},
  },
});
const ENGINES = (values.engine ?? ['docker-20.10=unix:///var/run/docker.sock', 'docker-26.1=unix:///run/volscope-test/docker26.sock']).map((e) => {
  const [name, url] = e.split('=');
  return {name, url, socket: url.replace('unix://', '')};
});
const RUNS = Number(values.runs);
const IDLE_S = Number(values['idle-seconds']);
const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = (x) => `${x.toFixed(0)} ms`;

function timeCommand(cmd, args) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, {stdio: ['ignore', 'ignore', 'pipe']});
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
}

class Tmux {
  constructor() {
    this.socket = `volscope-bench-${process.pid}`;
  }
  run(...args) {
    return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
  }
  start(args, env = []) {
    this.run('new-session', '-d', '-s', 'b', '-x', '160', '-y', '40', 'env', 'LANG=C.UTF-8', ...env, process.execPath, BIN, ...args);
  }
  screen() {
    return this.run('capture-pane', '-p', '-t', 'b');
  }
  pid() {
    return Number(this.run('display', '-p', '-t', 'b', '#{pane_pid}').trim());
  }
  async waitFor(test, limitMs = 30_000) {
    const end = Date.now() + limitMs;
    for (;;) {
      const screen = this.screen();
      if (test(screen)) return screen;
      if (Date.now() > end) throw new Error(`bench: screen never matched; last screen:\n${screen}`);
      // Gentle polling: each capture spawns tmux, and on two cores a tight loop slows volscope down.
      await sleep(15);
    }
  }
  kill() {
    try {
      this.run('kill-server');
    } catch {}
  }
}

function procStats(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)[1]);
  return {cpuTicks: Number(stat[11]) + Number(stat[12]), rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024};
}

async function benchEngine(engine) {
  console.log(`\n== ${engine.name} (${engine.url}) ==`);
  const fixture = await createFixture(engine.socket, {volumes: Number(values.volumes), image: values.image});
  const total = JSON.parse(execFileSync('docker', ['-H', engine.url, 'volume', 'ls', '--format', '{{json .Name}}'], {encoding: 'utf8'}).trim().split('\n').length);
  console.log(`fixture: ${fixture.total} bench volumes (${fixture.created} created now), ${total} volumes on the engine`);
  const proxyPath = `/tmp/volscope-bench-${process.pid}.sock`;
  const counter = await startCounter(proxyPath, engine.socket);
  const host = ['--host', `unix://${proxyPath}`];
  const results = {};
  try {
    results.dockerVolumeLs = timeCommand('docker', ['-H', engine.url, 'volume', 'ls']);
    results.dockerPsA = timeCommand('docker', ['-H', engine.url, 'ps', '-a']);
    results.dockerDf = timeCommand('docker', ['-H', engine.url, 'system', 'df', '-v']);
    results.volscopeLsNoSize = timeCommand(process.execPath, [BIN, 'ls', '--no-size', '--host', engine.url]);
    results.volscopeLs = timeCommand(process.execPath, [BIN, 'ls', '--host', engine.url]);

    const listFrames = [];
    const sizeFrames = [];
    const selfReported = [];
    const tmux = new Tmux();
    const timings = `/tmp/volscope-bench-timings-${process.pid}.jsonl`;
    rmSync(timings, {force: true});
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      tmux.start(host, [`VOLSCOPE_TIMINGS=${timings}`]);
      await tmux.waitFor((s) => s.includes(`${total} volumes`));
      listFrames.push(performance.now() - t0);
      await tmux.waitFor((s) => s.includes('sizes at'));
      sizeFrames.push(performance.now() - t0);
      tmux.kill();
      await sleep(200);
    }
    selfReported.push(...readFileSync(timings, 'utf8').trim().split('\n').map((line) => JSON.parse(line).firstFrameMs));
    results.firstFrameSelf = median(selfReported);
    results.firstFrame = median(listFrames);
    results.firstFrameWithSizes = median(sizeFrames);

    // Idle: one session, settled, then IDLE_S seconds without a key.
    tmux.start(host);
    await tmux.waitFor((s) => s.includes('sizes at'));
    await sleep(2000);
    // tmux runs `env`, which execs node: the pane's process is volscope itself.
    const node = tmux.pid();
    const before = procStats(node);
    const idleStart = Date.now();
    await sleep(IDLE_S * 1000);
    const after = procStats(node);
    results.idleRequests = counter.since(idleStart);
    results.idleCpuMs = (after.cpuTicks - before.cpuTicks) * 10;
    results.rssMb = after.rssMb;
    results.hwmMb = after.hwmMb;

    // A volume created outside volscope (straight to the engine, not through the proxy).
    const refreshStart = Date.now();
    const probe = `bench-probe-${process.pid}`;
    const t0 = performance.now();
    execFileSync('docker', ['-H', engine.url, 'volume', 'create', '--label', 'volscope.bench=1', probe]);
    await tmux.waitFor((s) => s.includes(`${total + 1} volumes`));
    results.eventToScreen = performance.now() - t0;
    await sleep(1000);
    results.eventRefreshRequests = counter.since(refreshStart);

    // r: refresh now, sizes included.
    const rStart = Date.now();
    tmux.run('send-keys', '-t', 'b', 'r');
    await sleep(1500);
    results.manualRefreshRequests = counter.since(rStart);

    // Keypress to frame: G (last row) and g (first row), round trip through tmux included.
    const keyTimes = [];
    // Names only: the AGE column of a seconds-old volume changes between captures.
    const rowName = (screen) => screen.split('\n')[2]?.split(/\s+/)[0];
    const firstRow = rowName(tmux.screen());
    for (let i = 0; i < 10; i++) {
      for (const key of ['G', 'g']) {
        const k0 = performance.now();
        tmux.run('send-keys', '-t', 'b', key);
        await tmux.waitFor((s) => (rowName(s) === firstRow) === (key === 'g'));
        keyTimes.push(performance.now() - k0);
      }
    }
    results.keyP50 = median(keyTimes);
    results.keyP95 = p95(keyTimes);
    tmux.kill();
    execFileSync('docker', ['-H', engine.url, 'volume', 'rm', probe]);
  } finally {
    await counter.close();
  }
  report(engine, results);
  if (!values.keep) await removeFixture(engine.socket);
}

function report(engine, r) {
  const row = (what, value, note = '') => console.log(`  ${what.padEnd(46)} ${String(value).padStart(12)}  ${note}`);
  console.log(`  -- start-up (median of ${RUNS}; volscope timed through tmux, ~10 ms of that is tmux) --`);
  row('docker volume ls', ms(r.dockerVolumeLs));
  row('docker ps -a', ms(r.dockerPsA));
  row('docker system df -v (sizes)', ms(r.dockerDf));
  row('volscope ls --no-size', ms(r.volscopeLsNoSize), `${(r.volscopeLsNoSize / r.dockerVolumeLs).toFixed(2)}x docker volume ls`);
  row('volscope ls (with sizes)', ms(r.volscopeLs), `${(r.volscopeLs / r.dockerDf).toFixed(2)}x docker system df -v`);
  row('TUI: process start to first full frame (self-reported)', ms(r.firstFrameSelf), `${(r.firstFrameSelf / (r.dockerVolumeLs + r.dockerPsA)).toFixed(2)}x volume ls + ps -a`);
  row('TUI: tmux start to first full frame on screen', ms(r.firstFrame), 'includes tmux start-up and 15 ms screen polling');
  row('TUI: start to frame with sizes', ms(r.firstFrameWithSizes), `${(r.firstFrameWithSizes / (r.dockerVolumeLs + r.dockerPsA + r.dockerDf)).toFixed(2)}x volume ls + ps -a + df -v`);
  console.log('  -- live --');
  row('outside volume create -> on screen', ms(r.eventToScreen));
  row('API requests after it (refresh + size scan)', r.eventRefreshRequests.length, `${JSON.stringify(summarize(r.eventRefreshRequests))}; df: new volumes get a size`);
  row('API requests for r (refresh with sizes)', r.manualRefreshRequests.length, JSON.stringify(summarize(r.manualRefreshRequests)));
  row(`API requests in ${IDLE_S} s idle`, r.idleRequests.length, JSON.stringify(summarize(r.idleRequests)));
  row(`volscope CPU in ${IDLE_S} s idle`, ms(r.idleCpuMs), `${((r.idleCpuMs / (IDLE_S * 1000)) * 100).toFixed(2)} % of a core`);
  row('RSS after idle / peak', `${r.rssMb.toFixed(0)} / ${r.hwmMb.toFixed(0)} MB`);
  row('keypress -> frame p50 / p95 (G, g; via tmux)', `${ms(r.keyP50)} / ${ms(r.keyP95)}`);
}

if (values.only === 'backup') {
  const {reportBackup} = await import('./backup.js');
  reportBackup(ENGINES, values.image, RUNS > 3 ? 3 : RUNS);
  process.exit(0);
}
if (values.only === 'prune') {
  const {reportPrune} = await import('./prune.js');
  await reportPrune(ENGINES);
  process.exit(0);
}
if (values.only !== 'browse') for (const engine of ENGINES) await benchEngine(engine);
if (values.only !== 'browse') {
  const {reportPrune} = await import('./prune.js');
  await reportPrune(ENGINES);
  const {reportBackup} = await import('./backup.js');
  reportBackup(ENGINES, values.image, 3);
}
const {reportBrowse} = await import('./browse.js');
await reportBrowse(ENGINES, values.image, RUNS);
// Last: it loads React and Ink into this process, which must not weigh on the timings above.
const {reportKeypress, reportBrowserKeypress} = await import('./keypress.js');
if (values.only !== 'browse') await reportKeypress();
await reportBrowserKeypress();
process.exit(0);
