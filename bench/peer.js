// lazydocker beside volscope on the same engine and fixture, in the same run: start to names on
// screen in tmux, RSS settled and peak, idle CPU of the process and of dockerd, idle API requests
// through the same counting proxy. Only when a peer is given (--peer lazydocker=PATH or
// VOLSCOPE_BENCH_LAZYDOCKER): the project needs lazydocker for nothing else.
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {cpuTicks, enginePid, majorFaults, median, memory, memorySplit, sleep} from './proc.js';
import {startCounter} from '../test/helpers/request-counter.js';
import {Tmux} from './scale.js';

/**
 * lazydocker runs `docker compose version` at start and falls back to `docker-compose`; where that
 * is Debian's Python docker-compose, the fallback costs it ~1 s that users of the Go plugin do not
 * pay. A `docker-compose` that exits at once keeps the comparison fair (said in the output).
 */
function peerEnvironment() {
  const dir = `/tmp/volscope-bench-peer-${process.pid}`;
  mkdirSync(`${dir}/bin`, {recursive: true});
  mkdirSync(`${dir}/config`, {recursive: true});
  writeFileSync(`${dir}/bin/docker-compose`, '#!/bin/sh\nexit 127\n');
  chmodSync(`${dir}/bin/docker-compose`, 0o755);
  return {dir, path: `${dir}/bin:${process.env.PATH}`};
}

/** `volscope` holds volscope's figures for the same engine and scale, for the ratios. */
export async function benchPeer(engine, scale, results, {runs, idleSeconds, settleSeconds, peerPath, volscope}) {
  const at = `${scale.toLocaleString('en-US')} vols`;
  const add = (figure, value, unit, extra = {}) => {
    results.add({section: 'peer', engine: engine.name, figure: `${figure} (${at})`, value, unit, ...extra});
    console.log(
      `  ${figure.padEnd(58)} ${`${unit === 'ms' ? value.toFixed(0) : Number.isInteger(value) ? value : value.toFixed(2)} ${unit}`.padStart(12)}  ${extra.ratio ?? ''} ${extra.note ?? ''}`,
    );
  };
  const ratio = (ours, theirs) => (theirs > 0 ? `volscope ${(ours / theirs).toFixed(2)}x lazydocker` : '');
  const env = peerEnvironment();
  const proxyPath = `/tmp/volscope-bench-peer-${process.pid}.sock`;
  const counter = await startCounter(proxyPath, engine.socket);
  const socket = `volscope-bench-peer-${process.pid}`;
  const tmux = (...args) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
  const start = () =>
    tmux(
      'new-session',
      '-d',
      '-s',
      'p',
      '-x',
      '160',
      '-y',
      '40',
      'env',
      `PATH=${env.path}`,
      `XDG_CONFIG_HOME=${env.dir}/config`,
      `DOCKER_HOST=unix://${proxyPath}`,
      peerPath,
    );
  const kill = () => spawnSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
  // Its Volumes panel draws rows as `local NAME`.
  const namesShown = (screen) => /│local \S/.test(screen);
  const waitFor = async (test, limitMs = 60_000) => {
    const end = Date.now() + limitMs;
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-t', 'p');
      if (test(screen)) return screen;
      if (Date.now() > end) throw new Error(`bench: lazydocker's screen never matched; last screen:\n${screen}`);
      await sleep(15);
    }
  };
  console.log(
    `\n== lazydocker (${peerPath}) on ${engine.name} at ${at}; a docker-compose that exits at once is first on its PATH ==`,
  );
  const ours = new Tmux();
  try {
    const starts = [];
    const ourStarts = [];
    const faults = [];
    const panePid = () => Number(tmux('display', '-p', '-t', 'p', '#{pane_pid}').trim());
    // volscope and lazydocker start in turn, through the same proxy, so that the ratio compares
    // starts taken side by side: timed in blocks minutes apart, this 2-core machine drifted
    // between them. volscope's run waits for its sizes as in the scale section, or the engine
    // would still be measuring them as lazydocker starts.
    for (let i = 0; i < runs; i++) {
      const s0 = performance.now();
      ours.start(['--host', `unix://${proxyPath}`]);
      await ours.waitFor((screen) => screen.includes(`${volscope.total} volumes`));
      ourStarts.push(performance.now() - s0);
      await ours.waitFor((screen) => screen.includes('sizes at'));
      ours.kill();
      await sleep(300);
      const t0 = performance.now();
      start();
      await waitFor(namesShown);
      starts.push(performance.now() - t0);
      faults.push(majorFaults(panePid()));
      kill();
      await sleep(300);
    }
    add('lazydocker: start to volume names on screen (tmux)', median(starts), 'ms', {
      ratio: ratio(median(ourStarts), median(starts)),
      note: `major page faults by then ${median(faults)}; volscope ${median(ourStarts).toFixed(0)} ms in the same turns`,
    });
    // The start-up budget: names on screen no later than the peer's, in the same run.
    add('volscope / lazydocker, start to names on screen', median(ourStarts) / median(starts), 'x', {
      budget: 1,
      floor: volscope.onScreenFloorMs / median(starts),
      floorOf: 'commander + node:http drawing the same lists as rows, on screen (tmux)',
    });

    const engine0 = enginePid(engine.socket);
    start();
    await waitFor(namesShown);
    await sleep(settleSeconds * 1000);
    const pid = panePid();
    const before = cpuTicks(pid);
    const engineBefore = engine0 ? cpuTicks(engine0) : 0;
    const idleStart = Date.now();
    await sleep(idleSeconds * 1000);
    const idleCpuMs = (cpuTicks(pid) - before) * 10;
    const engineMs = engine0 ? (cpuTicks(engine0) - engineBefore) * 10 : NaN;
    const idle = counter.since(idleStart);
    const mem = memory(pid);
    add(`lazydocker: API requests in ${idleSeconds} s idle`, idle.length, 'requests', {
      note: `volscope: ${volscope.idleRequests}`,
    });
    add(`lazydocker: CPU in ${idleSeconds} s idle`, (idleCpuMs / (idleSeconds * 1000)) * 100, '%', {
      ratio: ratio(volscope.idleCpuPercent, (idleCpuMs / (idleSeconds * 1000)) * 100),
      note: `${idleCpuMs} ms of CPU`,
    });
    add(`dockerd CPU while lazydocker idles, ${idleSeconds} s`, (engineMs / (idleSeconds * 1000)) * 100, '%', {
      note: `${engineMs} ms of dockerd CPU (volscope added ${volscope.engineExtraPercent.toFixed(2)} % over its baseline)`,
    });
    add('lazydocker: RSS settled', mem.rssMb, 'MB', {
      ratio: ratio(volscope.rssMb, mem.rssMb),
      note: `peak ${mem.hwmMb.toFixed(0)} MB (volscope peak ${volscope.hwmMb.toFixed(0)} MB); ${memorySplit(mem)}`,
    });
  } finally {
    ours.kill();
    kill();
    await counter.close();
  }
}
