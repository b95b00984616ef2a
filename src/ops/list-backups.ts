import {isAge} from '../local/age.js';
import {manifestInHead} from '../local/backup-dir.js';
import {parseBackupName} from '../model/backup-manifest.js';
import {type BackupStore, readHead} from '../targets/store.js';

/** One archive in a backup folder, as `volscope backups` lists it. */
export interface ListedBackup {
  readonly archive: string;
  readonly volume: string | undefined;
  /** The engine recorded in the manifest; undefined for older or other tools' archives, and sealed ones. */
  readonly engine: string | undefined;
  /** When it was made: the manifest's time, else the name's stamp, else the file's time. */
  readonly time: string | undefined;
  readonly size: number;
  readonly encrypted: boolean;
  /** A .sha256 is beside it: volscope writes one only once the archive checked out when written. */
  readonly verified: boolean;
}

const ARCHIVE = /\.(tar\.gz|tgz|tar)(\.age)?$/;

/**
 * The archives in a store, newest first: each one's head is read (64 KiB) for its manifest, so the
 * listing costs one small read per archive whatever their size — over sftp or rclone too.
 */
export async function listBackups(store: BackupStore): Promise<ListedBackup[]> {
  const files = await store.list();
  const names = new Set(files.map((file) => file.name));
  const archives = files.filter((file) => ARCHIVE.test(file.name) && !file.name.startsWith('.'));
  const listed: ListedBackup[] = [];
  for (let i = 0; i < archives.length; i += 4) {
    const batch = archives.slice(i, i + 4);
    listed.push(
      ...(await Promise.all(
        batch.map(async (file) => {
          const head = await readHead(store, file.name).catch(() => Buffer.alloc(0));
          const encrypted = isAge(head);
          const manifest = encrypted ? undefined : manifestInHead(head);
          const named = parseBackupName(file.name);
          return {
            archive: file.name,
            volume: manifest?.volume.name ?? named?.volume,
            engine: manifest?.engine,
            time: manifest?.createdAt ?? named?.createdAt ?? file.modified?.toISOString(),
            size: file.size,
            encrypted,
            verified: names.has(`${file.name}.sha256`),
          };
        }),
      )),
    );
  }
  return listed.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}
