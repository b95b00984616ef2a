import {open, readFile, stat, unlink} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {constants, gunzipSync} from 'node:zlib';
import {type BackupManifest, decodeManifest, parseBackupName} from '../model/backup-manifest.js';
import type {BackupStore} from '../targets/store.js';
import {readHead} from '../targets/store.js';
import {isAge} from './age.js';
import {TarScanner} from '../model/tar-scan.js';
import {processAlive} from './processes.js';

/** A backup of one volume found in a folder: recognised by its name and by the manifest inside. */
export interface OwnBackup {
  readonly name: string;
  readonly stamp: string;
}

/**
 * volscope's own backups of `volume` in a store, newest first: the file name is
 * `VOLUME-STAMP.tar.gz` (as `volscope backup` names it) and the archive's manifest names that
 * volume; an encrypted one (`.tar.gz.age`, its manifest sealed) is known by its name and age's
 * header. Anything else — another tool's archive, a renamed file, another volume's backup whose
 * name shares a prefix — is not ours to touch. Only the head of each candidate is read.
 */
export async function ownBackups(store: BackupStore, volume: string): Promise<OwnBackup[]> {
  const found: OwnBackup[] = [];
  for (const {name} of await store.list()) {
    const named = parseBackupName(name);
    if (named?.volume !== volume) continue;
    const head = await readHead(store, name).catch(() => Buffer.alloc(0));
    const ours = named.encrypted ? isAge(head) : manifestInHead(head)?.volume.name === volume;
    if (ours) found.push({name, stamp: named.createdAt});
  }
  return found.sort((a, b) => b.stamp.localeCompare(a.stamp));
}

/**
 * Keeps the newest `keep` of the volume's own backups in the store (the one just written always
 * among them) and removes the rest with their `.sha256`. Returns the names removed.
 */
export async function removeOlderBackups(
  store: BackupStore,
  volume: string,
  keep: number,
  justWritten: string,
): Promise<string[]> {
  const backups = await ownBackups(store, volume);
  const kept = new Set([
    justWritten,
    ...backups
      .filter((b) => b.name !== justWritten)
      .slice(0, Math.max(0, keep - 1))
      .map((b) => b.name),
  ]);
  const removed: string[] = [];
  for (const backup of backups) {
    if (kept.has(backup.name)) continue;
    await store.remove(backup.name);
    await store.remove(`${backup.name}.sha256`).catch(() => undefined);
    removed.push(backup.name);
  }
  return removed;
}

/** The manifest in an archive's first bytes (.tar.gz or .tar); undefined when it has none. */
export function manifestInHead(head: Buffer): BackupManifest | undefined {
  const scanner = new TarScanner();
  try {
    // The head is cut anywhere: inflate what there is, without asking for the end.
    scanner.write(
      head[0] === 0x1f && head[1] === 0x8b ? gunzipSync(head, {finishFlush: constants.Z_SYNC_FLUSH}) : head,
    );
  } catch {
    return undefined;
  }
  return decodeManifest(scanner.leadingRecords?.comment);
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
      if (holder && holder.host === hostname() && !processAlive(holder.pid) && attempt === 0) {
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

export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
