import {pipeline, Readable} from 'node:stream';
import {promisify} from 'node:util';
import {createGunzip, gunzip, gzip} from 'node:zlib';
import {MemoryRelief} from './memory-relief.js';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * 1 MiB per member: deflate's window is 32 KiB, so the ratio is that of one stream (a 400 MB
 * backup is 0.01 % bigger than with 4 MiB members), and the members in flight — each held as
 * input, output and a copy — stay a few MB (4 MiB members kept RSS at 205 MB for a 500 MB backup,
 * 1 MiB ones at 160 MB). Archives with members up to MAX_MEMBER still read.
 */
const MEMBER_BYTES = 1024 * 1024;

/**
 * Each member carries its own compressed length in a gzip extra subfield (RFC 1952 2.3.1.1; the
 * idea of BGZF, whose 16-bit field is too small for 1 MiB members): a reader can cut the file
 * into members without inflating it, and inflate them on several cores. Every gzip reader skips
 * extra subfields it does not know (GNU gzip, busybox, zlib, Go's compress/gzip).
 */
/**
 * zlib hands results back in chunks of this size: one chunk holds a whole member even when the
 * input does not compress (a member is MEMBER_BYTES plus at most one engine chunk), so zlib's
 * result is that chunk itself, not a concatenation of several.
 */
const CHUNK = MEMBER_BYTES + 256 * 1024;
const SUBFIELD_ID = [0x56, 0x53]; // 'VS'
const EXTRA_BYTES = 2 + 4 + 4; // XLEN, subfield id and length, uint32 member length
const MAX_MEMBER = 64 * 1024 * 1024;

/**
 * One gzip member as the parts to write in order: a new header holding the length subfield (and
 * any other subfields given), then zlib's output after its own 10-byte header (zlib sets no
 * flags) — no copy of the compressed bytes.
 */
function indexMember(member: Buffer, more: Buffer = Buffer.alloc(0)): Buffer[] {
  const head = Buffer.allocUnsafe(10 + EXTRA_BYTES + more.length);
  member.copy(head, 0, 0, 10);
  head[3] = member[3]! | 0x04; // FEXTRA
  head.writeUInt16LE(8 + more.length, 10);
  head[12] = SUBFIELD_ID[0]!;
  head[13] = SUBFIELD_ID[1]!;
  head.writeUInt16LE(4, 14);
  head.writeUInt32LE(member.length + EXTRA_BYTES + more.length, 16);
  more.copy(head, 20);
  return [head, member.subarray(10)];
}

/** A gzip extra subfield (RFC 1952 2.3.1.1): two id bytes, a length, the data. */
export function subfield(id: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.write(id, 0, 'latin1');
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
}

/** The data of subfield `id` in a member's header, if it has one. */
export function findSubfield(head: Buffer, id: string): Buffer | undefined {
  if (head.length < 12 || head[0] !== 0x1f || head[1] !== 0x8b || !(head[3]! & 0x04)) return undefined;
  const end = Math.min(12 + head.readUInt16LE(10), head.length);
  for (let at = 12; at + 4 <= end; ) {
    const length = head.readUInt16LE(at + 2);
    if (head.toString('latin1', at, at + 2) === id) return head.subarray(at + 4, Math.min(at + 4 + length, end));
    at += 4 + length;
  }
  return undefined;
}

/** One member of these bytes, with extra subfields in its header (the archive's trailer). */
export async function gzipOne(input: Buffer, level: number, more?: Buffer): Promise<Buffer[]> {
  return indexMember(await gzipAsync(input, {level, chunkSize: CHUNK}), more);
}

/** A member as written: its parts, and how many bytes of input it holds. */
export interface GzipMember {
  readonly parts: Buffer[];
  readonly raw: number;
}

/**
 * Compresses a byte stream as consecutive gzip members, several at once on libuv's thread pool,
 * yielded in order, each as the parts to write one after the other. Concatenated members are
 * one valid .tar.gz (RFC 1952; gzip, tar and zlib read them as one stream): one zlib stream at
 * level 6 runs ~50 MiB/s, far below what the engine streams, so this is where the cores go.
 */
export async function* gzipMembers(
  source: AsyncIterable<Buffer> | Iterable<Buffer>,
  options: {level: number; parallel: number},
): AsyncGenerator<GzipMember> {
  const pending: Array<Promise<GzipMember>> = [];
  const relief = new MemoryRelief();
  let chunks: Buffer[] = [];
  let size = 0;
  const launch = () => {
    relief.release(size);
    const input = Buffer.concat(chunks, size);
    chunks = [];
    size = 0;
    const raw = input.length;
    const member = gzipAsync(input, {level: options.level, chunkSize: CHUNK}).then((out) => ({
      parts: indexMember(out),
      raw,
    }));
    // Awaited in order later; until then a failure must not count as unhandled.
    member.catch(() => undefined);
    pending.push(member);
  };
  for await (const chunk of source) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MEMBER_BYTES) {
      launch();
      // Keep at most `parallel` members in flight: memory stays bounded whatever the volume size.
      while (pending.length >= options.parallel) yield await pending.shift()!;
    }
  }
  if (size > 0 || pending.length === 0) launch();
  while (pending.length) yield await pending.shift()!;
}

/** The member length recorded by gzipMembers, or undefined for any other gzip header. */
export function indexedLength(head: Buffer): number | undefined {
  if (head.length < 20 || head[0] !== 0x1f || head[1] !== 0x8b || !(head[3]! & 0x04)) return undefined;
  if (
    head.readUInt16LE(10) < 8 ||
    head[12] !== SUBFIELD_ID[0] ||
    head[13] !== SUBFIELD_ID[1] ||
    head.readUInt16LE(14) !== 4
  )
    return undefined;
  const length = head.readUInt32LE(16);
  return length >= 20 + 10 && length <= MAX_MEMBER ? length : undefined;
}

/** Gathers chunks and hands out exact byte counts. */
class ByteQueue {
  private chunks: Buffer[] = [];
  length = 0;
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  peek(count: number): Buffer {
    if (this.chunks[0] && this.chunks[0].length >= count) return this.chunks[0].subarray(0, count);
    return Buffer.concat(this.chunks, this.length).subarray(0, count);
  }
  take(count: number): Buffer {
    const whole = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    const rest = whole.subarray(count);
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
    return whole.subarray(0, count);
  }
  drain(): Buffer[] {
    const all = this.chunks;
    this.chunks = [];
    this.length = 0;
    return all;
  }
}

/**
 * Inflates a gzip stream. Members written by gzipMembers are cut out by their recorded length
 * and inflated `parallel` at a time (each one's CRC and size checked by zlib); from the first
 * member without that record on — an archive made by another tool — one streaming gunzip takes
 * the rest. Throws on a damaged or cut-short stream.
 */
export async function* inflateMembers(
  source: AsyncIterable<Buffer>,
  options: {parallel: number},
): AsyncGenerator<Buffer> {
  const queue = new ByteQueue();
  const pending: Array<Promise<Buffer>> = [];
  const relief = new MemoryRelief();
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const fill = async (count: number): Promise<boolean> => {
    while (queue.length < count && !ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else queue.push(next.value);
    }
    return queue.length >= count;
  };
  for (;;) {
    if (!(await fill(20))) break;
    const length = indexedLength(queue.peek(20));
    if (length === undefined) break;
    if (!(await fill(length))) {
      // Everything before the cut is handed on first, as a streaming gunzip would.
      while (pending.length) yield await pending.shift()!;
      throw new Error('unexpected end of file: the last gzip member is cut short');
    }
    const inflated = gunzipAsync(queue.take(length), {chunkSize: CHUNK}).then((tar) => {
      relief.release(length + tar.length);
      return tar;
    });
    inflated.catch(() => undefined);
    pending.push(inflated);
    while (pending.length >= options.parallel) yield await pending.shift()!;
  }
  while (pending.length) yield await pending.shift()!;
  if (queue.length === 0 && ended) return;
  // Not (or no longer) our own members: one gunzip for the rest, as any gzip reader would.
  async function* rest(): AsyncGenerator<Buffer> {
    yield* queue.drain();
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  const inflate = createGunzip();
  // pipeline, not pipe: a read error must reach the reader of `inflate`.
  pipeline(Readable.from(rest(), {objectMode: false}), inflate, () => {});
  for await (const chunk of inflate as AsyncIterable<Buffer>) {
    relief.release(chunk.length);
    yield chunk;
  }
}
