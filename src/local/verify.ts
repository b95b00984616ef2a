import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {open, readFile} from 'node:fs/promises';
import {PassThrough, Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGunzip} from 'node:zlib';
import tarStream from 'tar-stream';
import {type BackupManifest, decodeManifest, leadingPaxRecords} from '../model/backup-manifest.js';

export interface ArchiveReport {
  readonly entries: number;
  /** Bytes of file content in the archive. */
  readonly contentBytes: number;
  readonly compressed: boolean;
  readonly sha256: string;
  /** From FILE.sha256 beside the archive, when there is one. */
  readonly expectedSha256: string | undefined;
  readonly manifest: BackupManifest | undefined;
  /** Everything wrong with it; empty means the archive is whole and safe to restore. */
  readonly problems: readonly string[];
}

/** An entry a restore must never write: absolute, or climbing out with `..`. */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.split('/').some((part) => part === '..');
}

/**
 * Reads an archive end to end without writing anything: gzip and tar structure, every entry's
 * name, content bytes, the SHA-256 of the file against FILE.sha256, and the volscope manifest.
 * Plain .tar and .tar.gz alike, and archives made by other tools (the usual `tar czf` recipe).
 */
export async function verifyArchive(path: string): Promise<ArchiveReport> {
  const expectedSha256 = await readFile(`${path}.sha256`, 'utf8').then((text) => text.trim().split(/\s+/)[0]?.toLowerCase(), () => undefined);
  const magic = Buffer.alloc(2);
  const fd = await open(path, 'r');
  await fd.read(magic, 0, 2, 0);
  await fd.close();
  const compressed = magic[0] === 0x1f && magic[1] === 0x8b;
  const hash = createHash('sha256');
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  const problems: string[] = [];
  let entries = 0;
  let contentBytes = 0;
  let manifest: BackupManifest | undefined;
  // The first 64 KiB of tar, where a volscope backup keeps its manifest (a pax global header).
  let head = Buffer.alloc(0);
  const peek = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (head.length < 65536) head = Buffer.concat([head, chunk.subarray(0, 65536 - head.length)]);
      callback(null, chunk);
    },
  });
  const extract = tarStream.extract();
  extract.on('entry', (header, stream, next) => {
    entries += 1;
    if (unsafeEntryName(header.name)) problems.push(`entry ${JSON.stringify(header.name)} would be written outside the volume (absolute path or ..)`);
    stream.on('data', (chunk: Buffer) => (contentBytes += chunk.length));
    stream.on('end', next);
    stream.resume();
  });
  try {
    await pipeline(createReadStream(path), hasher, compressed ? createGunzip() : new PassThrough(), peek, extract);
  } catch (error) {
    problems.push(`the archive is damaged or cut short: ${(error as Error).message}`);
  }
  manifest = decodeManifest(leadingPaxRecords(head)?.comment);
  if (entries === 0 && problems.length === 0) problems.push('the archive holds no entries: not a tar archive, or empty');
  const sha256 = hash.digest('hex');
  if (expectedSha256 && expectedSha256 !== sha256) problems.push(`SHA-256 mismatch: ${path}.sha256 says ${expectedSha256}, the file is ${sha256}`);
  return {entries, contentBytes, compressed, sha256, expectedSha256, manifest, problems};
}
