import {PassThrough} from 'node:stream';
import {extract as tarExtract, type Headers} from 'tar-stream';
import {padding, TAR_END, type TarType, tarHeader} from '../model/tar-header.js';

export interface RetarOptions {
  /** The new name of an entry (given as its bytes, `./` and all). */
  readonly rename: (name: Buffer) => Buffer;
  /** Every entry's owner; undefined keeps each one's. */
  readonly owner: {readonly uid: number; readonly gid: number} | undefined;
  readonly keepTimes: boolean;
  readonly onBytes?: (bytes: number) => void;
}

const KEPT: Partial<Record<string, TarType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
  link: 'link',
};

/**
 * A tar from one volume's helper re-written for another: names (and hard links' targets) under
 * their new place, owners and times as asked, content passed through with backpressure. Names are
 * carried as bytes (latin1 both ways), so any name the volume holds arrives as it is. Devices and
 * fifos are left out, as a copy between volumes has no use for them.
 */
export function retar(tar: NodeJS.ReadableStream, options: RetarOptions): AsyncIterable<Buffer> {
  const out = new PassThrough({highWaterMark: 1 << 20});
  const extract = tarExtract({filenameEncoding: 'latin1'} as object);
  const now = Math.floor(Date.now() / 1000);
  let bytes = 0;
  const write = (chunk: Buffer) =>
    out.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', resolve));
  extract.on('entry', (header: Headers, stream: NodeJS.ReadableStream, next: (error?: unknown) => void) => {
    (async () => {
      const type = KEPT[header.type ?? 'file'];
      if (type) {
        const size = type === 'file' ? (header.size ?? 0) : 0;
        await write(
          tarHeader({
            name: options.rename(Buffer.from(header.name, 'latin1')),
            type,
            mode: header.mode ?? 0o644,
            uid: options.owner ? options.owner.uid : (header.uid ?? 0),
            gid: options.owner ? options.owner.gid : (header.gid ?? 0),
            size,
            mtime: options.keepTimes && header.mtime ? header.mtime.getTime() / 1000 : now,
            ...(header.linkname
              ? {
                  linkname:
                    type === 'link'
                      ? options.rename(Buffer.from(header.linkname, 'latin1'))
                      : Buffer.from(header.linkname, 'latin1'),
                }
              : {}),
          }),
        );
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          await write(chunk);
          bytes += chunk.length;
          options.onBytes?.(bytes);
        }
        await write(padding(size));
      } else {
        const drained = new Promise<void>((resolve) => stream.once('end', resolve));
        stream.resume();
        await drained;
      }
    })().then(
      () => next(),
      (error: Error) => extract.destroy(error),
    );
  });
  extract.on('finish', () => out.end(TAR_END));
  extract.on('error', (error: Error) => out.destroy(error));
  tar.on('error', (error: Error) => out.destroy(error));
  tar.pipe(extract);
  return out;
}
