import {closeSync, constants, openSync, writeSync} from 'node:fs';
import {
  type FileHandle,
  chmod,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  mkdtemp,
  open,
  readdir,
  rename,
  rm,
  symlink,
  utimes,
} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {extract as tarExtract, type Headers} from 'tar-stream';
import {holdTemporary} from './export.js';
import {MemoryRelief} from './memory-relief.js';

export interface HostUntarOptions {
  /** -a: owners (when volscope runs as root) and times as the tar says; else owned by whoever runs volscope, times now. */
  readonly keep: boolean;
  readonly onBytes?: (bytes: number) => void;
  readonly signal?: AbortSignal;
}

/** Why a copy onto this machine stopped, in cp's words where cp has them. */
export class HostCopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostCopyError';
  }
}

/**
 * Unpacks the helper's tar of one path (top entry `./NAME`, or `.` for a volume's root) to
 * `target` on this machine, as cp -r would: into a temporary folder beside it first, then moved
 * into place — a new name whole, an existing folder merged file by file, an existing file
 * replaced by rename — so a cancel or a failure leaves no partial file under a final name.
 * Names are bytes (latin1 through tar-stream), nothing absolute or `..`, nothing written through
 * a link the tar made.
 */
export async function untarToHost(
  tar: NodeJS.ReadableStream,
  target: string,
  options: HostUntarOptions,
): Promise<{bytes: number; entries: number}> {
  const temp = await mkdtemp(join(dirname(target), '.volscope-cp-'));
  const release = holdTemporary(temp);
  try {
    const result = await unpack(tar, Buffer.from(temp), options);
    if (!result.top) throw new HostCopyError('the volume sent nothing to copy');
    await placeTree(result.top, Buffer.from(target));
    return {bytes: result.bytes, entries: result.entries};
  } finally {
    await rm(temp, {recursive: true, force: true});
    release();
  }
}

async function unpack(
  tar: NodeJS.ReadableStream,
  temp: Buffer,
  options: HostUntarOptions,
): Promise<{top: Buffer | undefined; bytes: number; entries: number}> {
  const extract = tarExtract({filenameEncoding: 'latin1'} as object);
  const links = new Set<string>();
  const folders: {path: Buffer; mode: number; mtime: Date | undefined}[] = [];
  const asRoot = process.getuid?.() === 0;
  const relief = new MemoryRelief();
  let top: Buffer | undefined;
  let bytes = 0;
  let entries = 0;
  /** The top entry's own parts (`./NAME`: 1, `.`: 0): its name is replaced by the target's. */
  let strip: number | undefined;
  const place = (name: string): Buffer => {
    const all = relativeName(name).split('/').filter(Boolean);
    if (name.startsWith('/') || all.includes('..'))
      throw new HostCopyError(`refused an entry named ${JSON.stringify(name)}`);
    strip ??= all.length;
    const parts = all.slice(strip);
    for (let i = 1; i < parts.length; i++)
      if (links.has(parts.slice(0, i).join('/')))
        throw new HostCopyError(`refused ${JSON.stringify(name)}: it lies below a link the copy made`);
    // Everything lands under one top name inside the temporary folder.
    return Buffer.concat([temp, Buffer.from('/top'), ...parts.map((p) => Buffer.from(`/${p}`, 'latin1'))]);
  };
  extract.on('entry', (header: Headers, stream: NodeJS.ReadableStream, next: (error?: unknown) => void) => {
    const done = (error?: unknown) => (error ? extract.destroy(error as Error) : next());
    (async () => {
      options.signal?.throwIfAborted();
      const path = place(header.name);
      top ??= Buffer.concat([temp, Buffer.from('/top')]);
      entries++;
      relief.releaseEntry();
      const mtime = options.keep && header.mtime ? header.mtime : undefined;
      const owner = async () => {
        if (options.keep && asRoot) await lchown(path, header.uid ?? 0, header.gid ?? 0);
      };
      const mode = (header.mode ?? 0o644) & 0o7777;
      switch (header.type) {
        case 'directory':
          await mkdir(path, {mode: 0o700}).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error;
          });
          await owner();
          folders.push({path, mode, mtime});
          break;
        case 'file':
        case 'contiguous-file':
          await writeEntry(stream, path, header, options, asRoot, (n) => {
            bytes += n;

            options.onBytes?.(bytes);
          });
          return;
        case 'symlink':
          await symlink(Buffer.from(header.linkname ?? '', 'latin1'), path);
          links.add(relativeName(header.name).split('/').slice(strip).join('/'));
          await owner();
          if (mtime) await lutimes(path, mtime, mtime);
          break;
        case 'link':
          await link(place(header.linkname ?? ''), path);
          break;
        default:
          // Devices, fifos and sockets are not copied to this machine.
          break;
      }
      const drained = new Promise<void>((resolve) => stream.once('end', resolve));
      stream.resume();
      await drained;
    })().then(() => done(), done);
  });
  const finished = new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
    tar.on('error', (error: Error) => extract.destroy(error));
  });
  options.signal?.addEventListener('abort', () => extract.destroy(options.signal?.reason as Error), {once: true});
  tar.pipe(extract);
  await finished;
  // A folder's mode and time last: writing into it changed its time, and a read-only mode would have refused the files.
  for (const folder of folders.reverse()) {
    await chmod(folder.path, folder.mode);
    if (folder.mtime) await utimes(folder.path, folder.mtime, folder.mtime);
  }
  return {top, bytes, entries};
}

/** Files up to this size are gathered and written in one call: the per-file cost dominates small files. */
const SMALL_FILE = 1 << 20;
const CREATE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * One file: created exclusively (never through a link), with the tar's mode as cp gives it (the
 * umask applies); -a sets the exact mode, owner (as root) and time.
 */
async function writeEntry(
  stream: NodeJS.ReadableStream,
  path: Buffer,
  header: Headers,
  options: HostUntarOptions,
  asRoot: boolean,
  counted: (bytes: number) => void,
): Promise<void> {
  const mode = (header.mode ?? 0o644) & 0o7777;
  const keep = async (file: FileHandle) => {
    if (!options.keep) return;
    await file.chmod(mode);
    if (asRoot) await file.chown(header.uid ?? 0, header.gid ?? 0);
    if (header.mtime) await file.utimes(header.mtime, header.mtime);
  };
  if ((header.size ?? 0) <= SMALL_FILE && !options.keep) {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    const content = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const fd = openSync(path, CREATE, mode);
    try {
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
    counted(content.length);
    return;
  }
  const file = await open(path, CREATE, mode);
  try {
    // The engine's frames are small (16–32 KiB): written a MiB at a time, not a thread hop per frame.
    let batch: Buffer[] = [];
    let batched = 0;
    const flush = async () => {
      if (!batched) return;
      await file.writev(batch);
      counted(batched);
      batch = [];
      batched = 0;
    };
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      batch.push(chunk);
      batched += chunk.length;
      if (batched >= SMALL_FILE) await flush();
    }
    await flush();
    await keep(file);
  } finally {
    await file.close();
  }
}

function relativeName(name: string): string {
  return name
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** cp -r's placing: a new name moves whole, a folder onto a folder merges, a file replaces a file. */
async function placeTree(from: Buffer, to: Buffer): Promise<void> {
  const source = await lstat(from);
  const there = await lstat(to).catch(() => undefined);
  const shown = to.toString('utf8');
  if (!there) return rename(from, to);
  if (source.isDirectory()) {
    if (!there.isDirectory()) throw new HostCopyError(`cannot overwrite non-directory '${shown}' with directory`);
    for (const child of await readdir(from, {encoding: 'buffer'}))
      await placeTree(Buffer.concat([from, Buffer.from('/'), child]), Buffer.concat([to, Buffer.from('/'), child]));
    return;
  }
  if (there.isDirectory()) throw new HostCopyError(`cannot overwrite directory '${shown}' with non-directory`);
  await rename(from, to);
}
