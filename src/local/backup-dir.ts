import {stat} from 'node:fs/promises';
import {crashPoint} from './crash-points.js';
import {constants, gunzipSync} from 'node:zlib';
import {type BackupManifest, decodeManifest, parseBackupName} from '../model/backup-manifest.js';
import type {BackupStore} from '../targets/store.js';
import {readHead} from '../targets/store.js';
import {isAge} from './age.js';
import {TarScanner} from '../model/tar-scan.js';

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
    // The checksum first: a kill between the two leaves an archive the next --keep still
    // recognises and removes, not a .sha256 of nothing that no run ever clears.
    await store.remove(`${backup.name}.sha256`).catch(() => undefined);
    crashPoint('prune');
    await store.remove(backup.name);
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

export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
