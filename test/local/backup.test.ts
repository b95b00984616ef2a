import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, symlinkSync, linkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gunzipSync, gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {gzipMembers, inflateMembers} from '../../src/local/parallel-gzip.js';
import {readArchive} from '../../src/local/verify.js';
import {
  decodeManifest,
  defaultBackupName,
  encodeManifest,
  manifestFor,
  paxGlobalHeader,
} from '../../src/model/backup-manifest.js';
import {TarScanner, unsafeEntryName} from '../../src/model/tar-scan.js';
import {volume} from '../helpers/fixtures.js';

async function collect(source: AsyncIterable<Buffer | Buffer[] | {parts: Buffer[]}>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source)
    parts.push(...(Array.isArray(part) ? part : Buffer.isBuffer(part) ? [part] : part.parts));
  return Buffer.concat(parts);
}

/** A member as volscope wrote them before (4 MiB): the length subfield by the format, not by the writer. */
function indexedMember(input: Buffer): Buffer {
  const plain = gzipSync(input, {level: 1});
  const head = Buffer.alloc(20);
  plain.copy(head, 0, 0, 10);
  head[3] = 0x04;
  head.writeUInt16LE(8, 10);
  head.write('VS', 12, 'latin1');
  head.writeUInt16LE(4, 14);
  head.writeUInt32LE(plain.length + 10, 16);
  return Buffer.concat([head, plain.subarray(10)]);
}

async function* pieces(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

function patterned(bytes: number): Buffer {
  const input = Buffer.alloc(bytes);
  for (let i = 0; i < input.length; i++) input[i] = (i * 7919) % 251;
  return input;
}

/** A tree with what tar formats disagree on: long names, links, an empty dir, a big-ish file. */
function sampleTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'volscope-tar-'));
  mkdirSync(join(root, 'empty'));
  mkdirSync(join(root, 'd'.repeat(120)), {recursive: true});
  writeFileSync(join(root, 'd'.repeat(120), `${'f'.repeat(130)}.txt`), 'long name\n');
  writeFileSync(join(root, 'big.bin'), patterned(700_001));
  linkSync(join(root, 'big.bin'), join(root, 'hard.bin'));
  symlinkSync('../outside/target', join(root, 'link'));
  return root;
}

describe('parallel gzip members', () => {
  it('compresses in members that any gzip reader reads as one stream, and inflates them back in parallel', async () => {
    const input = patterned(11 * 1024 * 1024);
    const gz = await collect(gzipMembers(pieces(input, 65536), {level: 1, parallel: 3}));
    // Eleven members of 1 MiB each, read back as one stream by zlib and by GNU gzip.
    expect(gunzipSync(gz).equals(input)).toBe(true);
    expect(execFileSync('gzip', ['-dc'], {input: gz, maxBuffer: 64 << 20}).equals(input)).toBe(true);
    // Read in odd-sized pieces, so member boundaries fall inside them.
    expect((await collect(inflateMembers(pieces(gz, 100_003), {parallel: 2}))).equals(input)).toBe(true);
    async function* nothing() {}
    expect(gunzipSync(await collect(gzipMembers(nothing(), {level: 6, parallel: 2}))).length).toBe(0);
  });

  it('reads the 4 MiB members that earlier versions wrote', async () => {
    const input = patterned(9 * 1024 * 1024);
    const old = Buffer.concat([
      indexedMember(input.subarray(0, 4 << 20)),
      indexedMember(input.subarray(4 << 20, 8 << 20)),
      indexedMember(input.subarray(8 << 20)),
    ]);
    expect((await collect(inflateMembers(pieces(old, 65536), {parallel: 2}))).equals(input)).toBe(true);
  });

  it('inflates gzip made by other tools, one member or several', async () => {
    const input = patterned(300_000);
    expect((await collect(inflateMembers(pieces(gzipSync(input), 4096), {parallel: 2}))).equals(input)).toBe(true);
    const two = Buffer.concat([gzipSync(input.subarray(0, 1000)), gzipSync(input.subarray(1000))]);
    expect((await collect(inflateMembers(pieces(two, 777), {parallel: 2}))).equals(input)).toBe(true);
  });

  it('fails on a member cut short or damaged, instead of returning less', async () => {
    const gz = await collect(gzipMembers(pieces(patterned(5 * 1024 * 1024), 65536), {level: 1, parallel: 2}));
    await expect(collect(inflateMembers(pieces(gz.subarray(0, gz.length - 10), 65536), {parallel: 2}))).rejects.toThrow(
      /cut short/,
    );
    const flipped = Buffer.from(gz);
    flipped[flipped.length - 100]! ^= 0xff;
    await expect(collect(inflateMembers(pieces(flipped, 65536), {parallel: 2}))).rejects.toThrow();
  });
});

describe('tar scanner', () => {
  it('counts entries and content like GNU tar lists them, in pax, GNU and ustar formats, in any chunking', () => {
    const root = sampleTree();
    for (const format of ['pax', 'gnu', 'ustar']) {
      const args = ['-c', `--format=${format}`, '-C', root, '.'];
      let archive: Buffer;
      try {
        archive = execFileSync('tar', args, {maxBuffer: 64 << 20});
      } catch {
        // ustar cannot hold the 130-character file name: leave it out there.
        archive = execFileSync('tar', [...args.slice(0, -1), '--exclude', 'd*', '.'], {maxBuffer: 64 << 20});
      }
      const listed = execFileSync('tar', ['-tf', '-'], {input: archive, encoding: 'utf8'}).trim().split('\n').length;
      for (const size of [archive.length, 512, 7, 1000]) {
        const scanner = new TarScanner();
        let fine = true;
        for (let i = 0; i < archive.length; i += size) fine = scanner.write(archive.subarray(i, i + size)) && fine;
        expect(fine).toBe(true);
        const result = scanner.finish();
        expect(result.problems, `${format} in pieces of ${size}`).toEqual([]);
        expect(result.entries).toBe(listed);
        // big.bin once; its hard link carries no content.
        expect(result.contentBytes).toBe(700_001 + (listed > 6 ? 10 : 0));
      }
    }
  });

  it('reads the manifest from a leading pax global header', () => {
    const manifest = manifestFor(
      volume('db', {labels: {'com.docker.compose.project': 'shop', ünï: 'cödé'}, options: {type: 'tmpfs'}}),
      new Date('2026-11-23T14:05:01Z'),
    );
    const header = paxGlobalHeader({comment: encodeManifest(manifest)}, 1_700_000_000);
    expect(header.length % 512).toBe(0);
    const archive = Buffer.concat([header, execFileSync('tar', ['-c', '-C', sampleTree(), 'big.bin'])]);
    const scanner = new TarScanner();
    scanner.write(archive);
    const result = scanner.finish();
    expect(result.problems).toEqual([]);
    expect(result.entries).toBe(1);
    expect(decodeManifest(result.globalRecords?.comment)).toEqual(manifest);
    // GNU tar reads such an archive without a word.
    expect(execFileSync('tar', ['-tf', '-'], {input: archive, encoding: 'utf8'})).toBe('big.bin\n');
    expect(decodeManifest('something else')).toBeUndefined();
  });

  it('stops at an entry that would land outside the volume, before handing it on', () => {
    const root = sampleTree();
    // -b1: no padding to 10 KiB records, so cutting the last 1,024 bytes removes just the end marker.
    const good = execFileSync('tar', ['-c', '-b1', '-C', root, 'big.bin']);
    const evil = execFileSync('tar', ['-c', '-b1', '-P', '--transform', 's,^,../../,', '-C', root, 'empty']);
    const scanner = new TarScanner();
    expect(scanner.write(good.subarray(0, good.length - 1024))).toBe(true);
    expect(scanner.write(evil)).toBe(false);
    expect(scanner.finish().problems[0]).toMatch(/outside the volume/);
    expect(unsafeEntryName('./a/b')).toBe(false);
    expect(unsafeEntryName('/etc/passwd')).toBe(true);
    expect(unsafeEntryName('./a/../../x')).toBe(true);
  });

  it('calls an archive without its end marker, or with a broken header, damaged', () => {
    const archive = execFileSync('tar', ['-c', '-C', sampleTree(), '.']);
    const cut = new TarScanner();
    cut.write(archive.subarray(0, 2048));
    expect(cut.finish().problems[0]).toMatch(/cut short/);
    const broken = Buffer.from(archive);
    broken[512 + 5]! ^= 0x20;
    const scanner = new TarScanner();
    scanner.write(broken);
    expect(scanner.finish().problems.join()).toMatch(/damaged|not a tar/);
    const text = new TarScanner();
    text.write(Buffer.from('hello, this is not tar\n'.repeat(40)));
    expect(text.finish().problems[0]).toMatch(/not a tar/);
  });
});

describe('reading an archive once', () => {
  it('hands on exactly the tar bytes, after the head, with the manifest on the first call', async () => {
    const manifest = manifestFor(volume('db'), new Date('2026-11-23T14:05:01Z'));
    const tar = Buffer.concat([
      paxGlobalHeader({comment: encodeManifest(manifest)}, 1_700_000_000),
      execFileSync('tar', ['-c', '-C', sampleTree(), '.']),
    ]);
    const gz = await collect(gzipMembers(pieces(tar, 3000), {level: 6, parallel: 2}));
    const received: Buffer[] = [];
    const manifests: unknown[] = [];
    const report = await readArchive(pieces(gz, 999), {
      onTar: (chunk, m) => {
        received.push(chunk);
        manifests.push(m);
      },
    });
    expect(report.problems).toEqual([]);
    expect(report.compressed).toBe(true);
    expect(Buffer.concat(received).equals(tar)).toBe(true);
    expect(manifests[0]).toEqual(manifest);
    expect(report.manifest).toEqual(manifest);
    const tampered = await readArchive(pieces(gz, 999), {expectedSha256: '0'.repeat(64)});
    expect(tampered.problems.join()).toMatch(/SHA-256 mismatch/);
  });

  it('names backups after the volume and the UTC time', () => {
    expect(defaultBackupName('shop_db', new Date('2026-11-23T14:05:01.123Z'))).toBe('shop_db-20261123T140501Z.tar.gz');
    expect(defaultBackupName('a.b-c_d', '20261231T235959Z')).toBe('a.b-c_d-20261231T235959Z.tar.gz');
  });
});
