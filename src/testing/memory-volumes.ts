import {Readable} from 'node:stream';
import {extract as tarExtract, pack as tarPack} from 'tar-stream';
import {Tree} from '../model/tree.js';

/** One entry of an in-memory volume, as a tar of it would carry it. */
export interface MemoryEntry {
  /** Relative to the volume root, without `./`: `dir/file`. */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink';
  readonly content?: Buffer;
  readonly linkname?: string;
  readonly mode?: number;
}

/** The volume's tree as the engine's archive API sends it: `./` first, then `./path` for each entry. */
export function packEntries(entries: readonly MemoryEntry[]): Readable {
  const pack = tarPack();
  const mtime = new Date(Date.UTC(2026, 10, 1, 12, 0));
  pack.entry({name: './', type: 'directory', mode: 0o755, mtime}, Buffer.alloc(0));
  for (const entry of entries) {
    const name = `./${entry.path}${entry.type === 'directory' ? '/' : ''}`;
    const mode = entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644);
    // A buffer for every kind: tar-stream waits for a stream otherwise.
    pack.entry(
      {name, type: entry.type, mode, mtime, ...(entry.linkname !== undefined ? {linkname: entry.linkname} : {})},
      entry.type === 'file' && entry.content ? Buffer.from(entry.content) : Buffer.alloc(0),
    );
  }
  pack.finalize();
  return Readable.from(inChunks(pack as unknown as AsyncIterable<Buffer>));
}

/** In the engine's chunk sizes: tar-stream hands a whole file over as one buffer, and cancels and progress are per chunk. */
async function* inChunks(source: AsyncIterable<Buffer>, size = 64 * 1024): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
  }
}

/**
 * Reads a tar as the engine's PUT archive would and hands over each entry as it completes, so a
 * cut upload leaves what already landed (as on a real engine). Names that climb out of the root
 * are refused like the engine refuses them; an abort rejects at once.
 */
export function unpackEntries(
  body: NodeJS.ReadableStream,
  onEntry: (entry: MemoryEntry) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const extract = tarExtract();
    const fail = (error: Error) => {
      (body as Readable).unpipe?.(extract);
      extract.destroy();
      reject(error);
    };
    if (signal?.aborted) return fail(new Error('aborted'));
    signal?.addEventListener('abort', () => fail(new Error('aborted')), {once: true});
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const path = header.name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
        if (path.split('/').includes('..') || header.name.startsWith('/'))
          return fail(new Error(`the engine refused ${header.name}: it leaves the volume`));
        if (path && path !== '.') {
          const type = header.type === 'directory' ? 'directory' : header.type === 'symlink' ? 'symlink' : 'file';
          onEntry({
            path,
            type,
            ...(type === 'file' ? {content: Buffer.concat(chunks)} : {}),
            ...(header.linkname ? {linkname: header.linkname} : {}),
            ...(header.mode !== undefined ? {mode: header.mode} : {}),
          });
        }
        next();
      });
      stream.resume();
    });
    extract.on('finish', () => resolve());
    extract.on('error', fail);
    (body as Readable).on('error', fail);
    (body as Readable).pipe(extract);
  });
}

/** The tree a listing of the in-memory volume finds: what packEntries would describe (same times and owners). */
export function treeOfEntries(entries: readonly MemoryEntry[], linked?: ReadonlySet<string>): Tree {
  const mtime = Math.floor(Date.UTC(2026, 10, 1, 12, 0) / 1000);
  const tree = new Tree(linked);
  for (const entry of entries) {
    tree.add(entry.path, {
      kind: entry.type,
      size: entry.type === 'file' ? (entry.content?.length ?? 0) : 0,
      mode: (entry.mode ?? (entry.type === 'directory' ? 0o755 : 0o644)) & 0o7777,
      uid: 0,
      gid: 0,
      mtime,
      linkTarget: entry.type === 'symlink' ? (entry.linkname ?? '') : '',
    });
  }
  return tree;
}
