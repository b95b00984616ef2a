import {createHash, type Hash} from 'node:crypto';
import {crashPoint} from './crash-points.js';
import {clearStaleTemps, ownedTempName} from './stale-temps.js';
import {unlinkSync} from 'node:fs';
import {type FileHandle, link, open, rename, unlink, writeFile} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';
import {type BackupManifest, encodeManifest, paxGlobalHeader} from '../model/backup-manifest.js';
import {ExportError, isNoSpace, resolveDestination} from './export.js';
import {formatSize} from '../model/format.js';
import {indexedArchive} from './indexed-archive.js';
import type {RemoteStore} from '../targets/store.js';
import {writeUpload} from './backup-upload.js';
import {AgeEncryptor, type Encryption, headerFacts, madeFor} from './age.js';
import {Relay} from './relay.js';
import {type ArchiveReport, readArchive} from './verify.js';
import type {BackupResult} from '../model/job-results.js';
export type {BackupResult} from '../model/job-results.js';

export interface BackupProgress {
  /** Bytes of tar read from the engine so far. */
  readonly rawBytes: number;
  /** Bytes of .tar.gz written so far. */
  readonly writtenBytes: number;
}

export interface BackupOptions {
  readonly manifest: BackupManifest;
  /** gzip level 1-9. */
  readonly level: number;
  readonly onProgress?: (progress: BackupProgress) => void;
  readonly signal?: AbortSignal;
  /** age: the whole .tar.gz (manifest included) encrypted as it is written; no plaintext byte reaches the disk. */
  readonly encryption?: Encryption;
}

/** Temporary files of backups under way: removed at once if volscope quits midway. */
const unfinished = new Set<string>();

export function removeUnfinishedBackups(): void {
  for (const path of unfinished) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
  unfinished.clear();
}

/** `-` means stdout (for piping, e.g. over ssh); a file here; or an upload to a store off this machine. */
export type BackupTarget =
  | {readonly kind: 'file'; readonly path: string}
  | {readonly kind: 'stream'; readonly stream: NodeJS.WritableStream}
  | {readonly kind: 'upload'; readonly store: RemoteStore; readonly name: string};

/**
 * Writes the engine's tar stream of a volume as a .tar.gz: a pax global header with the
 * manifest first, then the tar as the engine sent it (entries relative to the volume root),
 * compressed in parallel gzip members, then the index of its entries (local/indexed-archive.ts). A file is written under a temporary name, fsynced and
 * hard-linked into place (never over an existing file), with `FILE.sha256` beside it in the
 * format `sha256sum -c` reads.
 */
export async function writeBackup(
  tar: AsyncIterable<Buffer>,
  target: BackupTarget,
  options: BackupOptions,
): Promise<BackupResult> {
  const hash = createHash('sha256');
  const counts = {rawBytes: 0, writtenBytes: 0};
  const {signal} = options;
  const header = paxGlobalHeader({comment: encodeManifest(options.manifest)}, Date.now() / 1000);
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of tar) {
      signal?.throwIfAborted();
      crashPoint('tar');
      counts.rawBytes += chunk.length;
      yield chunk;
    }
  }
  const compressed = indexedArchive(counted(), {head: header, level: options.level});
  const encryptor = options.encryption ? await AgeEncryptor.open(options.encryption) : undefined;
  const report = () => options.onProgress?.({...counts});
  if (target.kind === 'stream') {
    const members = encryptor ? sealed(compressed, encryptor) : compressed;
    for await (const parts of members) {
      for (const part of parts) {
        hash.update(part);
        counts.writtenBytes += part.length;
        if (!target.stream.write(part)) await new Promise((resolve) => target.stream.once('drain', resolve));
      }
      report();
    }
    return {path: undefined, ...counts, sha256: hash.digest('hex'), check: undefined};
  }
  // A plain archive in a file is checked as read back from the disk. Anything else is checked
  // from the bytes as they are made (before encryption: decrypting again would cost a sixth of
  // the backup's time), and what landed is compared with the SHA-256 of what was written.
  const relay = encryptor || target.kind === 'upload' ? new Relay() : undefined;
  const check = relay ? readArchive(relay, {expectedSha256: undefined}) : undefined;
  check?.catch(() => undefined);
  const made = relay ? relayed(compressed, relay) : compressed;
  const members = encryptor ? sealed(made, encryptor) : made;
  const result =
    target.kind === 'upload'
      ? await writeUpload(members, target.store, target.name, {hash, counts, report, check: check!})
      : await writeFileChecked(members, resolveDestination(target.path), {hash, counts, report, check});
  if (!encryptor || !result.check) return result;
  return {...result, check: {...result.check, sealed: {madeFor: madeFor(headerFacts(encryptor.head)), opened: true}}};
}

/** The members, each also handed to the checker (which may hold them back while it catches up). */
async function* relayed(members: AsyncIterable<Buffer[]>, relay: Relay): AsyncGenerator<Buffer[]> {
  try {
    for await (const parts of members) {
      for (const part of parts) await relay.push(part);
      yield parts;
    }
  } finally {
    relay.end();
  }
}

/** The gzip members as age chunks: the header first, then each member's ciphertext, the last chunk marked. */
async function* sealed(members: AsyncIterable<Buffer[]>, encryptor: AgeEncryptor): AsyncGenerator<Buffer[]> {
  let head: Buffer[] = [encryptor.head];
  for await (const parts of members) {
    const out = [...head, ...parts.flatMap((part) => encryptor.push(part))];
    head = [];
    if (out.length) yield out;
  }
  yield [...head, ...encryptor.end()];
}

interface WriteState {
  readonly hash: Hash;
  readonly counts: {rawBytes: number; writtenBytes: number};
  readonly report: () => void;
  /** The archive checked as it was made; absent, the read-back checks it from the disk. */
  readonly check: Promise<ArchiveReport> | undefined;
}

/**
 * The file way: a temporary name, each member read back and checked while the next is written,
 * fsync, then the `.sha256` and the archive put in place; nothing is left under a final name on failure.
 */
async function writeFileChecked(
  members: AsyncIterable<Buffer[]>,
  path: string,
  {hash, counts, report, check: made}: WriteState,
): Promise<BackupResult> {
  // What runs killed here left (a killed backup's temporary file can be gigabytes) goes first.
  await clearStaleTemps(dirname(path));
  const temp = join(dirname(path), ownedTempName(basename(path)));
  const handle = await open(temp, 'wx+').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT')
      throw new ExportError(
        'noFolder',
        `The folder ${dirname(path)} does not exist: create it first or choose another path.`,
      );
    throw error;
  });
  unfinished.add(temp);
  // The read-back runs alongside the writing: each member is read again from the file once
  // written, and the reader checks what it reads (gzip, tar, names, SHA-256). It uses the core
  // the engine's tar leaves idle, instead of a second pass after the last byte.
  const written = new RangeQueue();
  const fileHash = createHash('sha256');
  const fromDisk = hashed(readRanges(handle, written), fileHash);
  const readBack = made ? drained(fromDisk).then(() => made) : readArchive(fromDisk, {expectedSha256: undefined});
  readBack.catch(() => undefined);
  let onDisk = 0;
  const full = (error: unknown): never => {
    if (!isNoSpace(error)) throw error;
    throw new ExportError(
      'noSpace',
      `No space left on ${dirname(path)}: ${formatSize(onDisk, '?')} of the archive written (from ${formatSize(counts.rawBytes, '?')} of the volume's tar read so far). Nothing was kept under ${path}; free some space there or choose another destination.`,
    );
  };
  try {
    for await (const parts of members) {
      let memberBytes = 0;
      for (const part of parts) {
        hash.update(part);
        // A write can be short when the disk fills (no error until the next one): write the rest.
        for (let done = 0; done < part.length; ) {
          const {bytesWritten} = await handle.write(part, done, part.length - done).catch(full);
          done += bytesWritten;
          onDisk += bytesWritten;
        }
        memberBytes += part.length;
      }
      // The read-back takes the member in one read: it inflates it without joining pieces.
      written.push(counts.writtenBytes, memberBytes);
      counts.writtenBytes += memberBytes;
      report();
    }
    written.end();
    crashPoint('backup-written');
    await handle.sync().catch(full);
    const sha256 = hash.digest('hex');
    const check = sameAsWritten({...(await readBack), sha256: fileHash.digest('hex')}, sha256);
    await handle.close();
    crashPoint('backup-checked');
    // A .sha256 says the archive was checked when written: one that failed its check is kept without it.
    await putInPlace(temp, path, check.problems.length ? undefined : sha256, full);
    return {path, ...counts, sha256, check};
  } finally {
    written.end();
    await readBack.catch(() => undefined);
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    unfinished.delete(temp);
  }
}

/** What was read back must be what was written, byte for byte. */
function sameAsWritten(read: ArchiveReport, sha256: string): ArchiveReport {
  if (read.sha256 === sha256) return {...read, expectedSha256: sha256};
  const mismatch = `read back, the file's SHA-256 is ${read.sha256}, not the ${sha256} written`;
  return {...read, expectedSha256: sha256, problems: [...read.problems, mismatch]};
}

/**
 * The .sha256 is written (to a temporary name) before the archive takes its name: a disk that
 * fills on those last bytes must not leave an archive without its checksum. The archive is linked,
 * never renamed, into place: an existing file of that name is never replaced.
 */
async function putInPlace(
  temp: string,
  path: string,
  sha256: string | undefined,
  full: (error: unknown) => never,
): Promise<void> {
  const sidecar = `${path}.sha256`;
  // An owned temporary name, so the next backup here clears one a killed run left (local/stale-temps.ts).
  const sidecarTemp = join(dirname(sidecar), ownedTempName(basename(sidecar)));
  unfinished.add(sidecarTemp);
  try {
    if (sha256) await writeFile(sidecarTemp, `${sha256}  ${basename(path)}\n`, {flush: true}).catch(full);
    crashPoint('backup-sidecar');
    await link(temp, path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST')
        throw new ExportError('exists', `${path} already exists: choose another name or remove it first.`);
      throw error;
    });
    crashPoint('backup-linked');
    if (sha256) await rename(sidecarTemp, sidecar);
  } finally {
    await unlink(sidecarTemp).catch(() => undefined);
    unfinished.delete(sidecarTemp);
  }
}

/** Byte ranges of the file as they are written, for the read-back to follow. */
class RangeQueue {
  private readonly ranges: Array<[number, number]> = [];
  private ended = false;
  private wake: (() => void) | undefined;
  push(offset: number, length: number): void {
    this.ranges.push([offset, length]);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  async next(): Promise<[number, number] | undefined> {
    while (this.ranges.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.ranges.shift();
  }
}

async function drained(bytes: AsyncIterable<Buffer>): Promise<void> {
  for await (const _ of bytes) void _;
}

async function* hashed(bytes: AsyncIterable<Buffer>, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of bytes) {
    hash.update(chunk);
    yield chunk;
  }
}

async function* readRanges(handle: FileHandle, ranges: RangeQueue): AsyncGenerator<Buffer> {
  for (let range = await ranges.next(); range; range = await ranges.next()) {
    const [offset, length] = range;
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const {bytesRead} = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) throw new Error(`the file ends at byte ${offset + filled}, before what was written`);
      filled += bytesRead;
    }
    yield buffer;
  }
}
