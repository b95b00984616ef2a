// Backups that leave the machine, in `npm run bench` (--only offsite): an age-encrypted backup
// against a plain one of the same 200 MB volume (budget: at most 1.15x the time, RSS within 150 MB),
// and volscope's sftp upload of an archive against `scp` of the same file over loopback (budget: at
// least 80 % of scp's throughput). The 5 GB encrypted figure is in --only huge.
import {execFileSync} from 'node:child_process';
import {createReadStream, mkdtempSync, readdirSync, rmSync, statSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureDataVolume} from './fixture.js';
import {measured} from './huge.js';
import {median} from './proc.js';
import {startBenchSshd} from './sshd.js';

const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const VOLUME = 'volscope-bench-200mb';
const RSS_BUDGET_MB = 150;

export async function reportOffsite(engines, image, runs, results) {
  const engine = engines[0];
  ensureDataVolume(engine, image, VOLUME);
  const dir = mkdtempSync(join(tmpdir(), 'volscope-bench-offsite-'));
  const key = join(dir, 'key.txt');
  execFileSync('age-keygen', ['-o', key], {stdio: 'ignore'});
  const recipient = execFileSync('age-keygen', ['-y', key], {encoding: 'utf8'}).trim();
  const env = {VOLSCOPE_HELPER_IMAGE: image};
  console.log(`\n== offsite: encrypted backup on ${engine.name} (${VOLUME}, median of ${runs}) ==`);
  const plain = [];
  const sealed = [];
  for (let i = 0; i < runs; i++) {
    // Alternated, so that the disk's and the engine's warm-up fall on both alike.
    const p = await measured(
      process.execPath,
      [BIN, 'backup', VOLUME, '-o', join(dir, `plain-${i}.tar.gz`), '--host', engine.url],
      env,
    );
    const s = await measured(
      process.execPath,
      [
        BIN,
        'backup',
        VOLUME,
        '-o',
        join(dir, `sealed-${i}.tar.gz.age`),
        '--encrypt-to',
        recipient,
        '--host',
        engine.url,
      ],
      env,
    );
    plain.push(p);
    sealed.push(s);
  }
  const plainMs = median(plain.map((r) => r.ms));
  const sealedMs = median(sealed.map((r) => r.ms));
  const sealedRss = Math.max(...sealed.map((r) => r.rssMb));
  console.log(
    `  plain backup      ${plainMs.toFixed(0)} ms   RSS peak ${Math.max(...plain.map((r) => r.rssMb)).toFixed(0)} MB`,
  );
  console.log(
    `  age-encrypted     ${sealedMs.toFixed(0)} ms   RSS peak ${sealedRss.toFixed(0)} MB   ${(sealedMs / plainMs).toFixed(2)}x`,
  );
  results.add({
    section: 'offsite',
    engine: engine.name,
    figure: 'encrypted backup, 200 MB volume: time vs a plain backup',
    value: sealedMs / plainMs,
    unit: 'x',
    budget: 1.15,
    ratio: `${sealedMs.toFixed(0)} ms vs ${plainMs.toFixed(0)} ms`,
    note: 'age to one X25519 recipient; read-back check included in both',
  });
  results.add({
    section: 'offsite',
    engine: engine.name,
    figure: 'encrypted backup, 200 MB volume: peak RSS',
    value: sealedRss,
    unit: 'MB',
    budget: RSS_BUDGET_MB,
  });

  // The same archive, up to a loopback sshd: scp against volscope's SFTP upload (the store the
  // backup uses, with its SHA-256 check of what arrived).
  const archive = join(dir, 'plain-0.tar.gz');
  const bytes = statSync(archive).size;
  const sshd = await startBenchSshd();
  const remote = mkdtempSync(join(tmpdir(), 'volscope-bench-sftp-'));
  const {openRemote} = await import('../dist/targets/open.js');
  const {parseStoreAddress} = await import('../dist/model/store-address.js');
  const sha256 = await new Promise((resolve) => {
    const hash = createHash('sha256');
    createReadStream(archive)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')));
  });
  const scp = [];
  const ours = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      execFileSync('scp', [
        '-q',
        '-P',
        String(sshd.port),
        '-i',
        sshd.key,
        '-o',
        `UserKnownHostsFile=${sshd.knownHosts}`,
        '-o',
        'StrictHostKeyChecking=yes',
        archive,
        `root@127.0.0.1:${remote}/scp-${i}.tar.gz`,
      ]);
      scp.push(performance.now() - t0);
      const store = openRemote(parseStoreAddress(`sftp://root@127.0.0.1:${sshd.port}${remote}`), {
        env: {HOME: sshd.home},
      });
      const t1 = performance.now();
      const upload = await store.upload(`ours-${i}.tar.gz`);
      for await (const chunk of createReadStream(archive, {highWaterMark: 1 << 20})) await upload.write(chunk);
      await upload.commit(sha256);
      ours.push(performance.now() - t1);
      await store.close();
    }
  } finally {
    sshd.stop();
  }
  const scpMs = median(scp);
  const oursMs = median(ours);
  const rate = (ms) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;
  console.log(`  scp of the ${(bytes / 1e6).toFixed(0)} MB archive   ${scpMs.toFixed(0)} ms  ${rate(scpMs)}`);
  console.log(
    `  volscope sftp upload (+ SHA-256 check)   ${oursMs.toFixed(0)} ms  ${rate(oursMs)}  ${((scpMs / oursMs) * 100).toFixed(0)} % of scp`,
  );
  results.add({
    section: 'offsite',
    engine: 'loopback sshd',
    figure: `sftp upload of a ${(bytes / 1e6).toFixed(0)} MB archive: throughput vs scp`,
    value: (scpMs / oursMs) * 100,
    unit: '%',
    budget: 80,
    atLeast: true,
    ratio: `${rate(oursMs)} vs ${rate(scpMs)}`,
    note: "ours includes the server's sha256sum of what arrived",
  });
  if (readdirSync(remote).some((n) => n.includes('.volscope-')))
    console.log('  (a temporary file was left on the server!)');
  rmSync(remote, {recursive: true, force: true});
  rmSync(dir, {recursive: true, force: true});
}
