// Keypress to frame inside the process, without a terminal in the loop: the real App over the
// in-memory gateway with N volumes, a key written to stdin, the time until Ink writes the frame.
import {EventEmitter} from 'node:events';

// chalk decides at import whether it may style; a fake stdout is no terminal, and without styles
// moving the selection (inverse video) would change no byte and draw no frame to time.
process.env.FORCE_COLOR = '3';
process.env.NODE_ENV ??= 'production'; // as bin/volscope.js does
const {render} = await import('ink');
const {default: React} = await import('react');
const {App} = await import('../dist/tui/App.js');
const {LiveStore} = await import('../dist/docker/live-store.js');
const {MemoryGateway} = await import('../dist/testing/memory-gateway.js');
const {createTheme} = await import('../dist/ui/theme.js');
const {MemoryFileService} = await import('../dist/testing/memory-files.js');

/** `count` volumes on each of `engines` in-memory engines (one table, an ENGINE column from two on). */
export async function keypressLatency(
  count,
  {
    presses = 200,
    columns = 160,
    rows = 50,
    keys = ['j', 'j', 'k', '\u001b[6~', 'G', 'g', 'S', 'N'],
    files,
    engines = 1,
  } = {},
) {
  const stores = [];
  for (let e = 0; e < engines; e++) stores.push(await memoryStore(count));
  const stdout = Object.assign(new EventEmitter(), {
    columns,
    rows,
    isTTY: true,
    write() {
      this.emit('frame');
      return true;
    },
  });
  const stdin = Object.assign(new EventEmitter(), {
    isTTY: true,
    setRawMode() {},
    setEncoding() {},
    resume() {},
    pause() {},
    ref() {},
    unref() {},
    read: () => null,
  });
  const links = stores.map((store, e) => ({
    name: engines === 1 ? 'local' : `engine-${e + 1}`,
    source: store,
    files,
    pruneByLabel: true,
    dockerFlags: '',
  }));
  const ink = render(React.createElement(App, {engines: links, theme: createTheme({ascii: false, color: true})}), {
    stdout,
    stdin,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 120,
  });
  await new Promise((r) => setTimeout(r, 500 * engines));
  if (files) {
    // Open the first volume's browser and let its listing settle.
    stdin.emit('data', '\r');
    await new Promise((r) => setTimeout(r, 2000));
  }
  const times = [];
  for (let i = 0; i < presses; i++) {
    const frame = new Promise((resolve) => stdout.once('frame', resolve));
    const t0 = performance.now();
    stdin.emit('data', keys[i % keys.length]);
    await frame;
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  ink.unmount();
  for (const store of stores) store.stop();
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length / 2)],
    p95: times[Math.ceil(times.length * 0.95) - 1],
    max: times.at(-1),
    rssMb: process.memoryUsage().rss / 1048576,
  };
}

async function memoryStore(count) {
  const volumes = [];
  const usage = new Map();
  for (let i = 0; i < count; i++) {
    const name = `vol-${String(i).padStart(5, '0')}`;
    volumes.push({
      name,
      driver: 'local',
      scope: 'local',
      mountpoint: `/v/${name}`,
      createdAt: new Date(1.7e12 + i * 6e4).toISOString(),
      labels: {},
      options: {},
      status: {},
    });
    usage.set(name, {size: i * 1000, refCount: 0});
  }
  const containers = Array.from({length: 50}, (_, c) => ({
    id: `c${c}`,
    name: `ctr-${c}`,
    state: c % 2 ? 'exited' : 'running',
    mounts: volumes.slice(c * 3, c * 3 + 3).map((v) => ({volumeName: v.name, destination: '/d', readOnly: false})),
  }));
  const gateway = new MemoryGateway({volumes, containers, usage});
  const store = new LiveStore(gateway);
  await store.start();
  return store;
}

export async function reportKeypress(results) {
  console.log('\n== keypress -> frame in-process (j j k PgDn G g S N, 200 presses; Ink writes the frame) ==');
  for (const [columns, rows] of [
    [120, 30],
    [160, 50],
  ]) {
    for (const count of [1000, 10_000]) {
      const r = await keypressLatency(count, {columns, rows});
      console.log(
        `  ${columns}x${rows}, ${String(count).padStart(6)} volumes: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; process RSS ${r.rssMb.toFixed(0)} MB`,
      );
      results?.add({
        section: 'keys',
        engine: 'in-process',
        figure: `keypress -> frame p95, 200 keys, ${count.toLocaleString('en-US')} rows, ${columns}x${rows}`,
        value: r.p95,
        unit: 'ms',
        ...(count === 10_000 ? {budget: 50} : {}),
        note: `p50 ${r.p50.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; keys j j k PgDn G g S N`,
      });
    }
  }
  // Four engines in one table (ENGINE column, rows of all four merged): the many-engines budget.
  const r = await keypressLatency(10_000, {columns: 160, rows: 50, engines: 4});
  console.log(
    `  160x50, 4 engines x 10,000 volumes: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; process RSS ${r.rssMb.toFixed(0)} MB`,
  );
  results?.add({
    section: 'keys',
    engine: 'in-process',
    figure: 'keypress -> frame p95, 200 keys, 4 engines x 10,000 rows, 160x50',
    value: r.p95,
    unit: 'ms',
    budget: 50,
    note: `p50 ${r.p50.toFixed(1)} ms, max ${r.max.toFixed(1)} ms`,
  });
}

/** The file browser over a directory of `count` files (in memory: the helper's listing time is in browse.js). */
export async function reportBrowserKeypress(results) {
  console.log('\n== keypress -> frame in the file browser (same keys; S and N re-sort the whole directory) ==');
  for (const count of [1000, 100_000]) {
    const children = Array.from({length: count}, (_, i) => ({
      name: `file-${String(i).padStart(6, '0')}.log`,
      size: (i * 7919) % 1_000_000,
      mtimeMs: 1.7e12 + i * 1000,
    }));
    const files = new MemoryFileService({'vol-00000': [{name: 'big', children}, ...children]});
    const r = await keypressLatency(1, {columns: 120, rows: 30, files});
    console.log(
      `  120x30, ${String(count).padStart(7)} files: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; process RSS ${r.rssMb.toFixed(0)} MB`,
    );
    results?.add({
      section: 'keys',
      engine: 'in-process',
      figure: `file browser keypress -> frame p95, ${count.toLocaleString('en-US')} files, 120x30`,
      value: r.p95,
      unit: 'ms',
      note: `p50 ${r.p50.toFixed(1)} ms; S and N re-sort the whole directory`,
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await reportKeypress();
  await reportBrowserKeypress();
}
