// Clean-up in `npm run bench`: removing N unused volumes one by one by exact name (volscope prune)
// against the engine's own prune endpoint (docker volume prune), on the same kind of fixture.
import {execFileSync, spawnSync} from 'node:child_process';
import {request} from 'node:http';

const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const LABEL = 'volscope.bench-prune=1';

function fill(engine, count) {
  const names = Array.from({length: count}, (_, i) => `bench-prune-${process.pid}-${i}`);
  for (const name of names)
    execFileSync('docker', ['-H', engine.url, 'volume', 'create', '--label', LABEL, name], {stdio: 'ignore'});
}

/**
 * The engine's own prune of every unused volume, timed at the API (the docker CLI here is too old
 * for --all). Asked as API 1.41, which both engines take as "named ones too".
 */
function enginePrune(engine) {
  const filters = encodeURIComponent(JSON.stringify({label: [LABEL]}));
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {socketPath: engine.socket, path: `/v1.41/volumes/prune?filters=${filters}`, method: 'POST'},
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          const deleted = JSON.parse(body).VolumesDeleted ?? [];
          if (res.statusCode !== 200 || deleted.length === 0)
            reject(new Error(`engine prune: ${res.statusCode} ${body.slice(0, 200)}`));
          else resolve(performance.now() - t0);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function time(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {stdio: ['ignore', 'ignore', 'pipe']});
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return performance.now() - t0;
}

export async function reportPrune(engines, results, count = 200) {
  for (const engine of engines) {
    console.log(`\n== prune on ${engine.name}: ${count} unused named volumes ==`);
    fill(engine, count);
    const docker = await enginePrune(engine);
    fill(engine, count);
    const volscope = time(process.execPath, [BIN, 'prune', '--all', '--yes', '--label', LABEL, '--host', engine.url]);
    const row = (what, ms, note = '') =>
      console.log(`  ${what.padEnd(46)} ${`${ms.toFixed(0)} ms`.padStart(12)}  ${note}`);
    row('POST /v1.41/volumes/prune (engine endpoint)', docker, 'all unused, as docker volume prune --all');
    row(
      'volscope prune --yes (exact names, one by one)',
      volscope,
      `${(volscope / docker).toFixed(2)}x docker volume prune; ${(volscope / count).toFixed(1)} ms a volume`,
    );
    results?.add({
      section: 'prune',
      engine: engine.name,
      figure: `prune ${count} unused volumes, exact names`,
      value: volscope,
      unit: 'ms',
      ratio: `${(volscope / docker).toFixed(2)}x the engine's prune endpoint (${docker.toFixed(0)} ms)`,
      note: 'process start and preview included',
    });
  }
}
