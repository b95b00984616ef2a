import {existsSync, renameSync} from 'node:fs';
import type {Container, Volume, VolumeUsage} from '../../model/types.js';
import {historyPath, openDatabase} from './open.js';
import {HistoryStore, type ScanRecord, type VolumeUser} from './store.js';

export {historyPath};
export type {VolumeFacts} from '../../model/growth.js';

export interface HistoryOptions {
  /** --no-history: nothing is read or written, and nothing says so. */
  readonly disabled?: boolean;
  readonly path?: string;
  /** How long a write waits for another writer: long for `record` (cron can wait), short in the TUI (a frame cannot). */
  readonly busyMs?: number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The history as the rest of volscope uses it: never throws. A store that cannot be opened or
 * written (a read-only or full state folder, a corrupt file) turns history off for the session
 * and leaves one line in `note`; everything else goes on without it.
 */
export class History {
  /** Set when the history is off or something about it is worth one line on the status/stderr. */
  note: string | undefined;

  private constructor(
    private store: HistoryStore | undefined,
    readonly path: string,
    note?: string,
  ) {
    this.note = note;
  }

  static async open(options: HistoryOptions = {}): Promise<History> {
    const path = options.path ?? historyPath(options.env);
    if (options.disabled) return new History(undefined, path);
    try {
      const {db, note} = await openDatabase({path, busyMs: options.busyMs ?? 5_000});
      return new History(new HistoryStore(db), path, note);
    } catch (error) {
      return new History(undefined, path, `history off: ${reason(error)}`);
    }
  }

  get on(): boolean {
    return this.store !== undefined;
  }

  /**
   * Runs a read or write against the store. Busy (another writer held it past the timeout): this
   * one is skipped, returning undefined. Anything else turns history off with its reason.
   */
  use<T>(work: (store: HistoryStore) => T): T | undefined {
    if (!this.store) return undefined;
    try {
      return work(this.store);
    } catch (error) {
      const code = ((error as {errcode?: number}).errcode ?? 0) & 0xff;
      if (code === 5 || code === 6) return undefined; // SQLITE_BUSY, SQLITE_LOCKED: next time.
      this.turnOff(error, code === 11 || code === 26);
      return undefined;
    }
  }

  /** Records one scan of one engine; the time it was recorded at (ms), or undefined when it was not. */
  recordScan(identity: string, engineName: string, scan: ScanRecord): number | undefined {
    return this.use((store) => {
      const engine = store.engine(identity, engineName, scan.atMs);
      const at = store.record(engine, scan);
      store.compactIfDue(scan.atMs);
      return at;
    });
  }

  close(): void {
    this.store?.close();
    this.store = undefined;
  }

  private turnOff(error: unknown, corrupt: boolean): void {
    this.close();
    let aside = '';
    if (corrupt && existsSync(this.path)) {
      const to = `${this.path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        renameSync(this.path, to);
        aside = `; moved aside to ${to}, a new one starts next time`;
      } catch {}
    }
    this.note = `history off: ${reason(error)}${aside}`;
  }
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as {code?: string}).code;
  if (code === 'EACCES' || code === 'EROFS' || /readonly|read-only|unable to open/i.test(text))
    return `${text} — the state folder cannot be written (set XDG_STATE_HOME, or --no-history)`;
  if (code === 'ENOSPC' || /disk is full|database or disk is full/i.test(text)) return `${text} — the disk is full`;
  return text;
}

/** A scan as the store takes it: the engine's volumes with their sizes, and who mounts each. */
export function scanOf(
  volumes: readonly Volume[],
  containers: readonly Container[],
  usage: ReadonlyMap<string, VolumeUsage>,
  atMs: number,
): ScanRecord {
  return {
    atMs,
    volumes: volumes.flatMap((v) => {
      const used = usage.get(v.name);
      // A volume made after the scan began is not in it: no point rather than a wrong one.
      return used === undefined ? [] : [{name: v.name, created: v.createdAt, bytes: used.size}];
    }),
    users: usersOf(volumes, containers),
  };
}

/** Every (volume, container) mount pair in a list. */
export function usersOf(volumes: readonly Volume[], containers: readonly Container[]): VolumeUser[] {
  const created = new Map(volumes.map((v) => [v.name, v.createdAt]));
  return containers.flatMap((c) =>
    c.mounts.flatMap((m) => {
      const at = created.get(m.volumeName);
      return at === undefined ? [] : [{volume: m.volumeName, created: at, id: c.id, name: c.name}];
    }),
  );
}
