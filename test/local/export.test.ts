import {readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync} from 'node:fs';
import {join} from 'node:path';
import {PassThrough, type Readable} from 'node:stream';
import tarStream from 'tar-stream';
import {describe, expect, it} from 'vitest';
import {homedir} from 'node:os';
import {exportArchive, removeUnfinishedExports, resolveDestination} from '../../src/local/export.js';
import {until} from '../helpers/engines.js';
import {scratchFolders} from '../helpers/scratch.js';

function archive(entries: Array<{name: string; body?: string; type?: 'directory'}>): Readable {
  const pack = tarStream.pack();
  for (const entry of entries) {
    if (entry.type === 'directory') pack.entry({name: entry.name, type: 'directory', mode: 0o755});
    else pack.entry({name: entry.name, mode: 0o644}, entry.body ?? '');
  }
  pack.finalize();
  return pack as unknown as Readable;
}

const scratch = scratchFolders('volscope-export-test-');

describe('exportArchive', () => {
  it('writes a file under the chosen name and reports the bytes', async () => {
    const dir = scratch();
    const seen: number[] = [];
    const {bytes} = await exportArchive(archive([{name: 'readme.txt', body: 'hello'}]), join(dir, 'copy.txt'), {
      overwrite: false,
      onBytes: (n) => seen.push(n),
    });
    expect(readFileSync(join(dir, 'copy.txt'), 'utf8')).toBe('hello');
    expect(bytes).toBeGreaterThan(512);
    expect(seen.at(-1)).toBe(bytes);
    expect(readdirSync(dir)).toEqual(['copy.txt']);
  });

  it('writes a directory tree', async () => {
    const dir = scratch();
    await exportArchive(
      archive([
        {name: 'docs', type: 'directory'},
        {name: 'docs/a.txt', body: 'A'},
        {name: 'docs/sub', type: 'directory'},
        {name: 'docs/sub/b.txt', body: 'B'},
      ]),
      join(dir, 'docs'),
      {overwrite: false},
    );
    expect(readFileSync(join(dir, 'docs', 'sub', 'b.txt'), 'utf8')).toBe('B');
    expect(readdirSync(dir)).toEqual(['docs']);
  });

  it('never overwrites without being told to, and replaces when told', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'x.txt'), 'mine');
    await expect(
      exportArchive(archive([{name: 'x.txt', body: 'theirs'}]), join(dir, 'x.txt'), {overwrite: false}),
    ).rejects.toMatchObject({reason: 'exists'});
    expect(readFileSync(join(dir, 'x.txt'), 'utf8')).toBe('mine');
    await exportArchive(archive([{name: 'x.txt', body: 'theirs'}]), join(dir, 'x.txt'), {overwrite: true});
    expect(readFileSync(join(dir, 'x.txt'), 'utf8')).toBe('theirs');
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'old'), '');
    await exportArchive(
      archive([
        {name: 'd', type: 'directory'},
        {name: 'd/new', body: 'n'},
      ]),
      join(dir, 'd'),
      {overwrite: true},
    );
    expect(readdirSync(join(dir, 'd'))).toEqual(['new']);
    expect(readdirSync(dir).sort()).toEqual(['d', 'x.txt']);
  });

  it('leaves nothing behind when cancelled mid-stream', async () => {
    const dir = scratch();
    const source = new PassThrough();
    const abort = new AbortController();
    const run = exportArchive(source, join(dir, 'big.bin'), {
      overwrite: false,
      signal: abort.signal,
      onBytes: () => abort.abort(),
    });
    const pack = archive([{name: 'big.bin', body: 'z'.repeat(100_000)}]);
    pack.pipe(source);
    // The cancel itself, not some other failure on the way.
    await expect(run).rejects.toMatchObject({name: 'AbortError'});
    expect(readdirSync(dir)).toEqual([]);
  });

  it('removes the temporary folder of an export cut short by quitting', async () => {
    const dir = scratch();
    const source = new PassThrough();
    const run = exportArchive(source, join(dir, 'slow.bin'), {overwrite: false}).catch(() => undefined);
    // The export made its temporary folder and waits for the archive.
    await until(() => readdirSync(dir).length === 1 || undefined, 5000, 'the temporary folder');
    removeUnfinishedExports();
    expect(readdirSync(dir)).toEqual([]);
    source.destroy();
    await run;
  });

  it('reads ~/ as the home folder and relative paths from where volscope started', () => {
    expect(resolveDestination('~/x.txt')).toBe(join(homedir(), 'x.txt'));
    expect(resolveDestination('./x.txt')).toBe(join(process.cwd(), 'x.txt'));
  });

  it('names a missing destination folder', async () => {
    const dir = scratch();
    await expect(
      exportArchive(archive([{name: 'a', body: ''}]), join(dir, 'no', 'such', 'a'), {overwrite: false}),
    ).rejects.toThrow(/does not exist/);
  });

  it('refuses entries that would escape the destination', async () => {
    const dir = scratch();
    const inner = join(dir, 'inner');
    mkdirSync(inner);
    await exportArchive(
      archive([
        {name: 'evil', type: 'directory'},
        {name: 'evil/../../escaped.txt', body: 'x'},
      ]),
      join(inner, 'evil'),
      {overwrite: false},
    ).catch(() => undefined);
    expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
    expect(readdirSync(inner).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
