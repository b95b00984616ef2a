import {createHash} from 'node:crypto';
import {Transform, type TransformCallback} from 'node:stream';
import {extract as tarExtract, type Headers} from 'tar-stream';
import {type Tree, type TreeEntry, type TreeKind, treePath} from '../model/tree.js';

export interface StreamDigest {
  /** sha256 of the tar bytes as they passed. */
  readonly sha256: string;
  readonly bytes: number;
  /** Entries of the tree, the root left out. */
  readonly entries: number;
  readonly tree: Tree;
}

const KIND: Record<string, TreeKind> = {file: 'file', 'contiguous-file': 'file', directory: 'directory', symlink: 'symlink', fifo: 'fifo', 'character-device': 'character-device', 'block-device': 'block-device'};

/**
 * A pass-through that reads the tar as it flows by: its bytes and their sha256, and every
 * entry's metadata. The bytes go on unchanged; `digest` settles once the tar has ended.
 * Backpressure is kept: a chunk moves on only once the reader has taken it.
 */
export function digestingTar(onBytes: (bytes: number) => void = () => {}): {stream: Transform; digest: Promise<StreamDigest>} {
  const hash = createHash('sha256');
  const tree: Tree = new Map();
  const hardLinks: Array<{path: string; header: Headers}> = [];
  let bytes = 0;
  const reader = tarExtract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.on('entry', (header: Headers, body, next) => {
    body.on('end', () => {
      const path = treePath(header.name);
      if (header.type === 'link') hardLinks.push({path, header});
      else if (path && KIND[header.type ?? 'file']) tree.set(path, entryOf(header));
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
  const digest = done.then(() => {
    // A hard link is, on disk, the file it links to under one more name.
    for (const {path, header} of hardLinks) {
      const target = tree.get(treePath(header.linkname ?? ''));
      if (path && target) tree.set(path, target);
    }
    return {sha256: hash.digest('hex'), bytes, entries: tree.size, tree};
  });
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
