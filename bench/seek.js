// One file back out of a backup, in `npm run bench -- --only seek` (opt-in: a 5 GB volume, minutes
// and ~12 GB of disk). The huge fixture's 5 GB shape (4 x 1.2 GB random + 200,000 small files) is
// backed up once; then one 1 KB file comes back out of it three ways, each in its own process with
// its RSS sampled: `tar xzf ARCHIVE PATH` (which reads to the end), `volscope extract` (which seeks
// through the index), the same over sftp from a loopback sshd; and the archive's tree is opened as
// the browser opens it. Budgets: extract <= 1 s, tree <= 500 ms, RSS <= 150 MB.
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {makeVolume, measured} from './huge.js';
import {startBenchSshd} from './sshd.js';

const BIN = new URL('../bin/volscope.js', import.meta.url).pathname;
const OPEN = new URL('./seek-open.js', import.meta.url).pathname;
const SHAPE = {label: '5 GB', big: 4, bigMb: 1200, small: 200_000};
/** One small file of the fixture, in the middle of the archive. */
const WANTED = 's100/f500';

export async function reportSeek(engines, image, runs, results) {
  const [engine] = engines;
  const name = 'volscope-bench-seek';
  const dir = mkdtempSync(join(tmpdir(), 'volscope-bench-seek-'));
  const file = join(dir, 'seek.tar.gz');
  console.log(`\n== seek: one 1 KB file out of a ${SHAPE.label} backup (${engine.name}) ==`);
  const sshd = await startBenchSshd();
  try {
    makeVolume(engine, image, name, SHAPE);
    const made = await measured(process.execPath, [BIN, 'backup', name, '-o', file, '--host', engine.url], {
      VOLSCOPE_HELPER_IMAGE: image,
    });
    const size = Number(execFileSync('stat', ['-c', '%s', file], {encoding: 'utf8'}));
    console.log(`  backup: ${(size / 1e9).toFixed(2)} GB in ${(made.ms / 1000).toFixed(0)} s`);
    const median = async (label, cmd, args, env = {}) => {
      const all = [];
      for (let i = 0; i < runs; i++) all.push(await measured(cmd, args, env));
      all.sort((a, b) => a.ms - b.ms);
      const r = all[Math.floor(all.length / 2)];
      console.log(
        `  ${label.padEnd(46)} ${r.ms.toFixed(0).padStart(7)} ms   RSS peak ${r.rssMb.toFixed(0).padStart(4)} MB`,
      );
      return r;
    };
    const out = (i) => join(dir, `out-${i}-${Math.random().toString(36).slice(2)}`);
    const tar = await median('tar xzf ARCHIVE ./PATH (reads to the end)', 'sh', [
      '-c',
      `mkdir -p "$2" && tar -xzf "$1" -C "$2" "./${WANTED}"`,
      'sh',
      file,
      out('tar'),
    ]);
    const seek = await median('volscope extract --path PATH (seeks)', process.execPath, [
      BIN,
      'extract',
      file,
      '--path',
      WANTED,
      '-o',
      out('vs'),
      '--overwrite',
    ]);
    const remote = `sftp://root@127.0.0.1:${sshd.port}${file}`;
    const sftp = await median(
      'volscope extract from sftp:// (seeks)',
      process.execPath,
      [BIN, 'extract', remote, '--path', WANTED, '-o', out('sftp'), '--overwrite'],
      {HOME: sshd.home},
    );
    const tree = await median('open the tree (tail, index, root listing)', process.execPath, [OPEN, file]);
    const opened = JSON.parse(tree.out);
    const check = readFileSync(join(dir, readdirFirst(dir, 'out-vs'), WANTED), 'utf8');
    if (!check.startsWith('small file 100/500')) throw new Error(`extracted the wrong bytes: ${check}`);
    const common = {section: 'seek', engine: 'this machine'};
    results.add({
      ...common,
      figure: `extract one small file out of ${SHAPE.label}`,
      value: Math.round(seek.ms),
      unit: 'ms',
      budget: 1000,
      ratio: `${(tar.ms / seek.ms).toFixed(0)}x faster than tar xzf (${(tar.ms / 1000).toFixed(1)} s)`,
    });
    results.add({
      ...common,
      figure: `the same over sftp (loopback)`,
      value: Math.round(sftp.ms),
      unit: 'ms',
      budget: 1000,
    });
    results.add({
      ...common,
      figure: `open the tree at ${opened.entries.toLocaleString('en-US')} entries`,
      value: Math.round(opened.ms),
      unit: 'ms',
      budget: 500,
      note: `in-process time; the whole process ${tree.ms.toFixed(0)} ms`,
    });
    results.add({
      ...common,
      figure: 'RSS peak of extract / tree open',
      value: Math.round(Math.max(seek.rssMb, tree.rssMb, sftp.rssMb)),
      unit: 'MB',
      budget: 150,
      note: `extract ${seek.rssMb.toFixed(0)}, sftp ${sftp.rssMb.toFixed(0)}, tree ${tree.rssMb.toFixed(0)}; tar ${tar.rssMb.toFixed(0)}`,
    });
  } finally {
    sshd.stop();
    rmSync(dir, {recursive: true, force: true});
    execFileSync('docker', ['-H', engine.url, 'volume', 'rm', '-f', name], {stdio: 'ignore'});
  }
}

function readdirFirst(dir, prefix) {
  return execFileSync('ls', [dir], {encoding: 'utf8'})
    .split('\n')
    .find((n) => n.startsWith(prefix));
}
