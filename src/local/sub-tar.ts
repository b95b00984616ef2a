import {PassThrough} from 'node:stream';
import {extract as tarExtract, type Headers, pack as tarPack} from 'tar-stream';
import type {SelectionPlan} from '../model/archive-selection.js';
import {entryPath, TarScanner} from '../model/tar-scan.js';

/** What a ustar size field holds (11 octal digits); the packer writes no larger one. */
const USTAR_MAX_SIZE = 0o77777777777;

/** A chosen path → the name to write it under (a prefix put before it, or a parent taken off). */
export type Rename = (path: string) => string;

/**
 * The chosen entries of an archive as a new tar, entry by entry: names through `rename`, a hard
 * link whose target was not chosen written as the file it is, everything else — mode, owner,
 * times, link targets, pax records such as xattrs — as it was. The output is checked by the same
 * scanner as a whole restore (nothing absolute, no `..`, nothing written through a link the tar
 * makes, no device nodes) before a byte of a bad entry leaves: a hostile archive fails here.
 */
export async function* selectedTar(
  raw: AsyncIterable<Buffer>,
  plan: SelectionPlan,
  rename: Rename,
): AsyncGenerator<Buffer> {
  const extract = tarExtract();
  const pack = tarPack();
  const out = new PassThrough({highWaterMark: 1 << 20});
  pack.pipe(out);
  const check = new TarScanner();
  const failed = (error: Error) => out.destroy(error);
  extract.on('entry', (header: Headers, stream: NodeJS.ReadableStream, next: (error?: unknown) => void) => {
    if ((header.size ?? 0) > USTAR_MAX_SIZE) {
      failed(
        new Error(`${header.name} is over 8 GiB, which only a whole restore takes (volscope restore ARCHIVE VOLUME)`),
      );
      return;
    }
    const written = outputHeader(header, plan, rename);
    if (!written) {
      stream.on('end', () => next());
      stream.resume();
      return;
    }
    const sink = pack.entry(written, (error?: Error | null) => (error ? failed(error) : next()));
    stream.pipe(sink);
  });
  extract.on('finish', () => pack.finalize());
  extract.on('error', failed);
  pack.on('error', failed);
  const feeding = (async () => {
    for await (const chunk of raw) if (!extract.write(chunk)) await new Promise((r) => extract.once('drain', r));
    // The ranges hold no end-of-archive marker: the extractor is given one.
    extract.end(Buffer.alloc(1024));
  })();
  feeding.catch(failed);
  for await (const chunk of out as AsyncIterable<Buffer>) {
    if (!check.write(chunk)) throw new Error(`the archive is refused: ${check.finish().problems[0]}`);
    yield chunk;
  }
  await feeding;
}

/** tar-stream reads and writes pax records (`pax`), which its types leave out. */
type PaxHeaders = Headers & {pax?: Record<string, string> | undefined};

function outputHeader(header: PaxHeaders, plan: SelectionPlan, rename: Rename): PaxHeaders | undefined {
  const path = entryPath(header.name);
  const asFile = plan.asFile.get(path);
  const pax = withoutNames(header.pax);
  if (asFile !== undefined) return {...header, name: rename(asFile), type: 'file', linkname: undefined, pax};
  if (!plan.chosen.has(path)) return undefined;
  const name = rename(path) + (header.type === 'directory' ? '/' : '');
  if (header.type !== 'link') return {...header, name, pax};
  const target = entryPath(header.linkname ?? '');
  return {...header, name, linkname: rename(plan.asFile.get(target) ?? target), pax};
}

/** pax records other than the names (which the packer writes again from the new ones). */
function withoutNames(pax: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!pax) return undefined;
  const {path: _path, linkpath: _linkpath, size: _size, ...rest} = pax;
  return Object.keys(rest).length ? rest : undefined;
}
