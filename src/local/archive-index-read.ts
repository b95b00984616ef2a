import {createHash} from 'node:crypto';
import {promisify} from 'node:util';
import {createGunzip, gunzip} from 'node:zlib';
import {type ArchiveIndex, IndexDecoder, memberAt, memberSpan} from '../model/archive-index.js';
import {headerSize, parsePaxRecords} from '../model/tar-scan.js';
import {decodePointer, INDEX_PREFIX, type IndexPointer, POINTER_ID} from './indexed-archive.js';
import {MemoryRelief} from './memory-relief.js';
import {findSubfield, indexedLength} from './parallel-gzip.js';
import type {RandomAccess} from './random-access.js';

const gunzipAsync = promisify(gunzip);
const TAIL = 512;

/** The index, or why there is none (then the archive is scanned, streamed, once). */
export type IndexLookup = {readonly index: ArchiveIndex} | {readonly missing: string};

/** The trailer's pointer, from the file's last bytes (the trailer is the last gzip member, a few dozen bytes). */
async function findPointer(file: RandomAccess): Promise<IndexPointer | undefined> {
  const from = Math.max(0, file.size - TAIL);
  const tail = await file.read(from, file.size - from);
  for (let at = tail.length - 20; at >= 0; at--) {
    if (tail[at] !== 0x1f || tail[at + 1] !== 0x8b || tail[at + 2] !== 8) continue;
    const member = tail.subarray(at);
    if (indexedLength(member) !== member.length) continue;
    const data = findSubfield(member, POINTER_ID);
    const pointer = data && decodePointer(data);
    if (pointer && pointer.offset + pointer.length === from + at) return pointer;
  }
  return undefined;
}

/**
 * The index's text from its pax global headers, decoded part by part as the members inflate:
 * one part is held at a time, never the whole text. Undefined for anything but those headers.
 */
async function decodeIndexMembers(compressed: Buffer): Promise<{index: ArchiveIndex | undefined; sha256: Buffer}> {
  const hash = createHash('sha256');
  const decoder = new IndexDecoder();
  const relief = new MemoryRelief();
  // Inflated chunks are 16 KiB: gathered, and joined once a whole header is there (joining at each
  // chunk copied each ~1 MB part 60 times over and lifted RSS by 150 MB at 200,000 entries).
  let chunks: Buffer[] = [];
  let length = 0;
  let need = 512;
  let foreign = false;
  const take = () => {
    while (!foreign && length >= need) {
      const pending = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
      chunks = [pending];
      const block = pending.subarray(0, 512);
      const size = headerSize(block);
      if (block.every((b) => b === 0)) {
        need = 512;
      } else if (block[156] !== 0x67 || !(size >= 0)) {
        foreign = true;
        return;
      } else {
        need = 512 + Math.ceil(size / 512) * 512;
        if (length < need) return;
        const comment = parsePaxRecords(pending.subarray(512, 512 + size)).comment;
        if (!comment?.startsWith(INDEX_PREFIX)) {
          foreign = true;
          return;
        }
        const part = comment.slice(INDEX_PREFIX.length);
        hash.update(part);
        decoder.push(part);
        // The part's strings and rows are garbage now (several times its size): collected in step.
        relief.release(part.length * 8);
      }
      const rest = pending.subarray(need);
      chunks = rest.length ? [rest] : [];
      length = rest.length;
      need = 512;
    }
  };
  const inflate = createGunzip({chunkSize: 1 << 20});
  inflate.end(compressed);
  for await (const chunk of inflate as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    take();
  }
  return {index: foreign ? undefined : decoder.finish(), sha256: hash.digest()};
}

/**
 * Reads an archive's index from its tail: the trailer, then only the index's own gzip members.
 * Any doubt — no trailer, a member that does not inflate, a SHA-256 that differs, offsets that
 * do not fit the file — means no index: a damaged index is never trusted.
 */
export async function readIndex(file: RandomAccess): Promise<IndexLookup> {
  const head = await file.read(0, 2);
  if (head[0] !== 0x1f || head[1] !== 0x8b) return {missing: 'it is not gzip-compressed'};
  const pointer = await findPointer(file);
  if (!pointer) return {missing: 'it has no index (made by another tool or an older volscope)'};
  const decoded = await decodeIndexMembers(await file.read(pointer.offset, pointer.length)).catch(() => undefined);
  const index = decoded?.sha256.equals(pointer.sha256) ? decoded.index : undefined;
  if (!index || index.dataEnd[1] !== pointer.offset || index.members[0]![1] !== 0)
    return {missing: 'its index is damaged'};
  return {index};
}

/**
 * Reads the tar of an indexed archive at offsets: only the gzip members that hold the bytes
 * asked for are read and inflated (each one's CRC checked by zlib). The last member is kept, as
 * neighbouring entries share it.
 */
export class SeekingReader {
  private cached: {member: number; tar: Buffer} | undefined;
  /** Compressed bytes read so far, for the bench and the tests. */
  bytesRead = 0;

  constructor(
    private readonly file: RandomAccess,
    readonly index: ArchiveIndex,
  ) {}

  private async member(member: number): Promise<Buffer> {
    if (this.cached?.member === member) return this.cached.tar;
    const [rawStart, rawEnd, at, next] = memberSpan(this.index, member);
    const compressed = await this.file.read(at, next - at);
    this.bytesRead += compressed.length;
    const tar = await gunzipAsync(compressed);
    if (tar.length !== rawEnd - rawStart)
      throw new Error(
        `the archive is damaged: gzip member ${member + 1} holds ${tar.length} bytes, not ${rawEnd - rawStart}`,
      );
    this.cached = {member, tar};
    return tar;
  }

  /** The tar bytes from `start` to `end`. */
  async *range(start: number, end: number): AsyncGenerator<Buffer> {
    for (let at = start; at < end; ) {
      const member = memberAt(this.index, at);
      const [rawStart, rawEnd] = memberSpan(this.index, member);
      const tar = await this.member(member);
      const stop = Math.min(end, rawEnd);
      yield tar.subarray(at - rawStart, stop - rawStart);
      at = stop;
    }
  }
}
