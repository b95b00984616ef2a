import {hostname} from 'node:os';
import {hostTag, tempName} from '../model/temp-names.js';
/**
 * A folder of backups somewhere: on this machine, on an sftp server, on an rclone remote. Every
 * operation that reads or writes archives off the machine goes through this, so each kind of target
 * is one implementation, and backup, --keep, verify, restore and `volscope backups` work on all.
 */
export interface StoredFile {
  readonly name: string;
  readonly size: number;
  readonly modified: Date | undefined;
}

export interface BackupStore {
  /** The folder as a person writes it: `/srv/backups`, `sftp://me@host/backups`, `rclone:b2:vols`. */
  readonly label: string;
  /** Made if missing (with its parents). */
  ensureFolder(): Promise<void>;
  /** The plain files directly in the folder. */
  list(): Promise<StoredFile[]>;
  /** A file's bytes, streamed (from `offset`, at most `length`). */
  read(name: string, range?: {offset: number; length: number}): AsyncIterable<Buffer>;
  /** A small file whole (a .sha256), or undefined when it is not there. */
  readSmall(name: string): Promise<string | undefined>;
  remove(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A store off this machine, which takes new archives as uploads. (A folder here is written by
 * local/backup-file.ts, which reads each gzip member back from the disk as it goes.)
 */
export interface RemoteStore extends BackupStore {
  /** A new archive, written under a temporary name until commit. */
  upload(name: string): Promise<Upload>;
}

export interface Upload {
  /** Resolves once the target has taken the chunk (its backpressure). */
  write(chunk: Buffer): Promise<void>;
  /**
   * Checks what arrived has this SHA-256 (the target's own hash where it has one, else by reading
   * it back), writes NAME.sha256, then gives the archive its name — never over an existing file.
   */
  commit(sha256: string): Promise<void>;
  /** Removes the temporary file; nothing is left under the final name. */
  abort(): Promise<void>;
}

export class StoreError extends Error {
  constructor(
    readonly reason: 'exists' | 'missing' | 'checksum' | 'unavailable' | 'other',
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** `.NAME.volscope-HOST-PID-RANDOM.tmp`: hidden, and named so a sweep knows it as volscope's and whose (model/temp-names). */
export function temporaryName(name: string, random: string): string {
  return tempName(name, {host: hostTag(hostname()), pid: process.pid}, random);
}

/** A file's first bytes, enough for an archive's head (its manifest). */
export async function readHead(store: BackupStore, name: string, bytes = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of store.read(name, {offset: 0, length: bytes})) {
    chunks.push(chunk);
    total += chunk.length;
    if (total >= bytes) break;
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}
