import {promisify} from 'node:util';
import {gzip} from 'node:zlib';

const gzipAsync = promisify(gzip);

/** 4 MiB per member: big enough that the ratio is that of one stream, small enough to keep cores busy. */
const MEMBER_BYTES = 4 * 1024 * 1024;

/**
 * Compresses a byte stream as consecutive gzip members, several at once on libuv's thread pool,
 * yielded in order. Concatenated members are one valid .tar.gz (RFC 1952; gzip, tar and zlib
 * read them as one stream): one zlib stream at level 6 runs ~50 MiB/s, far below what the
 * engine streams, so this is where the cores go.
 */
export async function* gzipMembers(source: AsyncIterable<Buffer>, options: {level: number; parallel: number}): AsyncGenerator<Buffer> {
  const pending: Array<Promise<Buffer>> = [];
  let chunks: Buffer[] = [];
  let size = 0;
  const launch = () => {
    const input = Buffer.concat(chunks, size);
    chunks = [];
    size = 0;
    pending.push(gzipAsync(input, {level: options.level}));
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
