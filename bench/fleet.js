// Several engines in one table (npm run bench -- --only fleet): up to four engines with 1,000
// bench volumes each, each behind its own request-counting proxy. Start -> the first engine's rows
// on screen and -> all of them, idle API requests per engine, and RSS against one engine holding
// the same total. A benchmark: it asserts nothing.
import {execFileSync, spawnSync} from 'node:child_process';
import {createFixture, removeFixture} from './fixture.js';
import {frameFloors} from './frame-floor.js';
import {median, memory, sleep} from './proc.js';
import {Tmux} from './scale.js';
import {startCounter, summarize} from '../test/helpers/request-counter.js';

/** Every engine the test set-up can run; bench/clean.js clears the same ones. */
export const CANDIDATES = [
  {name: 'docker-20.10', url: 'unix:///var/run/docker.sock'},
  {name: 'docker-26.1', url: 'unix:///run/volscope-test/docker26.sock'},
  {name: 'podman-4.3', url: 'unix:///run/volscope-test/podman.sock'},
  {name: 'docker-20.10-restartable', url: 'unix:///run/volscope-test/restart.sock'},
].map((e) => ({...e, socket: e.url.replace('unix://', '')}));

const answers = (engine) =>
  spawnSync('docker', ['-H', engine.url, 'version'], {stdio: 'ignore', timeout: 5000}).status === 0;
const countOn = (engine) =>
  execFileSync('docker', ['-H', engine.url, 'volume', 'ls', '-q'], {encoding: 'utf8'})
    .trim()
    .split('\n')
    .filter(Boolean).length;

export async function reportFleet(results, {runs, idleSeconds, settleSeconds, image, perEngine = 1000}) {
  const engines = CANDIDATES.filter(answers);
  const label = `${engines.length} engines x ${perEngine.toLocaleString('en-US')} vols`;
  console.log(`\n== fleet: ${label} (${engines.map((e) => e.name).join(', ')}) ==`);
  const add = (figure, value, unit, extra = {}) => {
    results.add({section: 'fleet', engine: `${engines.length} engines`, figure, value, unit, ...extra});
    console.log(
      `  ${figure.padEnd(64)} ${`${unit === 'ms' ? value.toFixed(0) : Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`.padStart(12)}  ${extra.ratio ?? ''} ${extra.note ?? ''}`,
    );
  };
  // From a clean slate: the scale section grows the fixture to 10,000 and it never shrinks by itself.
  for (const engine of engines) await removeFixture(engine);
  for (const engine of engines) await createFixture(engine, {volumes: perEngine, image});
  const total = engines.reduce((sum, e) => sum + countOn(e), 0);
  const counters = [];
  for (const [i, engine] of engines.entries())
    counters.push(await startCounter(`/tmp/volscope-fleet-${process.pid}-${i}.sock`, engine.socket));
  const hosts = counters.flatMap((_, i) => ['-H', `unix:///tmp/volscope-fleet-${process.pid}-${i}.sock`]);
  const tmux = new Tmux();
  try {
    const first = [];
    const all = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      tmux.start(hosts);
      await tmux.waitFor((s) => /bench-/.test(s));
      first.push(performance.now() - t0);
      // The total counts an engine's rows only once its lists are in. (The live count, last on the
      // status line, is cut off at 160 columns once the history names a fast grower.)
      await tmux.waitFor((s) => s.includes(`${total} volumes`));
      all.push(performance.now() - t0);
      // Killed before its size scans are done, the engines would still be computing them for the
      // next run's lists (Podman's /system/df alone takes 0.6 s): that run would measure this one.
      await tmux.waitFor((s) => s.includes('sizes at'));
      tmux.kill();
      await sleep(300);
    }
    // The floors: one process listing every engine at once through the same proxies and drawing
    // each engine's rows as its lists land, in tmux as volscope is (bench/frame-floor.js).
    const urls = hosts.filter((_, j) => j % 2);
    const floors = await frameFloors(urls, total, runs);
    // Local engines' first lists go out over bare node:http (src/docker/first-lists.ts).
    const floorOf = 'commander + node:http drawing each engine as it lands: bench/floor/commander-http-frame.mjs';
    const floor = floors['commander + node:http'];
    add(`start -> first engine's rows on screen (tmux), ${label}`, median(first), 'ms', {
      budget: 300,
      floor: floor.firstMs,
      floorOf,
      note: `runs ${first.map((x) => x.toFixed(0)).join(', ')}`,
    });
    add(`start -> every engine's rows on screen (tmux), ${label}`, median(all), 'ms', {
      budget: 600,
      floor: floor.everyMs,
      floorOf,
      note: `runs ${all.map((x) => x.toFixed(0)).join(', ')}`,
    });
    for (const [name, floor] of Object.entries(floors))
      add(`floor: every engine's rows on ${name}, on screen (tmux), ${label}`, floor.everyMs, 'ms', {
        note: `first engine's rows at ${floor.firstMs.toFixed(0)} ms; self-reported ${floor.selfFirstMs.toFixed(0)} / ${floor.selfEveryMs.toFixed(0)} ms`,
      });

    tmux.start(hosts);
    await tmux.waitFor((s) => s.includes(`${total} volumes`) && s.includes('sizes at'));
    await sleep(settleSeconds * 1000);
    const idleStart = Date.now();
    await sleep(idleSeconds * 1000);
    const perEngineIdle = counters.map((counter) => counter.since(idleStart));
    const fleetMem = memory(tmux.pid());
    tmux.kill();
    for (const [i, engine] of engines.entries()) {
      add(`API requests in ${idleSeconds} s idle on ${engine.name}`, perEngineIdle[i].length, 'requests', {
        budget: 0,
        note: JSON.stringify(summarize(perEngineIdle[i])),
      });
    }

    // One engine holding the same total: the 20.10 engine's fixture grows to it (bench:clean removes it).
    const one = engines[0];
    await createFixture(one, {volumes: total - (countOn(one) - perEngine), image});
    const oneTotal = countOn(one);
    tmux.start(['-H', `unix:///tmp/volscope-fleet-${process.pid}-0.sock`]);
    await tmux.waitFor((s) => s.includes(`${oneTotal} volumes`) && s.includes('sizes at'));
    await sleep((settleSeconds + idleSeconds) * 1000);
    const oneMem = memory(tmux.pid());
    tmux.kill();
    const ratio = fleetMem.rssMb / oneMem.rssMb;
    add(`RSS after idle, ${label} (${total.toLocaleString('en-US')} rows)`, fleetMem.rssMb, 'MB', {
      ratio: `${ratio.toFixed(2)}x one engine with ${oneTotal.toLocaleString('en-US')}`,
      note: `peak ${fleetMem.hwmMb.toFixed(0)} MB; budget 1.5x`,
    });
    add(`RSS after idle, one engine with ${oneTotal.toLocaleString('en-US')} vols`, oneMem.rssMb, 'MB', {
      note: `peak ${oneMem.hwmMb.toFixed(0)} MB`,
    });
    results.add({
      section: 'fleet',
      engine: `${engines.length} engines`,
      figure: `RSS ratio, ${label} against one engine with the same total`,
      value: ratio,
      unit: 'x',
      budget: 1.5,
    });
  } finally {
    tmux.kill();
    for (const counter of counters) await counter.close?.();
  }
}
