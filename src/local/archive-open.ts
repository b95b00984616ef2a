import type {ArchiveIndex, IndexEntry} from '../model/archive-index.js';
import {type BackupManifest, decodeManifest} from '../model/backup-manifest.js';
import {isRemoteAddress, splitArchive} from '../model/store-address.js';
import {TarScanner} from '../model/tar-scan.js';
import {openStore} from '../targets/open.js';
import {AgeError, type FileKey, isAge, type Unlock} from './age.js';
import {ageAccess} from './age-seek.js';
import {readIndex, SeekingReader} from './archive-index-read.js';
import {resolveDestination} from './export.js';
import {inflateMembers} from './parallel-gzip.js';
import {type RandomAccess, storeAccess} from './random-access.js';

/**
 * An archive opened for its files: where they are (the index, or a scan when it has none) and
 * how to read their bytes. With an index only its tail and index are read here.
 */
export interface OpenedArchive {
  readonly label: string;
  readonly entries: readonly IndexEntry[];
  /** Where the entries end in the tar ([tar offset, file offset]; the second is 0 for a scanned archive). */
  readonly dataEnd: readonly [number, number];
  readonly manifest: BackupManifest | undefined;
  /** Present when the archive has a sound index: files are read by seeking. */
  readonly index: ArchiveIndex | undefined;
  /** Why there is no index (the archive was scanned instead). */
  readonly scanned: string | undefined;
  readonly encrypted: boolean;
  /** Bytes of the archive file read so far, and its size: what a seek saved. */
  readonly read: () => {readonly bytes: number; readonly of: number};
  /** The tar bytes of these ranges [start, end), ascending, without overlap. */
  ranges(ranges: ReadonlyArray<readonly [number, number]>): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly unlock?: Unlock | FileKey | undefined;
  /** Tar bytes scanned so far, for an archive without an index. */
  readonly onScan?: (bytes: number) => void;
  readonly signal?: AbortSignal;
}

/** A path here (`~/` is home), or `sftp://…/NAME` / `rclone:remote:path/NAME`. */
export async function openArchive(text: string, options: OpenOptions = {}): Promise<OpenedArchive> {
  const {target, name} = splitArchive(isRemoteAddress(text) ? text : resolveDestination(text));
  const stored = counted(await storeAccess(openStore(target), name));
  try {
    return await openAccess(stored, options);
  } catch (error) {
    await stored.close();
    throw error;
  }
}

/** The file, counting what is read of it. */
function counted(file: RandomAccess): RandomAccess & {bytes: number} {
  const wrapped = {
    ...file,
    bytes: 0,
    async read(offset: number, length: number) {
      const bytes = await file.read(offset, length);
      wrapped.bytes += bytes.length;
      return bytes;
    },
    ...(file.stream
      ? {
          async *stream() {
            for await (const chunk of file.stream!()) {
              wrapped.bytes += chunk.length;
              yield chunk;
            }
          },
        }
      : {}),
  };
  return wrapped;
}

export async function openAccess(stored: RandomAccess, options: OpenOptions = {}): Promise<OpenedArchive> {
  const encrypted = isAge(await stored.read(0, 32));
  if (encrypted && !options.unlock)
    throw new AgeError('locked', 'it is encrypted: give the key with -i KEYFILE (or --passphrase)');
  const file = encrypted ? await ageAccess(stored, options.unlock!) : stored;
  const lookup = await readIndex(file);
  const common = {
    label: stored.label,
    encrypted,
    read: () => ({bytes: 'bytes' in stored ? (stored.bytes as number) : 0, of: stored.size}),
    close: () => file.close(),
  };
  if ('index' in lookup) {
    const reader = new SeekingReader(file, lookup.index);
    const first = lookup.index.entries[0]?.start ?? lookup.index.dataEnd[0];
    const head = await collect(reader.range(0, first));
    const scanner = new TarScanner();
    scanner.write(head);
    return {
      ...common,
      entries: lookup.index.entries,
      dataEnd: lookup.index.dataEnd,
      manifest: decodeManifest(scanner.leadingRecords?.comment),
      index: lookup.index,
      scanned: undefined,
      ranges: (ranges) => seekRanges(reader, ranges),
    };
  }
  const scan = await scanAll(file, options);
  return {
    ...common,
    ...scan,
    index: undefined,
    scanned: lookup.missing,
    ranges: (ranges) => pickRanges(tarOf(file, options.signal), ranges),
  };
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* seekRanges(
  reader: SeekingReader,
  ranges: ReadonlyArray<readonly [number, number]>,
): AsyncGenerator<Buffer> {
  for (const [start, end] of ranges) yield* reader.range(start, end);
}

/** The whole file, read in order: streamed where the store can, else a MiB at a time (the plaintext of an age file). */
async function* bytesOf(file: RandomAccess, signal?: AbortSignal): AsyncGenerator<Buffer> {
  if (file.stream) {
    for await (const chunk of file.stream()) {
      signal?.throwIfAborted();
      yield chunk;
    }
    return;
  }
  const step = 1 << 20;
  for (let at = 0; at < file.size; at += step) {
    signal?.throwIfAborted();
    yield await file.read(at, Math.min(step, file.size - at));
  }
}

/** The archive's tar, inflated when it is gzip. */
async function* tarOf(file: RandomAccess, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const head = await file.read(0, 2);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  yield* gzip ? inflateMembers(bytesOf(file, signal), {parallel: 2}) : bytesOf(file, signal);
}

/** One streamed pass: every entry and the manifest, for an archive without an index. */
async function scanAll(
  file: RandomAccess,
  options: OpenOptions,
): Promise<{entries: IndexEntry[]; dataEnd: [number, number]; manifest: BackupManifest | undefined}> {
  const entries: IndexEntry[] = [];
  const scanner = new TarScanner((entry) => entries.push(entry));
  let bytes = 0;
  for await (const chunk of tarOf(file, options.signal)) {
    bytes += chunk.length;
    options.onScan?.(bytes);
    if (!scanner.write(chunk)) break;
  }
  const result = scanner.finish();
  if (result.problems.length) throw new Error(`the archive cannot be read: ${result.problems[0]}`);
  const end = scanner.endOffset ?? scanner.position;
  return {entries, dataEnd: [end, 0], manifest: decodeManifest(result.globalRecords?.comment)};
}

/** The bytes of a tar stream that fall in these ranges. */
async function* pickRanges(
  tar: AsyncIterable<Buffer>,
  ranges: ReadonlyArray<readonly [number, number]>,
): AsyncGenerator<Buffer> {
  let at = 0;
  let next = 0;
  for await (const chunk of tar) {
    const chunkEnd = at + chunk.length;
    while (next < ranges.length) {
      const [start, end] = ranges[next]!;
      if (start >= chunkEnd) break;
      const from = Math.max(start, at);
      const to = Math.min(end, chunkEnd);
      if (to > from) yield chunk.subarray(from - at, to - at);
      if (end > chunkEnd) break;
      next += 1;
    }
    at = chunkEnd;
    if (next >= ranges.length) return;
  }
}
