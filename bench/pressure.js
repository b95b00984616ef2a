// Memory under hostile input, as budgets (the tests check the behaviour, the bench the footprint):
// a gzip bomb verified by the built CLI in its own process, its peak RSS sampled from /proc.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {measured} from './huge.js';

/** A tar of one file of `gib` GiB of zeros, gzip'd as 64 MiB members: ~2 MB for 2 GiB. */
function gzipBomb(gib) {
  const header = Buffer.alloc(512);
  header.write('./huge.bin', 0, 'ascii');
  header.write('0000644\0', 100, 'ascii');
  header.write('0000000\0', 108, 'ascii');
  header.write('0000000\0', 116, 'ascii');
  header.write(`${(gib * 2 ** 30).toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write('00000000000\0', 136, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  header.write('        ', 148, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const member = gzipSync(Buffer.alloc(64 << 20), {level: 9});
  return Buffer.concat([
    gzipSync(header),
    ...Array.from({length: gib * 16}, () => member),
    gzipSync(Buffer.alloc(1024)),
  ]);
}

export async function reportPressure(results) {
  const dir = mkdtempSync(join(tmpdir(), 'volscope-bench-pressure-'));
  try {
    const bomb = gzipBomb(2);
    const path = join(dir, 'bomb.tar.gz');
    writeFileSync(path, bomb);
    const run = await measured(process.execPath, ['bin/volscope.js', 'verify', path]);
    console.log(`gzip bomb: ${(bomb.length / 1e6).toFixed(1)} MB -> 2 GiB verified in ${(run.ms / 1000).toFixed(1)} s`);
    results.add({
      section: 'pressure',
      engine: '-',
      figure: `volscope verify of a gzip bomb (${(bomb.length / 1e6).toFixed(1)} MB -> 2 GiB): peak RSS`,
      value: Math.round(run.rssMb),
      unit: 'MB',
      budget: 150,
      note: `${(run.ms / 1000).toFixed(1)} s`,
    });
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
