// volscope cp in `npm run bench`, side by side with docker cp into and out of a container that
// mounts the volume (created, never started: docker cp's usual way to reach a volume):
// a 200 MB folder (half random, half log text) and a folder of 5,000 small files, each way.
// Each run copies into a fresh volume or a fresh local folder. Budget: ≤ 1.2× docker cp.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const LABEL = 'volscope.bench';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Written data still in the page cache makes the next file creations wait on the journal: each run starts clean. */
function timed(cmd, args, env = process.env) {
  execFileSync('sync');
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {stdio: ['ignore', 'ignore', 'pipe'], env});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return performance.now() - t0;
}

/** The two local folders, made once per bench run. */
function makeSources(root) {
  const big = join(root, 'data-200mb');
  mkdirSync(big);
  writeFileSync(join(big, 'media.bin'), randomBytes(100_000_000));
  const lines = [];
  for (let i = 0; i < 1_700_000; i++)
    lines.push(`2026-12-06T08:00:00Z level=info request=${i} path=/api/items took=${i % 97}ms`);
  writeFileSync(join(big, 'app.log'), `${lines.join('\n').slice(0, 100_000_000)}\n`);
  const small = join(root, 'files-5000');
  for (let d = 0; d < 50; d++) {
    mkdirSync(join(small, `d${d}`), {recursive: true});
    for (let f = 0; f < 100; f++) writeFileSync(join(small, `d${d}`, `f${f}.txt`), `${'x'.repeat(f * 40)}\n`);
  }
  return [
    {what: '200 MB folder', path: big, name: 'data-200mb'},
    {what: '5,000-file folder', path: small, name: 'files-5000'},
  ];
}

export function reportCopy(engines, image, runs = 3, results) {
  const root = mkdtempSync(join(tmpdir(), 'volscope-bench-cp-'));
  const sources = makeSources(root);
  try {
    for (const engine of engines) {
      console.log(`\n== cp on ${engine.name} (median of ${runs}) ==`);
      const docker = (...args) => execFileSync('docker', ['-H', engine.url, ...args], {encoding: 'utf8'}).trim();
      const env = {...process.env, VOLSCOPE_HELPER_IMAGE: image};
      for (const source of sources) {
        const times = {dockerIn: [], oursIn: [], dockerOut: [], oursOut: []};
        for (let i = 0; i < runs; i++) {
          for (const way of ['docker', 'ours']) {
            const volume = `volscope-bench-cp-${way}-${process.pid}-${i}`;
            docker('volume', 'create', '--label', `${LABEL}=1`, volume);
            const container = docker('create', '--label', `${LABEL}=1`, '-v', `${volume}:/data`, image, 'true');
            const out = join(root, `out-${way}-${i}`);
            try {
              if (way === 'docker') {
                times.dockerIn.push(timed('docker', ['-H', engine.url, 'cp', source.path, `${container}:/data/`]));
                times.dockerOut.push(
                  timed('docker', ['-H', engine.url, 'cp', `${container}:/data/${source.name}`, out]),
                );
              } else {
                times.oursIn.push(
                  timed(process.execPath, [BIN, 'cp', source.path, `${volume}:/`, '--host', engine.url], env),
                );
                times.oursOut.push(
                  timed(process.execPath, [BIN, 'cp', `${volume}:/${source.name}`, out, '--host', engine.url], env),
                );
              }
            } finally {
              docker('rm', '-f', container);
              docker('volume', 'rm', '-f', volume);
              rmSync(out, {recursive: true, force: true});
            }
          }
        }
        for (const [direction, ours, theirs] of [
          ['into a volume', times.oursIn, times.dockerIn],
          ['out of a volume', times.oursOut, times.dockerOut],
        ]) {
          const ratio = median(ours) / median(theirs);
          console.log(
            `  ${source.what} ${direction}: volscope cp ${median(ours).toFixed(0)} ms, docker cp ${median(theirs).toFixed(0)} ms (${ratio.toFixed(2)}x)`,
          );
          results?.add({
            section: 'cp',
            engine: engine.name,
            figure: `cp ${source.what} ${direction}: time vs docker cp`,
            value: ratio,
            unit: 'x',
            budget: 1.2,
            ratio: `${median(ours).toFixed(0)} ms vs ${median(theirs).toFixed(0)} ms`,
            note: 'docker cp through a created container that mounts the volume; atomic placing included',
          });
        }
      }
    }
  } finally {
    rmSync(root, {recursive: true, force: true});
  }
}
