// Browsing in `npm run bench`: listing a directory of 10, 1,000 and 100,000 entries through the
// helper (warm: the helper already runs; cold: start the helper, then list), side by side with what
// a user would type: `docker run --rm -v VOL:/data:ro busybox ls -la /data/DIR`.
import {execFileSync, spawnSync} from 'node:child_process';
import Docker from 'dockerode';
import {DockerFileService} from '../dist/docker/volume-files.js';

const VOLUME = 'volscope-bench-browse';
const SIZES = [10, 1000, 100_000];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

/** One volume with d10, d1000 and d100000, made once and kept (it takes a while to fill). */
function ensureVolume(engine, image) {
  const ready = spawnSync('docker', [
    '-H',
    engine.url,
    'run',
    '--rm',
    '-v',
    `${VOLUME}:/v:ro`,
    image,
    'test',
    '-e',
    '/v/d100000/f99999',
  ]);
  if (ready.status === 0) return;
  execFileSync('docker', ['-H', engine.url, 'volume', 'create', '--label', 'volscope.bench=1', VOLUME]);
  const script = SIZES.map(
    (n) =>
      `mkdir -p /v/d${n}; cd /v/d${n}; i=0; while [ $i -lt ${n} ]; do set --; j=0; while [ $j -lt 1000 ] && [ $i -lt ${n} ]; do set -- "$@" f$i; i=$((i+1)); j=$((j+1)); done; touch "$@"; done`,
  ).join('; ');
  execFileSync('docker', [
    '-H',
    engine.url,
    'run',
    '--rm',
    '--network',
    'none',
    '-v',
    `${VOLUME}:/v`,
    image,
    'sh',
    '-c',
    script,
  ]);
}

async function listOnce(session, dir) {
  let count = 0;
  const t0 = performance.now();
  await session.list([Buffer.from(dir)], (entries) => (count += entries.length));
  return {ms: performance.now() - t0, count};
}

export async function reportBrowse(engines, image, runs, results) {
  for (const engine of engines) {
    console.log(`\n== browsing on ${engine.name}: list a directory (median of ${runs}) ==`);
    ensureVolume(engine, image);
    const service = new DockerFileService(new Docker({socketPath: engine.socket}), image);
    const cold = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const session = await service.open(VOLUME, () => undefined);
      await listOnce(session, 'd1000');
      cold.push(performance.now() - t0);
      await session.close();
    }
    const session = await service.open(VOLUME, () => undefined);
    const row = (what, value, note = '') => console.log(`  ${what.padEnd(46)} ${String(value).padStart(12)}  ${note}`);
    for (const n of SIZES) {
      const dir = `d${n}`;
      await listOnce(session, dir);
      const warm = [];
      for (let i = 0; i < runs; i++) {
        const {ms: took, count} = await listOnce(session, dir);
        if (count !== n) throw new Error(`listed ${count} entries of ${dir}, expected ${n}`);
        warm.push(took);
      }
      const cli = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const r = spawnSync(
          'docker',
          [
            '-H',
            engine.url,
            'run',
            '--rm',
            '--network',
            'none',
            '-v',
            `${VOLUME}:/data:ro`,
            image,
            'ls',
            '-la',
            `/data/${dir}`,
          ],
          {stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28},
        );
        if (r.status !== 0) throw new Error(`docker run ls failed: ${r.stderr}`);
        cli.push(performance.now() - t0);
      }
      row(`docker run --rm ... ls -la (${n.toLocaleString('en-US')} entries)`, ms(median(cli)));
      row(
        `volscope list, helper warm (${n.toLocaleString('en-US')} entries)`,
        ms(median(warm)),
        `${(median(warm) / median(cli)).toFixed(2)}x docker run ls -la`,
      );
      results?.add({
        section: 'browse',
        engine: engine.name,
        figure: `list a directory of ${n.toLocaleString('en-US')} entries`,
        value: median(warm),
        unit: 'ms',
        ...(n === 1000 ? {budget: 200} : {}),
        ratio: `${(median(warm) / median(cli)).toFixed(2)}x docker run ls -la (${median(cli).toFixed(0)} ms)`,
      });
    }
    row('volscope start helper + list (1,000 entries)', ms(median(cold)), 'what opening a volume costs');
    results?.add({
      section: 'browse',
      engine: engine.name,
      figure: 'open a volume: start the helper, list 1,000 entries',
      value: median(cold),
      unit: 'ms',
    });
    await session.close();
  }
}
