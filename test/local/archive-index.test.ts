import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import tarStream from 'tar-stream';
// @ts-expect-error tar-stream's header encoder has no types of its own
import {encode as encodeHeader} from 'tar-stream/headers.js';
import {describe, expect, it} from 'vitest';
import {readIndex, SeekingReader} from '../../src/local/archive-index-read.js';
import {writeBackup} from '../../src/local/backup-file.js';
import {TarCutShort} from '../../src/local/indexed-archive.js';
import {manifestFor} from '../../src/model/backup-manifest.js';
import {readArchive} from '../../src/local/verify.js';
import {entrySpan, selectEntries} from '../../src/model/archive-index.js';
import {volume} from '../helpers/fixtures.js';
import {access, backupOf, sampleTree, tarOf} from '../helpers/indexed-archive.js';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('the archive index', () => {
  it('lists every entry with its metadata, and tar reads the archive as before', async () => {
    const root = sampleTree();
    const path = await backupOf(tarOf(root));
    const lookup = await readIndex(await access(path));
    if (!('index' in lookup)) throw new Error(lookup.missing);
    const byPath = new Map(lookup.index.entries.filter((e) => e.path !== '').map((e) => [e.path, e]));
    expect([...byPath.keys()].sort()).toEqual(
      execFileSync('tar', ['-tzf', path], {encoding: 'utf8'})
        .split('\n')
        .filter((line) => line && line !== './')
        .map((line) => line.replace(/^\.\//, '').replace(/\/$/, ''))
        .filter((line) => !line.startsWith('line') && !line.startsWith('red'))
        .concat(['line\nbreak \u001b[31mred'])
        .sort(),
    );
    expect(byPath.get('conf')).toMatchObject({type: '5', size: 0});
    expect(byPath.get('conf/app.yml')).toMatchObject({type: '0', size: 11, mode: 0o644});
    // Whichever tar met first holds the bytes; the other is a hard link to it.
    const pair = [byPath.get('hard.bin')!, byPath.get('big.bin')!].sort((a, b) => a.start - b.start);
    expect(pair[1]).toMatchObject({type: '1', link: `./${pair[0]!.path}`});
    expect(byPath.get('link')).toMatchObject({type: '2', link: 'conf/app.yml'});
    expect(byPath.get('pipe')).toMatchObject({type: '6'});
    expect(byPath.get(`${'d'.repeat(120)}/${'f'.repeat(130)}.txt`)).toMatchObject({size: 10});
    expect(byPath.get('big.bin')!.mtime).toBeGreaterThan(1_700_000_000);
    // The whole archive still reads as one tar, with no warning from GNU tar.
    const out = mkdtempSync(join(tmpdir(), 'volscope-index-x-'));
    const untar = spawnSync('tar', ['-xzf', path, '-C', out], {encoding: 'utf8'});
    expect([untar.status, untar.stderr]).toEqual([0, '']);
    expect(readFileSync(join(out, 'conf', 'app.yml'), 'utf8')).toBe('port: 8080\n');
    const report = await readArchive(collect1(path));
    expect(report.problems).toEqual([]);
    expect(report.manifest?.volume.name).toBe('v');
  });

  it('reads one entry by seeking: only the member that holds it', async () => {
    const path = await backupOf(tarOf(sampleTree()));
    const file = await access(path);
    const lookup = await readIndex(file);
    if (!('index' in lookup)) throw new Error(lookup.missing);
    const reader = new SeekingReader(file, lookup.index);
    const {chosen} = selectEntries(lookup.index.entries, ['conf/app.yml']);
    const [start, end] = entrySpan(lookup.index, chosen[0]!);
    const tar = await collect(reader.range(start, end));
    const entry = await firstEntry(tar);
    expect(entry).toEqual({name: './conf/app.yml', body: 'port: 8080\n'});
    expect(reader.bytesRead).toBeLessThan(file.size / 2);
  });

  it('is not trusted when damaged, and absent from archives of other tools', async () => {
    const path = await backupOf(tarOf(sampleTree()));
    const file = await access(path);
    const lookup = await readIndex(file);
    if (!('index' in lookup)) throw new Error(lookup.missing);
    const bytes = readFileSync(path);
    const indexAt = lookup.index.dataEnd[1];
    bytes[indexAt + 40]! ^= 0xff;
    writeFileSync(path, bytes);
    expect(await readIndex(await access(path))).toEqual({missing: 'its index is damaged'});
    writeFileSync(path, bytes.subarray(0, bytes.length - 3));
    expect(await readIndex(await access(path))).toMatchObject({missing: expect.stringContaining('no index')});
    execFileSync('tar', ['-czf', path, '-C', sampleTree(), '.']);
    expect(await readIndex(await access(path))).toMatchObject({missing: expect.stringContaining('no index')});
  });

  it("an engine's tar that ends inside an entry is never kept as a backup: TarCutShort names the entry", async () => {
    const pack = tarStream.pack();
    pack.entry({name: './', type: 'directory'});
    pack.entry({name: './small.txt'}, 'kept whole\n');
    pack.entry({name: './shrunk.bin'}, Buffer.alloc(100_000, 1));
    pack.finalize();
    // As Go's tar writer leaves it when a file shrinks while read: the entry's data stops, nothing follows.
    const cut = (await collect(pack as unknown as AsyncIterable<Buffer>)).subarray(0, 40_000);
    const folder = mkdtempSync(join(tmpdir(), 'volscope-cut-'));
    const target = {kind: 'file', path: join(folder, 'v.tar.gz')} as const;
    const options = {manifest: manifestFor(volume('v'), new Date()), level: 1};
    const failure = await writeBackup(asChunks(cut), target, options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TarCutShort);
    expect((failure as TarCutShort).entry).toBe('shrunk.bin');
    expect((failure as Error).message).toBe(
      `the engine's tar ended early, in "shrunk.bin" (a file that shrinks while it is read ends it there)`,
    );
    expect(readdirSync(folder)).toEqual([]);
    // Sent to a stream it cannot be taken back, but it still fails instead of ending as if whole.
    const sink = new PassThrough().resume();
    await expect(writeBackup(asChunks(cut), {kind: 'stream', stream: sink}, options)).rejects.toThrow(TarCutShort);
  });

  it('holds 200,000 entries', async () => {
    async function* headers(): AsyncGenerator<Buffer> {
      for (let batch = 0; batch < 200; batch++) {
        const blocks: Buffer[] = [];
        for (let i = batch * 1000; i < (batch + 1) * 1000; i++)
          blocks.push(
            encodeHeader({
              name: `dir${i % 100}/file-${i}.txt`,
              size: 0,
              mode: 0o644,
              uid: 0,
              gid: 0,
              uname: 'root',
              gname: 'root',
              mtime: new Date(1.7e12),
              type: 'file',
            }),
          );
        yield Buffer.concat(blocks);
      }
      yield Buffer.alloc(1024);
    }
    const path = await backupOf(headers());
    const lookup = await readIndex(await access(path));
    if (!('index' in lookup)) throw new Error(lookup.missing);
    expect(lookup.index.entries).toHaveLength(200_000);
    expect(lookup.index.entries[199_999]).toMatchObject({path: 'dir99/file-199999.txt', type: '0', size: 0});
  });
});

async function* asChunks(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

function collect1(path: string): AsyncIterable<Buffer> {
  return (async function* () {
    yield readFileSync(path);
  })();
}

function firstEntry(tar: Buffer): Promise<{name: string; body: string}> {
  return new Promise((resolve, reject) => {
    const extract = tarStream.extract();
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        resolve({name: header.name, body: Buffer.concat(chunks).toString()});
        next();
      });
    });
    extract.on('error', reject);
    extract.end(Buffer.concat([tar, Buffer.alloc(1024)]));
  });
}
