// Huge volumes in `npm run bench -- --only huge`: backup, verify, restore, clone (inside an engine
// and between two) and export of a 500 MB and a 5 GB volume (a few big files and 20,000 / 200,000
// small ones), each in its own process with its RSS sampled from /proc (VmHWM, every 50 ms): the
// peak has a budget of 150 MB whatever the size, and the time should grow with the size (the
// 5 GB / 500 MB ratio is printed beside 10). Plus a preview of a 2 GB file: it reads only what it shows.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {memory} from './proc.js';

const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const EXPORT = new URL('./huge-export.js', import.meta.url).pathname;
const RSS_BUDGET_MB = 150;
const SHAPES = [
  {label: '500 MB', big: 4, bigMb: 100, small: 20_000},
  {label: '5 GB', big: 4, bigMb: 1200, small: 200_000},
];

/** Runs a command to its end, sampling its peak RSS; returns ms and MB. */
export function measured(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}});
    let peak = 0;
    let out = '';
    let err = '';
    const sample = () => {
      try {
        peak = Math.max(peak, memory(child.pid).hwmMb);
      } catch {}
    };
    const timer = setInterval(sample, 50);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-500)}`));
      else resolve({ms: performance.now() - started, rssMb: peak, out});
    });
  });
}

function docker(engine, ...args) {
  return execFileSync('docker', ['-H', engine.url, ...args], {encoding: 'utf8', maxBuffer: 64 << 20}).trim();
}

export function makeVolume(engine, image, name, shape) {
  docker(engine, 'volume', 'create', '--label', 'volscope.bench=1', name);
  const dirs = Math.ceil(shape.small / 1000);
  const script = [
    'set -e; cd /v',
    `i=0; while [ $i -lt ${shape.big} ]; do head -c ${shape.bigMb}000000 /dev/urandom > big-$i.bin; i=$((i+1)); done`,
    `d=0; while [ $d -lt ${dirs} ]; do mkdir s$d; cd s$d; f=0; while [ $f -lt 1000 ]; do echo "small file $d/$f" > f$f; f=$((f+1)); done; cd ..; d=$((d+1)); done`,
  ].join('\n');
  docker(engine, 'run', '--rm', '--network', 'none', '-v', `${name}:/v`, image, 'sh', '-c', script);
}

export async function reportHuge(engines, image, results) {
  const [engine, other] = engines;
  const env = {VOLSCOPE_HELPER_IMAGE: image};
  const byShape = new Map();
  for (const shape of SHAPES) {
    const name = `volscope-bench-huge-${shape.label.replace(/\s/g, '').toLowerCase()}`;
    console.log(
      `\n== huge: ${shape.label} on ${engine.name} (${shape.big} x ${shape.bigMb} MB random + ${shape.small.toLocaleString('en-US')} small files) ==`,
    );
    const made = performance.now();
    makeVolume(engine, image, name, shape);
    console.log(`  made in ${((performance.now() - made) / 1000).toFixed(0)} s`);
    const dir = mkdtempSync(join(tmpdir(), 'volscope-bench-huge-'));
    const file = join(dir, 'huge.tar.gz');
    const figures = {};
    const run = async (what, cmd, args, extraEnv = env) => {
      const r = await measured(cmd, args, extraEnv);
      figures[what] = r;
      console.log(
        `  ${what.padEnd(34)} ${(r.ms / 1000).toFixed(1).padStart(7)} s   RSS peak ${r.rssMb.toFixed(0).padStart(4)} MB`,
      );
      return r;
    };
    try {
      await run('backup', process.execPath, [BIN, 'backup', name, '-o', file, '--host', engine.url]);
      const key = join(dir, 'key.txt');
      execFileSync('age-keygen', ['-o', key], {stdio: 'ignore'});
      const recipient = execFileSync('age-keygen', ['-y', key], {encoding: 'utf8'}).trim();
      const sealed = join(dir, 'huge.tar.gz.age');
      await run('backup, age-encrypted', process.execPath, [
        BIN,
        'backup',
        name,
        '-o',
        sealed,
        '--encrypt-to',
        recipient,
        '--host',
        engine.url,
      ]);
      rmSync(sealed, {force: true});
      rmSync(`${sealed}.sha256`, {force: true});
      await run('verify', process.execPath, [BIN, 'verify', file]);
      await run('restore', process.execPath, [BIN, 'restore', file, `${name}-restored`, '--host', engine.url]);
      docker(engine, 'volume', 'rm', `${name}-restored`);
      await run('clone inside the engine', process.execPath, [
        BIN,
        'clone',
        name,
        `${name}-clone`,
        '--host',
        engine.url,
      ]);
      docker(engine, 'volume', 'rm', `${name}-clone`);
      if (other) {
        const config = mkdtempSync(join(tmpdir(), 'volscope-bench-ctx-'));
        for (const [ctx, e] of [
          ['src', engine],
          ['dst', other],
        ])
          execFileSync('docker', ['--config', config, 'context', 'create', ctx, '--docker', `host=${e.url}`], {
            stdio: 'ignore',
          });
        await run(
          `clone ${engine.name} -> ${other.name}`,
          process.execPath,
          [BIN, 'clone', `src:${name}`, `dst:${name}-x`],
          {...env, DOCKER_CONFIG: config},
        );
        docker(other, 'volume', 'rm', `${name}-x`);
        rmSync(config, {recursive: true, force: true});
      }
      rmSync(file, {force: true});
      rmSync(`${file}.sha256`, {force: true});
      await run("export (the browser's x, whole volume)", process.execPath, [
        EXPORT,
        'export',
        engine.socket,
        image,
        name,
        join(dir, 'exported'),
      ]);
      rmSync(join(dir, 'exported'), {recursive: true, force: true});
      if (shape.bigMb >= 1000) {
        // A 2 GB file: the preview must read only the first MiB.
        docker(
          engine,
          'run',
          '--rm',
          '--network',
          'none',
          '-v',
          `${name}:/v`,
          image,
          'sh',
          '-c',
          'head -c 2000000000 /dev/zero > /v/two-gb.bin',
        );
        const r = await measured(process.execPath, [EXPORT, 'preview', engine.socket, image, name, 'two-gb.bin']);
        const {bytes, ms} = JSON.parse(r.out);
        console.log(
          `  preview of a 2 GB file: ${bytes.toLocaleString('en-US')} bytes read in ${ms.toFixed(0)} ms (RSS peak ${r.rssMb.toFixed(0)} MB)`,
        );
        results.add({
          section: 'huge',
          engine: engine.name,
          figure: 'preview of a 2 GB file: bytes read',
          value: bytes,
          unit: 'bytes',
          budget: 1024 * 1024,
          note: `${ms.toFixed(0)} ms, the helper reads the first MiB only`,
        });
      }
    } finally {
      rmSync(dir, {recursive: true, force: true});
      for (const v of [name, `${name}-restored`, `${name}-clone`])
        if (docker(engine, 'volume', 'ls', '-q', '--filter', `name=^${v}$`)) docker(engine, 'volume', 'rm', '-f', v);
      if (other && docker(other, 'volume', 'ls', '-q', '--filter', `name=^${name}-x$`))
        docker(other, 'volume', 'rm', '-f', `${name}-x`);
    }
    byShape.set(shape.label, figures);
  }
  for (const [label, figures] of byShape) {
    if (!figures['backup, age-encrypted']) continue;
    results.add({
      section: 'huge',
      engine: engine.name,
      figure: `encrypted backup at ${label}: time vs a plain backup`,
      value: Number((figures['backup, age-encrypted'].ms / figures.backup.ms).toFixed(2)),
      unit: 'x',
      budget: 1.15,
      ratio: `${(figures['backup, age-encrypted'].ms / 1000).toFixed(1)} s vs ${(figures.backup.ms / 1000).toFixed(1)} s`,
    });
  }
  const [small, large] = [byShape.get('500 MB'), byShape.get('5 GB')];
  for (const what of Object.keys(large ?? {})) {
    const growth = large[what].ms / small[what].ms;
    results.add({
      section: 'huge',
      engine: engine.name,
      figure: `${what}: RSS peak at 5 GB`,
      value: Math.round(large[what].rssMb),
      unit: 'MB',
      budget: RSS_BUDGET_MB,
      note: `${small[what].rssMb.toFixed(0)} MB at 500 MB`,
    });
    results.add({
      section: 'huge',
      engine: engine.name,
      figure: `${what}: time 500 MB -> 5 GB`,
      value: Number((large[what].ms / 1000).toFixed(1)),
      unit: 's',
      note: `${(small[what].ms / 1000).toFixed(1)} s at 500 MB: ${growth.toFixed(1)}x for 10x the data (linear: 10x)`,
    });
  }
}
