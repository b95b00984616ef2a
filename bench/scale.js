// Start-up, refresh cost, idle cost, memory and keys at 100, 1,000 and 10,000 volumes, side by
// side with the docker CLI on the same engine and fixture. volscope's requests are counted at the
// wire by a proxy in front of the engine's socket, not trusted from our own code.
import {execFileSync, spawnSync} from 'node:child_process';
import {readFileSync, rmSync} from 'node:fs';
import {cpuTicks, enginePid, majorFaults, median, memory, memorySplit, sleep} from './proc.js';
import {createFixture} from './fixture.js';
import {floorCommands} from './floor.js';
import {startCounter, summarize} from '../test/helpers/request-counter.js';

export const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const ms = (x) => `${x.toFixed(0)} ms`;
/** Each first-frame floor's program (bench/frame-floor.js), named in its row. */
const FRAME_FLOOR_FILES = {
  'node:http': 'node-http-frame.cjs',
  'commander + node:http': 'commander-http-frame.mjs',
  dockerode: 'dockerode-frame.mjs',
};

/**
 * Median wall time of each command, the commands run in turn `runs` times: a ratio of two of them
 * compares runs taken side by side. Timed one command after another, this 2-core machine drifted
 * between them (docker volume ls at 1,000 volumes took 37-56 ms from one bench run to the next).
 */
function timeCommands(commands, runs) {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++)
    for (const [name, [cmd, args]] of Object.entries(commands)) {
      const t0 = performance.now();
      const r = spawnSync(cmd, args, {stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28});
      times[name].push(performance.now() - t0);
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    }
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

let tmuxServers = 0;

export class Tmux {
  constructor() {
    // A server of its own: one just killed may still be going away when the next starts.
    tmuxServers += 1;
    this.socket = `volscope-bench-${process.pid}-${tmuxServers}`;
  }
  run(...args) {
    return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
  }
  /** volscope in a 160x40 pane. */
  start(args, env = []) {
    this.startCommand(process.execPath, [BIN, ...args], env);
  }
  startCommand(command, args, env = []) {
    this.run('new-session', '-d', '-s', 'b', '-x', '160', '-y', '40', 'env', 'LANG=C.UTF-8', ...env, command, ...args);
  }
  screen() {
    return this.run('capture-pane', '-p', '-t', 'b');
  }
  pid() {
    return Number(this.run('display', '-p', '-t', 'b', '#{pane_pid}').trim());
  }
  async waitFor(test, limitMs = 120_000) {
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
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], {stdio: 'ignore'});
  }
}

/** Measures one engine at one size of the fixture, adding rows to `results`. */
export async function benchScale(engine, scale, results, {runs, idleSeconds, settleSeconds = 30, image}) {
  const fixture = await createFixture(engine, {volumes: scale, image});
  const total = execFileSync('docker', ['-H', engine.url, 'volume', 'ls', '-q'], {encoding: 'utf8'})
    .trim()
    .split('\n').length;
  const at = `${scale.toLocaleString('en-US')} vols`;
  console.log(
    `\n== ${engine.name} at ${at}: ${fixture.total} bench volumes (${fixture.created} created now), ${total} on the engine, ${fixture.containers} bench containers ==`,
  );
  const add = (figure, value, unit, extra = {}) => {
    results.add({section: 'scale', engine: engine.name, figure: `${figure} (${at})`, value, unit, ...extra});
    console.log(
      `  ${figure.padEnd(58)} ${`${unit === 'ms' ? value.toFixed(0) : Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`.padStart(12)}  ${extra.ratio ?? ''} ${extra.note ?? ''}`,
    );
  };

  const floors = await floorCommands();
  const {dockerLs, dockerPs, dockerDf, lsNoSize, lsJson, nodeFloor, httpFloor, commanderHttpFloor, dockerodeFloor} =
    timeCommands(
      {
        dockerLs: ['docker', ['-H', engine.url, 'volume', 'ls']],
        dockerPs: ['docker', ['-H', engine.url, 'ps', '-a']],
        dockerDf: ['docker', ['-H', engine.url, 'system', 'df', '-v']],
        lsNoSize: [process.execPath, [BIN, 'ls', '--no-size', '--host', engine.url]],
        lsJson: [process.execPath, [BIN, 'ls', '--json', '--host', engine.url]],
        nodeFloor: floors.node(),
        httpFloor: floors.http(engine.url),
        commanderHttpFloor: floors.commanderHttp(engine.url),
        dockerodeFloor: floors.dockerode(engine.url),
      },
      runs,
    );
  add('docker volume ls', dockerLs, 'ms', {note: 'names and drivers only'});
  add('docker system df -v', dockerDf, 'ms', {note: 'sizes and link counts, no container names'});
  add('volscope ls --no-size', lsNoSize, 'ms', {
    ratio: `${(lsNoSize / dockerLs).toFixed(2)}x docker volume ls`,
    note: 'with labels and attached containers',
  });
  // The command-line budget: listing as a script would, at most twice the docker CLI's time.
  add('volscope ls --no-size / docker volume ls', lsNoSize / dockerLs, 'x', {
    budget: 2,
    // `ls --no-size` lists over bare node:http (src/cli/ls-from-lists.ts): commander + node:http is its floor.
    floor: commanderHttpFloor / dockerLs,
    floorOf: 'commander + node:http ls script',
    note: `${(httpFloor / dockerLs).toFixed(2)}x on bare Node`,
  });
  add('floor: node -e 0', nodeFloor, 'ms', {note: "Node's own start, nothing loaded"});
  add('floor: node:http ls script', httpFloor, 'ms', {
    ratio: `${(httpFloor / dockerLs).toFixed(2)}x docker volume ls`,
    note: 'bench/floor/node-http-ls.cjs: the same two lists, CommonJS, no libraries',
  });
  add('floor: commander + node:http ls script', commanderHttpFloor, 'ms', {
    ratio: `${(commanderHttpFloor / dockerLs).toFixed(2)}x docker volume ls`,
    note: 'bench/floor/commander-http-ls.mjs, bundled: what `ls --no-size` stands on, nothing else',
  });
  add('floor: commander + dockerode ls script', dockerodeFloor, 'ms', {
    ratio: `${(dockerodeFloor / dockerLs).toFixed(2)}x docker volume ls`,
    note: 'bench/floor/dockerode-ls.mjs, bundled: what `ls` with sizes or JSON stands on, nothing else',
  });
  add('volscope ls --json', lsJson, 'ms', {
    ratio: `${(lsJson / dockerDf).toFixed(2)}x docker system df -v`,
    note: 'sizes, labels, containers by name and state',
  });

  const proxyPath = `/tmp/volscope-bench-${process.pid}.sock`;
  const counter = await startCounter(proxyPath, engine.socket);
  const host = ['--host', `unix://${proxyPath}`];
  const tmux = new Tmux();
  try {
    const listFrames = [];
    const sizeFrames = [];
    const faults = [];
    const timings = `/tmp/volscope-bench-timings-${process.pid}.jsonl`;
    rmSync(timings, {force: true});
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      tmux.start(host, [`VOLSCOPE_TIMINGS=${timings}`]);
      await tmux.waitFor((s) => s.includes(`${total} volumes`));
      listFrames.push(performance.now() - t0);
      faults.push(majorFaults(tmux.pid()));
      await tmux.waitFor((s) => s.includes('sizes at'));
      sizeFrames.push(performance.now() - t0);
      tmux.kill();
      await sleep(300);
    }
    const selfReported = readFileSync(timings, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).firstFrameMs);
    const firstFrameBudget = scale <= 1000 ? {budget: 200} : scale <= 10_000 ? {budget: 400} : {};
    const {frameFloors} = await import('./frame-floor.js');
    const frameFloor = await frameFloors([`unix://${proxyPath}`], total, runs);
    const phases = readFileSync(timings, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).phases ?? {});
    const phase = (name) => median(phases.map((p) => p[name] ?? NaN));
    // The first frame is written before Ink has loaded (tui/first-frame.ts); Ink's, the same
    // frame drawn again, is when keys start to act (typed earlier, they are held until then).
    add('TUI: process start to first full frame (self-reported)', phase('first-frame'), 'ms', {
      ...firstFrameBudget,
      // The first lists go out over bare node:http (src/docker/first-lists.ts).
      floor: frameFloor['commander + node:http'].selfFirstMs,
      floorOf: 'commander + node:http lists, rows written: bench/floor/commander-http-frame.mjs',
      ratio: `${(phase('first-frame') / (dockerLs + dockerPs)).toFixed(2)}x docker volume ls + ps -a`,
      note: 'plain lines, before Ink has loaded',
    });
    add("TUI: process start to Ink's first frame, keys live (self-reported)", median(selfReported), 'ms', {
      note: 'the same frame, drawn by Ink',
    });
    add('TUI: start to first full frame on screen (tmux)', median(listFrames), 'ms', {
      note: `includes tmux start-up and 15 ms polling; median phases: argv ${phase('tui-start')} ms, engine listed ${phase('engine-listed')} ms, first frame ${phase('first-frame')} ms, Ink loaded ${phase('ink-loaded')} ms, render ${phase('render')} ms; major page faults by then ${median(faults)}`,
    });
    for (const [name, floor] of Object.entries(frameFloor))
      add(`floor: first frame on ${name}, self-reported`, floor.selfFirstMs, 'ms', {
        note: `on screen (tmux) at ${ms(floor.everyMs)}; bench/floor/${FRAME_FLOOR_FILES[name]}: the two lists drawn as rows, nothing else`,
      });
    add('TUI: start to frame with sizes', median(sizeFrames), 'ms', {
      ratio: `${(median(sizeFrames) / (dockerLs + dockerPs + dockerDf)).toFixed(2)}x volume ls + ps -a + df -v`,
    });

    // Idle: the engine's CPU without volscope first, then with it, over the same time.
    const engine0 = enginePid(engine.socket);
    const baselineStart = engine0 ? cpuTicks(engine0) : 0;
    await sleep(idleSeconds * 1000);
    const baselineTicks = engine0 ? cpuTicks(engine0) - baselineStart : 0;
    tmux.start(host);
    await tmux.waitFor((s) => s.includes('sizes at'));
    // Idle means after start-up has settled: V8 collects the start's garbage in the first seconds
    // (at 10,000 volumes: 130 ms of CPU in a window opened 5 s after start, 0 ms from 30 s on).
    await sleep(settleSeconds * 1000);
    // tmux runs `env`, which execs node: the pane's process is volscope itself.
    const node = tmux.pid();
    const before = cpuTicks(node);
    const engineBefore = engine0 ? cpuTicks(engine0) : 0;
    const idleStart = Date.now();
    await sleep(idleSeconds * 1000);
    const idleCpuMs = (cpuTicks(node) - before) * 10;
    const engineExtraMs = engine0 ? (cpuTicks(engine0) - engineBefore - baselineTicks) * 10 : NaN;
    const idle = counter.since(idleStart);
    const mem = memory(node);
    add(`API requests in ${idleSeconds} s idle`, idle.length, 'requests', {
      note: `${JSON.stringify(summarize(idle))}; events only: anything here came from other clients' changes or a size scan`,
    });
    add(`volscope CPU in ${idleSeconds} s idle`, (idleCpuMs / (idleSeconds * 1000)) * 100, '%', {
      budget: 0.1,
      note: `${idleCpuMs} ms of CPU`,
    });
    add(`engine CPU added while volscope idles, ${idleSeconds} s`, (engineExtraMs / (idleSeconds * 1000)) * 100, '%', {
      note: 'dockerd with volscope open minus the same time without; within noise when ~0',
    });
    const rssBudget = scale <= 1000 ? 80 : scale <= 10_000 ? 120 : undefined;
    add('RSS after idle', mem.rssMb, 'MB', {
      ...(rssBudget ? {budget: rssBudget} : {}),
      note: `peak ${mem.hwmMb.toFixed(0)} MB; ${memorySplit(mem)}`,
    });

    // A volume created outside volscope: event -> refresh, and what the refresh costs.
    const probe = `bench-probe-${process.pid}`;
    const refreshStart = Date.now();
    const t0 = performance.now();
    execFileSync('docker', ['-H', engine.url, 'volume', 'create', '--label', 'volscope.bench.probe=1', probe]);
    await tmux.waitFor((s) => s.includes(`${total + 1} volumes`));
    add('outside `docker volume create` -> on screen', performance.now() - t0, 'ms');
    await sleep(1500);
    const eventRequests = counter.since(refreshStart);
    add('API requests for that event (refresh, new sizes)', eventRequests.length, 'requests', {
      note: JSON.stringify(summarize(eventRequests)),
    });

    // r: refresh now, sizes included.
    const rStart = Date.now();
    tmux.run('send-keys', '-t', 'b', 'r');
    await sleep(scale >= 10_000 ? 6000 : 2000);
    const manual = counter.since(rStart);
    add('API requests for r (refresh with sizes)', manual.length, 'requests', {
      note: JSON.stringify(summarize(manual)),
    });

    // Keypress to frame through tmux: G (last row) and g (first row), round trip included.
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
    add('keypress -> screen p95 (G, g through tmux, 20 keys)', p95(keyTimes), 'ms', {
      note: `p50 ${ms(median(keyTimes))}; tmux capture adds ~10 ms`,
    });
    tmux.kill();
    execFileSync('docker', ['-H', engine.url, 'volume', 'rm', probe], {stdio: 'ignore'});
    return {
      manualRequests: manual.length,
      idleRequests: idle.length,
      eventRequests: eventRequests.length,
      // For the peer's ratios.
      total,
      onScreenFloorMs: frameFloor['commander + node:http'].everyMs,
      idleCpuPercent: (idleCpuMs / (idleSeconds * 1000)) * 100,
      engineExtraPercent: (engineExtraMs / (idleSeconds * 1000)) * 100,
      rssMb: mem.rssMb,
      hwmMb: mem.hwmMb,
    };
  } finally {
    tmux.kill();
    await counter.close();
  }
}
