import {createHash} from 'node:crypto';
import {Transform, type TransformCallback} from 'node:stream';
import {extract as tarExtract, type Headers} from 'tar-stream';
import {MemoryRelief} from '../local/memory-relief.js';
import {Tree, type TreeEntry, type TreeKind, treePath} from '../model/tree.js';

export interface StreamDigest {
  /** sha256 of the tar bytes as they passed. */
  readonly sha256: string;
  readonly bytes: number;
  /** Entries of the tree, the root left out. */
  readonly entries: number;
  /** Its hard links' paths are in tree.linked: a listing of the target must leave out the same fields. */
  readonly tree: Tree;
}

const KIND: Record<string, TreeKind> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
  fifo: 'fifo',
  'character-device': 'character-device',
  'block-device': 'block-device',
};

/**
 * A pass-through that reads the tar as it flows by: its bytes and their sha256, and every
 * entry's metadata. The bytes go on unchanged; `digest` settles once the tar has ended.
 * Backpressure is kept: a chunk moves on only once the reader has taken it.
 */
export function digestingTar(onBytes: (bytes: number) => void = () => {}): {
  stream: Transform;
  digest: Promise<StreamDigest>;
} {
  const hash = createHash('sha256');
  // Hard links are few; the set is filled as they pass, before the tree is compared.
  const hardLinks = new Set<string>();
  const tree = new Tree(hardLinks);
  let bytes = 0;
  const reader = tarExtract();
  const relief = new MemoryRelief();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.on('entry', (header: Headers, body, next) => {
    body.on('end', () => {
      const path = treePath(header.name);
      if (header.type === 'link' && path) {
        hardLinks.add(path);
        tree.add(path, {...entryOf({...header, type: 'file'}), size: -1});
      } else if (path && KIND[header.type ?? 'file']) tree.add(path, entryOf(header));
      relief.releaseEntry();
      next();
    });
    body.resume();
  });
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      bytes += chunk.length;
      hash.update(chunk);
      onBytes(bytes);
      if (reader.write(chunk)) callback(null, chunk);
      else reader.once('drain', () => callback(null, chunk));
    },
    flush(callback: TransformCallback) {
      reader.end();
      callback();
    },
  });
  const digest = done.then(() => ({sha256: hash.digest('hex'), bytes, entries: tree.entries, tree}));
  return {stream, digest};
}

function entryOf(header: Headers): TreeEntry {
  const kind = KIND[header.type ?? 'file']!;
  return {
    kind,
    size: kind === 'file' ? (header.size ?? 0) : 0,
    mode: (header.mode ?? 0) & 0o7777,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    mtime: Math.floor((header.mtime?.getTime() ?? 0) / 1000),
    linkTarget: kind === 'symlink' ? (header.linkname ?? '') : '',
  };
}
