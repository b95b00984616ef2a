import {randomBytes} from 'node:crypto';
import {crashPoint} from './crash-points.js';
import {clearStaleTemps, ownedTempName} from './stale-temps.js';
import {constants, rmSync} from 'node:fs';
import {access, link, lstat, mkdir, open, readdir, rename, rm, stat, unlink} from 'node:fs/promises';
import {homedir} from 'node:os';
import {basename, dirname, join, resolve} from 'node:path';
import {Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {Unpack} from 'tar';
import {formatSize} from '../model/format.js';
import {MemoryRelief} from './memory-relief.js';
import {forgetFinishedReservations} from './unpack-reservations.js';

/** The disk (or the user's quota) is full: ENOSPC, EDQUOT, also when node-tar wraps them. */
export function isNoSpace(error: unknown): boolean {
  const e = error as {code?: string; errno?: number; message?: string} | undefined;
  return (
    e?.code === 'ENOSPC' ||
    e?.code === 'EDQUOT' ||
    /\b(ENOSPC|EDQUOT)\b|no space left on device/i.test(e?.message ?? '')
  );
}

export class ExportError extends Error {
  constructor(
    readonly reason: 'exists' | 'noFolder' | 'failed' | 'noSpace',
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}

/** Temporary folders of exports still running: removed at once if volscope quits mid-export. */
const pending = new Set<string>();

/** A temporary folder an extract unpacks into: removed with the exports' if volscope quits midway. */
export function holdTemporary(temp: string): () => void {
  pending.add(temp);
  return () => pending.delete(temp);
}

export function removeUnfinishedExports(): void {
  for (const temp of pending) rmSync(temp, {recursive: true, force: true});
  pending.clear();
}

export interface ExportOptions {
  /** The user confirmed replacing what is at the destination. */
  readonly overwrite: boolean;
  /** Bytes of the archive received so far. */
  readonly onBytes?: (bytes: number) => void;
  readonly signal?: AbortSignal;
  /** What to expect, when known: a full disk says how far it got of it. */
  readonly expected?: number;
}

/** The absolute path a typed destination means: relative to where volscope started, `~/` is home. */
export function resolveDestination(typed: string): string {
  return resolve(typed === '~' || typed.startsWith('~/') ? join(homedir(), typed.slice(1)) : typed);
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Unpacks the engine's archive of one file or directory to `destination`, atomically: it is
 * unpacked into a temporary folder next to the destination, synced to disk, and only then
 * renamed into place, so a cancelled or failed export leaves nothing under the final name.
 * node-tar does the unpacking: it refuses absolute paths, `..` and writing through links.
 */
export async function exportArchive(
  archive: NodeJS.ReadableStream,
  destination: string,
  options: ExportOptions,
): Promise<{bytes: number}> {
  const target = resolveDestination(destination);
  const folder = dirname(target);
  if (!(await isDirectory(folder)))
    throw new ExportError('noFolder', `The folder ${folder} does not exist: create it first or choose another path.`);
  if (!options.overwrite && (await pathExists(target))) throw new ExportError('exists', `${target} already exists.`);
  // What an export killed here left (its unpacking folder) goes first; the new one is named as ours.
  await clearStaleTemps(folder);
  const temp = join(folder, ownedTempName(basename(target)));
  await mkdir(temp);
  pending.add(temp);
  try {
    let bytes = 0;
    const relief = new MemoryRelief();
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        crashPoint('tar');
        relief.release(chunk.length);
        options.onBytes?.(bytes);
        callback(null, chunk);
      },
    });
    // Files come out owned by whoever runs volscope, not by the volume's uid.
    const unpack = new Unpack({cwd: temp, preserveOwner: false, strict: true});
    forgetFinishedReservations(unpack);
    unpack.on('entry', () => relief.releaseEntry());
    await pipeline(archive, counter, unpack as unknown as NodeJS.WritableStream, {signal: options.signal}).catch(
      (error: unknown) => {
        if (isNoSpace(error)) {
          // What to do comes before the figures: the TUI shows this on one line, cut at its width.
          throw new ExportError(
            'noSpace',
            `No space left on ${folder}: nothing kept under ${basename(target)}; free some space there or export elsewhere (${formatSize(bytes, '?')}${options.expected ? ` of ${formatSize(options.expected, '?')}` : ''} received before the disk filled).`,
          );
        }
        throw error;
      },
    );
    const [only, ...extra] = await readdir(temp);
    if (!only || extra.length)
      throw new ExportError(
        'failed',
        `The engine's archive held ${extra.length + (only ? 1 : 0)} top-level entries instead of one.`,
      );
    const unpacked = join(temp, only);
    crashPoint('export-unpacked');
    await syncTree(unpacked).catch((error: unknown) => {
      if (isNoSpace(error))
        throw new ExportError(
          'noSpace',
          `No space left on ${folder}: nothing kept under ${basename(target)}; free some space there or export elsewhere (the disk filled while the export was synced).`,
        );
      throw error;
    });
    crashPoint('export-synced');
    await moveIntoPlace(unpacked, target, options.overwrite);
    crashPoint('export-placed');
    await syncPath(folder);
    return {bytes};
  } finally {
    await rm(temp, {recursive: true, force: true});
    pending.delete(temp);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Without overwrite a file is hard-linked into place, which fails rather than replace a file
 * that appeared meanwhile; with overwrite the old one is moved aside first and removed last.
 */
async function moveIntoPlace(unpacked: string, target: string, overwrite: boolean): Promise<void> {
  const isDir = (await stat(unpacked)).isDirectory();
  if (!overwrite) {
    if (isDir) {
      if (await pathExists(target)) throw new ExportError('exists', `${target} already exists.`);
      await rename(unpacked, target);
    } else {
      await link(unpacked, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw new ExportError('exists', `${target} already exists.`);
        throw error;
      });
      await unlink(unpacked);
    }
    return;
  }
  // A file replaces a file in one rename: no instant without either.
  const old = await lstat(target).catch(() => undefined);
  if (!isDir && old && !old.isDirectory()) return rename(unpacked, target);
  // A folder cannot be renamed over a folder that holds files: the old one is moved aside first
  // under a name that says what it is (a kill between the two renames leaves it there, whole).
  const aside = `${target}.volscope-old-${randomBytes(4).toString('hex')}`;
  const hadOld = old !== undefined;
  if (hadOld) await rename(target, aside);
  crashPoint('export-aside');
  try {
    await rename(unpacked, target);
  } catch (error) {
    if (hadOld) await rename(aside, target);
    throw error;
  }
  if (hadOld) await rm(aside, {recursive: true, force: true});
}

async function syncTree(path: string, relief = new MemoryRelief()): Promise<void> {
  const info = await stat(path);
  if (info.isDirectory()) {
    for (const entry of await readdir(path, {withFileTypes: true})) {
      if (entry.isDirectory() || entry.isFile()) await syncTree(join(path, entry.name), relief);
    }
  }
  if (info.isDirectory() || info.isFile()) await syncPath(path);
  // Each file's stat, handle and promises are garbage at once: 20,000 of them grew RSS by ~25 MB
  // at the very end of a 500 MB export, its peak.
  relief.releaseEntry();
}

async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Exports as the app's LocalFiles port wants them: typed destinations resolved as the user means them. */
export const localFiles = {
  exists: (destination: string) => pathExists(resolveDestination(destination)),
  exportArchive,
};
