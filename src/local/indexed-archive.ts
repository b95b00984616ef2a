import {createHash} from 'node:crypto';
import {type ArchiveIndex, encodeIndexParts, type IndexEntry} from '../model/archive-index.js';
import {paxGlobalHeader} from '../model/backup-manifest.js';
import {TarScanner} from '../model/tar-scan.js';
import {gzipMembers, gzipOne, subfield} from './parallel-gzip.js';

/**
 * How an archive carries its index (docs/backups.md, "How an archive finds one file"):
 *
 *   [gzip members: manifest + the volume's tar entries] [members: the index] [trailer member]
 *
 * The index is JSON in pax global headers (keyword `comment`, which every tar reader ignores)
 * after the last entry, each under 1 MiB because Go's archive/tar — the engine's extractor —
 * refuses larger pax headers. The trailer member holds the end-of-archive blocks, and its gzip
 * header a `VI` subfield: where the index's members start, their length, and the index's SHA-256.
 * A reader finds the trailer in the file's last bytes, so opening an archive reads its tail and
 * its index, never its entries. `tar xzf` and older volscope read the archive as before.
 */
export const INDEX_PREFIX = 'volscope-index:';
export const POINTER_ID = 'VI';
/**
 * Bytes of index text per pax header. Go's archive/tar refuses pax headers over 1 MiB; and a part
 * is decoded as a few strings of its size, which V8 keeps in its young generation only under
 * ~128 KB — 900 KB parts left ~70 MB of large-object garbage at 200,000 entries (RSS 207 MB).
 */
const PART_BYTES = 60_000;
const END_OF_ARCHIVE = Buffer.alloc(1024);

/**
 * The engine's tar stopped before its end-of-archive blocks. A file that shrinks while the engine
 * reads it (a container rewriting it) does this: Go's tar writer fails on that entry and on every
 * one after, so the stream ends in the middle. Copying again usually finds the file whole.
 */
export class TarCutShort extends Error {
  constructor(
    /** The last entry the stream began, as the archive names it. */
    readonly entry: string | undefined,
  ) {
    super(
      `the engine's tar ended early${entry ? `, in ${JSON.stringify(entry)} (a file that shrinks while it is read ends it there)` : ''}`,
    );
    this.name = 'TarCutShort';
  }
}

/** The pointer a trailer carries: the index's members [offset, length] in the file, and its SHA-256. */
export interface IndexPointer {
  readonly offset: number;
  readonly length: number;
  readonly sha256: Buffer;
}

export function encodePointer(pointer: IndexPointer): Buffer {
  const data = Buffer.alloc(48);
  data.writeBigUInt64LE(BigInt(pointer.offset), 0);
  data.writeBigUInt64LE(BigInt(pointer.length), 8);
  pointer.sha256.copy(data, 16);
  return data;
}

export function decodePointer(data: Buffer): IndexPointer | undefined {
  if (data.length !== 48) return undefined;
  return {
    offset: Number(data.readBigUInt64LE(0)),
    length: Number(data.readBigUInt64LE(8)),
    sha256: Buffer.from(data.subarray(16)),
  };
}

/** The index as pax global headers, one part of whole lines each, and the SHA-256 of its text. */
export function indexHeaders(index: ArchiveIndex, mtimeSeconds: number): {headers: Buffer[]; sha256: Buffer} {
  const hash = createHash('sha256');
  const headers = encodeIndexParts(index, PART_BYTES).map((part) => {
    hash.update(part);
    return paxGlobalHeader({comment: INDEX_PREFIX + part}, mtimeSeconds);
  });
  return {headers, sha256: hash.digest()};
}

/**
 * The volume's tar (preceded by `head`, the manifest) compressed as gzip members, then — when the
 * tar was whole — the index and the trailer. The engine's end-of-archive blocks are held back and
 * written after the index; the tar is otherwise passed as the engine made it. A tar the scanner
 * cannot follow is written as it came, without an index (a reader then scans it); one that ends
 * before its end-of-archive blocks fails with TarCutShort.
 */
export async function* indexedArchive(
  tar: AsyncIterable<Buffer>,
  options: {head: Buffer; level: number},
): AsyncGenerator<Buffer[]> {
  const entries: IndexEntry[] = [];
  const scanner = new TarScanner((entry) => entries.push(entry));
  let cut = false;
  let following = true;
  async function* data(): AsyncGenerator<Buffer> {
    let held: Buffer = Buffer.alloc(0);
    let emitted = 0;
    for (const source of [[options.head], tar]) {
      for await (const chunk of source) {
        if (cut) continue; // the engine's padding after its end-of-archive blocks
        following = scanner.write(chunk);
        const all = held.length ? Buffer.concat([held, chunk]) : chunk;
        const end = scanner.endOffset;
        if (following && end !== undefined) {
          cut = true;
          if (end > emitted) yield all.subarray(0, end - emitted);
          continue;
        }
        // The end-of-archive blocks may start in this chunk and end in the next: hold back two blocks.
        const keep = following ? Math.min(1024, all.length) : 0;
        if (all.length > keep) yield all.subarray(0, all.length - keep);
        emitted += all.length - keep;
        held = all.subarray(all.length - keep);
      }
    }
    // Written whole, it would be an archive without its end, kept as if it were a backup.
    if (!cut && following) throw new TarCutShort(entries.at(-1)?.path);
    if (!cut && held.length) yield held;
  }
  const members: Array<[number, number]> = [];
  let raw = 0;
  let at = 0;
  for await (const member of gzipMembers(data(), {level: options.level, parallel: 4})) {
    members.push([raw, at]);
    raw += member.raw;
    for (const part of member.parts) at += part.length;
    yield member.parts;
  }
  if (!cut) return;
  const {headers, sha256} = indexHeaders({members, dataEnd: [raw, at], entries}, Date.now() / 1000);
  const start = at;
  for await (const member of gzipMembers(headers, {level: options.level, parallel: 4})) {
    for (const part of member.parts) at += part.length;
    yield member.parts;
  }
  const pointer = encodePointer({offset: start, length: at - start, sha256});
  yield await gzipOne(END_OF_ARCHIVE, options.level, subfield(POINTER_ID, pointer));
}
