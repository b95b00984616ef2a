import {closeSync, constants, lstatSync, openSync, readdirSync, readlinkSync, readSync, type Stats} from 'node:fs';
import {open} from 'node:fs/promises';
import {padding, TAR_END, type TarEntry, tarHeader} from '../model/tar-header.js';

/** A file or folder on this machine to copy, and the name its top entry gets in the tar. */
export interface HostSource {
  readonly path: string | Buffer;
  readonly name: Buffer;
}

export interface HostTarOptions {
  /** Owner every entry gets (the destination folder's, or --chown); ignored with keepOwner. */
  readonly owner: {readonly uid: number; readonly gid: number};
  /** -a: owners, times and hard links as they are here. */
  readonly keepOwner: boolean;
  readonly keepTimes: boolean;
  readonly keepHardLinks: boolean;
  /** Content bytes read so far. */
  readonly onBytes?: (bytes: number) => void;
  /** A file that could not be copied whole (a socket, a device, one that shrank): said, not fatal. */
  readonly onSkipped?: (path: Buffer, why: string) => void;
  readonly signal?: AbortSignal;
}

const SLASH = Buffer.from('/');
const CHUNK = 1 << 20;
/** Small files are sent together: one HTTP write per entry would cost more than the bytes. */
const BATCH = 256 * 1024;

/**
 * Files and folders of this machine as a tar, streamed: names as bytes (any name a file system
 * allows, escapes and all), symlinks as links, content read in 1 MiB chunks. Folders come before
 * what they hold; nothing is followed out of what was named.
 */
export async function* hostTar(sources: readonly HostSource[], options: HostTarOptions): AsyncGenerator<Buffer> {
  const pending: Buffer[] = [];
  let pendingBytes = 0;
  const linked = new Map<string, Buffer>();
  let bytes = 0;
  const now = Math.floor(Date.now() / 1000);
  const header = (name: Buffer, stats: Stats, type: TarEntry['type'], extra: Partial<TarEntry> = {}) =>
    tarHeader({
      name,
      type,
      mode: stats.mode,
      uid: options.keepOwner ? stats.uid : options.owner.uid,
      gid: options.keepOwner ? stats.gid : options.owner.gid,
      size: 0,
      mtime: options.keepTimes ? stats.mtimeMs / 1000 : now,
      ...extra,
    });
  const push = function* (chunk: Buffer): Generator<Buffer> {
    // A big chunk goes as it is, after what was gathered before it: copying it would cost more than it saves.
    if (chunk.length >= BATCH) {
      if (pending.length) yield Buffer.concat(pending);
      pending.length = 0;
      pendingBytes = 0;
      yield chunk;
      return;
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= BATCH) {
      yield Buffer.concat(pending);
      pending.length = 0;
      pendingBytes = 0;
    }
  };
  async function* walk(path: Buffer, name: Buffer): AsyncGenerator<Buffer> {
    options.signal?.throwIfAborted();
    // Synchronous for what is small: a thread-pool hop per stat, open and read cost more than the
    // work itself (5,000 small files took 1.2 s), and each call is a fraction of a millisecond.
    const stats = lstatSync(path);
    if (stats.isDirectory()) {
      yield* push(header(name, stats, 'directory'));
      const children = readdirSync(path, {encoding: 'buffer'}).sort(Buffer.compare);
      for (const child of children)
        yield* walk(Buffer.concat([path, SLASH, child]), Buffer.concat([name, SLASH, child]));
      return;
    }
    if (stats.isSymbolicLink()) {
      yield* push(header(name, stats, 'symlink', {linkname: readlinkSync(path, {encoding: 'buffer'})}));
      return;
    }
    if (!stats.isFile()) {
      options.onSkipped?.(path, 'left out: a socket, fifo or device is not copied');
      return;
    }
    if (options.keepHardLinks && stats.nlink > 1) {
      const key = `${stats.dev}:${stats.ino}`;
      const first = linked.get(key);
      if (first) {
        yield* push(header(name, stats, 'link', {linkname: first}));
        return;
      }
      linked.set(key, name);
    }
    if (stats.size <= SMALL) {
      yield* push(header(name, stats, 'file', {size: stats.size}));
      const content = readSmall(path, stats.size, (why) => options.onSkipped?.(path, why));
      yield* push(content);
      bytes += content.length;
      options.onBytes?.(bytes);
      yield* push(padding(stats.size));
      return;
    }
    yield* push(header(name, stats, 'file', {size: stats.size}));
    const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      let left = stats.size;
      while (left > 0) {
        options.signal?.throwIfAborted();
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK, left));
        const {bytesRead} = await file.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) {
          // It shrank while read: the tar still needs the size its header promised.
          options.onSkipped?.(path, `shrank while it was read; ${left} bytes of zeros end it`);
          yield* push(Buffer.alloc(left));
          bytes += left;
          break;
        }
        yield* push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
        left -= bytesRead;
        bytes += bytesRead;
        options.onBytes?.(bytes);
      }
    } finally {
      await file.close();
    }
    yield* push(padding(stats.size));
  }
  for (const source of sources)
    yield* walk(typeof source.path === 'string' ? Buffer.from(source.path) : source.path, source.name);
  yield* push(TAR_END);
  if (pending.length) yield Buffer.concat(pending);
}

/** Files up to this size are read in one synchronous call. */
const SMALL = 256 * 1024;

/** A small file whole, exactly `size` bytes (zeros after its end if it shrank meanwhile). */
function readSmall(path: Buffer, size: number, onShrunk: (why: string) => void): Buffer {
  const content = Buffer.alloc(size);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    let at = 0;
    while (at < size) {
      const read = readSync(fd, content, at, size - at, null);
      if (read === 0) {
        onShrunk(`shrank while it was read; ${size - at} bytes of zeros end it`);
        break;
      }
      at += read;
    }
  } finally {
    closeSync(fd);
  }
  return content;
}

/** What copying these would write: files, folders, links and content bytes (a walk of lstat only). */
export interface HostPlan {
  files: number;
  folders: number;
  links: number;
  bytes: number;
  /** Names of the top entries' children-free paths: every path relative to its source's top, for a clash check. */
  readonly paths: Buffer[];
}

export async function planHost(sources: readonly HostSource[], limit = 100_000): Promise<HostPlan> {
  const plan: HostPlan = {files: 0, folders: 0, links: 0, bytes: 0, paths: []};
  async function walk(path: Buffer, name: Buffer): Promise<void> {
    const stats = lstatSync(path);
    if (plan.paths.length < limit) plan.paths.push(name);
    if (stats.isDirectory()) {
      plan.folders++;
      for (const child of readdirSync(path, {encoding: 'buffer'}))
        await walk(Buffer.concat([path, SLASH, child]), Buffer.concat([name, SLASH, child]));
    } else if (stats.isSymbolicLink()) plan.links++;
    else if (stats.isFile()) {
      plan.files++;
      plan.bytes += stats.size;
    }
  }
  for (const source of sources)
    await walk(typeof source.path === 'string' ? Buffer.from(source.path) : source.path, source.name);
  return plan;
}
