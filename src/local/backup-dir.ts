import {createReadStream} from 'node:fs';
import {open, readdir, readFile, rm, stat, unlink} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {createGunzip} from 'node:zlib';
import {decodeManifest} from '../model/backup-manifest.js';
import {AGE_MAGIC, isAge} from './age.js';
import {TarScanner} from '../model/tar-scan.js';

const STAMP = /^(\d{8}T\d{6}Z)\.tar\.gz(\.age)?$/;

/** A backup of one volume found in a folder: recognised by its name and by the manifest inside. */
export interface OwnBackup {
  readonly path: string;
  readonly stamp: string;
}

/**
 * volscope's own backups of `volume` in `dir`, newest first: the file name is `VOLUME-STAMP.tar.gz`
 * (as `volscope backup` names it) and the archive's manifest names that volume. Anything else —
 * another tool's archive, a renamed file, another volume's backup whose name shares a prefix — is
 * not ours to touch.
 */
export async function ownBackups(dir: string, volume: string): Promise<OwnBackup[]> {
  const prefix = `${volume}-`;
  const found: OwnBackup[] = [];
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const match = STAMP.exec(name.slice(prefix.length));
    if (!match) continue;
    const path = join(dir, name);
    // An encrypted archive's manifest is sealed: its name and age's own header must do.
    const ours = match[2] ? await isAgeFile(path) : (await manifestVolume(path)) === volume;
    if (ours) found.push({path, stamp: match[1]!});
  }
  return found.sort((a, b) => b.stamp.localeCompare(a.stamp));
}

/**
 * Keeps the newest `keep` of the volume's own backups in `dir` (the one just written always among
 * them) and removes the rest with their `.sha256`. Returns the paths removed.
 */
export async function removeOlderBackups(
  dir: string,
  volume: string,
  keep: number,
  justWritten: string,
): Promise<string[]> {
  const backups = await ownBackups(dir, volume);
  const kept = new Set([
    justWritten,
    ...backups
      .filter((b) => b.path !== justWritten)
      .slice(0, Math.max(0, keep - 1))
      .map((b) => b.path),
  ]);
  const removed: string[] = [];
  for (const backup of backups) {
    if (kept.has(backup.path)) continue;
    await unlink(backup.path);
    await rm(`${backup.path}.sha256`, {force: true});
    removed.push(backup.path);
  }
  return removed;
}

async function isAgeFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(AGE_MAGIC.length);
    await handle.read(head, 0, head.length, 0);
    return isAge(head);
  } finally {
    await handle.close();
  }
}

/** The volume named by the archive's manifest; undefined when it has none or is not a tar.gz. Reads only the head. */
async function manifestVolume(path: string): Promise<string | undefined> {
  const scanner = new TarScanner();
  const input = createReadStream(path, {highWaterMark: 64 * 1024});
  const gunzip = createGunzip();
  try {
    for await (const chunk of input.pipe(gunzip) as AsyncIterable<Buffer>) {
      if (!scanner.write(chunk) || scanner.pastHead) break;
    }
  } catch {
    return undefined;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
  return decodeManifest(scanner.leadingRecords?.comment)?.volume.name;
}

export class LockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: string,
  ) {
    super(
      `Another volscope backup is writing to ${dir} (${holder}): this run does nothing. If none runs, remove ${join(dir, LOCK_NAME)}.`,
    );
    this.name = 'LockedError';
  }
}

export const LOCK_NAME = '.volscope-backup.lock';

/**
 * Takes `DIR/.volscope-backup.lock` (created exclusively, holding host, pid and start time), so
 * that two scheduled runs never write or prune the same folder at once. A lock whose process is
 * gone (same host, pid not alive) is taken over; one of another host is respected.
 */
export async function lockBackupDir(dir: string, now: Date = new Date()): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_NAME);
  const mine = JSON.stringify({host: hostname(), pid: process.pid, since: now.toISOString()});
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${mine}\n`);
      await handle.close();
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        // Only our own lock: a run that found it stale and took over must keep its.
        const now = await readFile(path, 'utf8').catch(() => '');
        if (now.trim() === mine) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = await readHolder(path);
      if (holder && holder.host === hostname() && !alive(holder.pid) && attempt === 0) {
        await unlink(path).catch(() => undefined);
        continue;
      }
      throw new LockedError(
        dir,
        holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.since}` : 'a lock file volscope cannot read',
      );
    }
  }
  throw new LockedError(dir, 'a run that took over the lock at the same moment');
}

async function readHolder(path: string): Promise<{host: string; pid: number; since: string} | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as {host?: unknown; pid?: unknown; since?: unknown};
    if (typeof parsed.host === 'string' && typeof parsed.pid === 'number' && typeof parsed.since === 'string')
      return {host: parsed.host, pid: parsed.pid, since: parsed.since};
  } catch {
    // Half-written or foreign: treated as held.
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
