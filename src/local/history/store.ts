import {DAY, sec} from './core.js';
import {HistoryReader} from './reads.js';
import {FORGET_AFTER_DAYS, HOURLY_DAYS, RAW_DAYS} from './schema.js';

/** One size scan of one engine, as recorded. */
export interface ScanRecord {
  readonly atMs: number;
  readonly volumes: ReadonlyArray<{readonly name: string; readonly created: string; readonly bytes: number | null}>;
  readonly users: readonly VolumeUser[];
}

/** A container mounting a volume, as a list shows it. */
export interface VolumeUser {
  readonly volume: string;
  readonly created: string;
  readonly id: string;
  readonly name: string;
}

/**
 * The size history of every engine volscope has measured (schema.ts says what each table holds).
 * Synchronous (node:sqlite): callers keep it off the render path. Every write is one transaction
 * taken with BEGIN IMMEDIATE, so two writers queue on the busy timeout instead of deadlocking.
 */
export class HistoryStore extends HistoryReader {
  /** The engine's row id, by identity; the name it was last reached by is kept for `history` and --forget. */
  engine(identity: string, name: string, atMs: number): number {
    const row = this.sql(
      `INSERT INTO engine (identity, name, last_seen) VALUES (?, ?, ?)
       ON CONFLICT (identity) DO UPDATE SET name = excluded.name, last_seen = max(last_seen, excluded.last_seen)
       RETURNING id`,
    ).get(identity, name, sec(atMs));
    return Number(row!.id);
  }

  /**
   * A clock that went back must not put a scan before the ones already there (growth would read
   * the future as the past): the scan is recorded one second after the newest instead. A newest
   * scan more than a day ahead was a clock gone wrong the other way, and is not followed.
   */
  scanTime(engine: number, atMs: number): number {
    const newest = this.sql('SELECT max(at) AS at FROM scan WHERE engine = ?').get(engine)!.at as number | null;
    const at = sec(atMs);
    if (newest === null || at > newest || newest - at > DAY) return at;
    return newest + 1;
  }

  /** One scan: sizes that changed get a point, every volume and user is seen now; the time it was recorded at. */
  record(engine: number, scan: ScanRecord): number {
    const at = this.transaction(() => this.scanTime(engine, scan.atMs));
    this.recordPart(engine, at, scan.volumes, scan.users, true);
    return at * 1000;
  }

  /**
   * Part of a scan at `at` (seconds, from scanTime), in one transaction: the TUI writes a big
   * scan in parts with the event loop free between them. The scan itself is written with the
   * last part, so no reader takes a half-written scan for a baseline.
   */
  recordPart(
    engine: number,
    at: number,
    volumes: ScanRecord['volumes'],
    users: readonly VolumeUser[],
    last: boolean,
  ): void {
    this.transaction(() => {
      const ids = new Map<string, number>();
      for (const volume of volumes) {
        const row = this.seeVolume(engine, volume.name, volume.created, at);
        ids.set(volume.name, row.id);
        if (row.fresh || row.last_bytes !== volume.bytes) {
          this.sql('INSERT OR REPLACE INTO size (volume, at, bytes) VALUES (?, ?, ?)').run(row.id, at, volume.bytes);
          this.sql('UPDATE volume SET last_bytes = ? WHERE id = ?').run(volume.bytes, row.id);
        }
      }
      this.seeUsers(engine, users, at, ids);
      if (!last) return;
      this.sql('INSERT OR IGNORE INTO scan (engine, at) VALUES (?, ?)').run(engine, at);
      // A whole scan without the name: that volume is gone; one of the name later is another.
      this.sql('UPDATE volume SET ended = ? WHERE engine = ? AND ended IS NULL AND last_seen < ?').run(at, engine, at);
    });
  }

  /** Users seen by a list between scans (a container that lived for a minute still counts). */
  recordUsers(engine: number, atMs: number, users: readonly VolumeUser[]): void {
    if (!users.length) return;
    this.transaction(() => this.seeUsers(engine, users, sec(atMs), new Map()));
  }

  /** The volume's current row (the one not ended), made when there is none. */
  private seeVolume(engine: number, name: string, created: string, at: number) {
    const known = this.sql(
      'SELECT id, last_bytes FROM volume WHERE engine = ? AND name = ? AND ended IS NULL ORDER BY id DESC LIMIT 1',
    ).get(engine, name);
    if (known) {
      this.sql('UPDATE volume SET last_seen = max(last_seen, ?) WHERE id = ?').run(at, known.id as number);
      return {id: Number(known.id), last_bytes: known.last_bytes as number | null, fresh: false};
    }
    const made = this.sql(
      'INSERT INTO volume (engine, name, created, first_seen, last_seen) VALUES (?, ?, ?, ?, ?) RETURNING id',
    ).get(engine, name, created, at, at)!;
    return {id: Number(made.id), last_bytes: null, fresh: true};
  }

  /** Volumes a list no longer shows (the TUI follows removals): their rows end. */
  endVolumes(engine: number, names: readonly string[], atMs: number): void {
    if (!names.length) return;
    this.transaction(() => {
      for (const name of names)
        this.sql('UPDATE volume SET ended = ? WHERE engine = ? AND name = ? AND ended IS NULL').run(
          sec(atMs),
          engine,
          name,
        );
    });
  }

  private seeUsers(engine: number, users: readonly VolumeUser[], at: number, ids: Map<string, number>): void {
    for (const user of users) {
      const id = ids.get(user.volume) ?? this.seeVolume(engine, user.volume, user.created, at).id;
      ids.set(user.volume, id);
      this.sql(
        `INSERT INTO user (volume, container, name, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (volume, container) DO UPDATE SET name = excluded.name, last_seen = max(last_seen, excluded.last_seen)`,
      ).run(id, user.id, user.name, at, at);
    }
  }

  /**
   * Thins what aged past a tier: older than 7 days, the last point of each hour stays; older
   * than 90, the last of each day. Only the stretch that aged since the last call is walked.
   */
  compact(nowMs: number): void {
    const now = sec(nowMs);
    this.transaction(() => {
      const done = Number(this.sql("SELECT value FROM meta WHERE key = 'compacted'").get()?.value ?? 0);
      this.thin(done - RAW_DAYS * DAY, now - RAW_DAYS * DAY, 3600);
      this.thin(done - HOURLY_DAYS * DAY, now - HOURLY_DAYS * DAY, DAY);
      const gone = now - FORGET_AFTER_DAYS * DAY;
      this.sql('DELETE FROM volume WHERE last_seen < ?').run(gone);
      this.sql('DELETE FROM scan WHERE at < ?').run(gone);
      this.sql("INSERT OR REPLACE INTO meta (key, value) VALUES ('compacted', ?)").run(String(now));
    });
  }

  /** At most once an hour: thinning walks only what aged since, but a scan every minute need not ask. */
  compactIfDue(nowMs: number): void {
    const done = Number(this.sql("SELECT value FROM meta WHERE key = 'compacted'").get()?.value ?? 0);
    if (sec(nowMs) - done >= 3600 || sec(nowMs) < done) this.compact(nowMs);
  }

  /** Forgets one engine (by identity or the name it was last reached by), or every engine; how many went. */
  forget(engine?: string): number {
    return this.transaction(() => {
      if (engine === undefined) {
        const n = Number(this.sql('SELECT count(*) AS n FROM engine').get()!.n);
        for (const table of ['user', 'size', 'scan', 'volume', 'engine', 'meta']) this.db.exec(`DELETE FROM ${table}`);
        return n;
      }
      return Number(this.sql('DELETE FROM engine WHERE identity = ? OR name = ?').run(engine, engine).changes);
    });
  }

  private thin(from: number, to: number, bucket: number): void {
    if (to <= from) return;
    // Whole buckets only: the one `to` falls in still gains points. The bucket is written into the
    // SQL: node:sqlite binds numbers as REAL, and `at / 3600.0` is no hour.
    const lo = Math.floor(Math.max(from, 0) / bucket) * bucket;
    const hi = Math.floor(to / bucket) * bucket;
    for (const table of ['size', 'scan'] as const) {
      const owner = table === 'size' ? 'volume' : 'engine';
      this.sql(
        `DELETE FROM ${table} AS t WHERE t.at >= ? AND t.at < ? AND EXISTS (
           SELECT 1 FROM ${table} n WHERE n.${owner} = t.${owner} AND n.at > t.at AND n.at < (t.at / ${bucket} + 1) * ${bucket})`,
      ).run(lo, hi);
    }
  }
}
