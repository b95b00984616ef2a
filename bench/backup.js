// Backup in `npm run bench`: `volscope backup` against the usual recipe
//   docker run --rm -v VOL:/data -v "$PWD":/b busybox tar czf /b/x.tar.gz -C /data .
// on a 200 MB volume of mixed data (half incompressible, half log-like text) and on a volume of
// 5,000 small files, same engine, same run. Prints times, throughput and the ratio.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {DATA_VOLUMES, ensureDataVolume} from './fixture.js';

const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed(cmd, args, options = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {stdio: ['ignore', 'ignore', 'pipe'], ...options});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return performance.now() - t0;
}

export function reportBackup(engines, image, runs = 3, results) {
  for (const engine of engines) {
    console.log(`\n== backup on ${engine.name} (median of ${runs}) ==`);
    for (const name of Object.keys(DATA_VOLUMES)) {
      ensureDataVolume(engine, image, name);
      const bytes =
        Number(
          execFileSync(
            'docker',
            ['-H', engine.url, 'run', '--rm', '-v', `${name}:/v:ro`, image, 'sh', '-c', 'du -sk /v | cut -f1'],
            {encoding: 'utf8'},
          ).trim(),
        ) * 1024;
      const dir = mkdtempSync(join(tmpdir(), 'volscope-bench-backup-'));
      const recipe = [];
      const ours = [];
      const recipeRestore = [];
      const ourRestore = [];
      let recipeSize = 0;
      let ourSize = 0;
      for (let i = 0; i < runs; i++) {
        rmSync(join(dir, 'x.tar.gz'), {force: true});
        recipe.push(
          timed('docker', [
            '-H',
            engine.url,
            'run',
            '--rm',
            '-v',
            `${name}:/data`,
            '-v',
            `${dir}:/b`,
            image,
            'tar',
            'czf',
            '/b/x.tar.gz',
            '-C',
            '/data',
            '.',
          ]),
        );
        recipeSize = statSync(join(dir, 'x.tar.gz')).size;
        const out = join(dir, `ours-${i}.tar.gz`);
        ours.push(
          timed(process.execPath, [BIN, 'backup', name, '-o', out, '--host', engine.url], {
            env: {...process.env, VOLSCOPE_HELPER_IMAGE: image},
          }),
        );
        ourSize = statSync(out).size;
        // Restore, each into a fresh volume: the recipe's `tar xzf` in a container, and ours.
        const into = (tag) => `volscope-bench-restore-${tag}-${process.pid}`;
        execFileSync('docker', ['-H', engine.url, 'volume', 'create', '--label', 'volscope.bench=1', into('recipe')], {
          stdio: 'ignore',
        });
        recipeRestore.push(
          timed('docker', [
            '-H',
            engine.url,
            'run',
            '--rm',
            '-v',
            `${into('recipe')}:/data`,
            '-v',
            `${dir}:/b`,
            image,
            'tar',
            'xzf',
            '/b/x.tar.gz',
            '-C',
            '/data',
          ]),
        );
        ourRestore.push(
          timed(process.execPath, [BIN, 'restore', out, into('ours'), '--host', engine.url], {
            env: {...process.env, VOLSCOPE_HELPER_IMAGE: image},
          }),
        );
        execFileSync('docker', ['-H', engine.url, 'volume', 'rm', into('recipe'), into('ours')], {stdio: 'ignore'});
        rmSync(out);
        rmSync(`${out}.sha256`);
      }
      rmSync(dir, {recursive: true, force: true});
      const mbps = (ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
      const row = (what, ms, note = '') =>
        console.log(`  ${what.padEnd(50)} ${`${ms.toFixed(0)} ms`.padStart(10)}  ${note}`);
      console.log(`  ${name}: ${(bytes / 1e6).toFixed(0)} MB on disk`);
      row(
        'recipe: docker run ... tar czf',
        median(recipe),
        `${mbps(median(recipe))}, ${(recipeSize / 1e6).toFixed(1)} MB archive`,
      );
      row(
        'volscope backup (incl. read-back check)',
        median(ours),
        `${mbps(median(ours))}, ${(ourSize / 1e6).toFixed(1)} MB archive; ${(median(recipe) / median(ours)).toFixed(2)}x as fast as the recipe`,
      );
      row('recipe restore: docker run ... tar xzf', median(recipeRestore), mbps(median(recipeRestore)));
      row(
        'volscope restore (incl. the check on the way)',
        median(ourRestore),
        `${mbps(median(ourRestore))}; ${(median(recipeRestore) / median(ourRestore)).toFixed(2)}x as fast as the recipe`,
      );
      const what = name === 'volscope-bench-200mb' ? '200 MB volume' : '5,000-file volume';
      const speedup = (recipeMs, oursMs, verb) =>
        results?.add({
          section: 'backup',
          engine: engine.name,
          figure: `${verb} ${what}: speed vs the docker run tar recipe`,
          value: recipeMs / oursMs,
          unit: 'x',
          budget: 1,
          atLeast: true,
          ratio: `${oursMs.toFixed(0)} ms vs ${recipeMs.toFixed(0)} ms`,
          note:
            verb === 'backup'
              ? `${(ourSize / 1e6).toFixed(1)} vs ${(recipeSize / 1e6).toFixed(1)} MB archive; read-back check included`
              : 'check on the way included',
        });
      speedup(median(recipe), median(ours), 'backup');
      speedup(median(recipeRestore), median(ourRestore), 'restore');
    }
  }
}
