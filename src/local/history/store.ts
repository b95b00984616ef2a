import type {DatabaseSync, StatementSync} from 'node:sqlite';
import type {Baseline, LastUser, SizePoint, VolumeFacts} from '../../model/growth.js';
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

/** facts() in parts: the baseline scan and the users, read once. */
export interface FactsQuery {
  readonly engine: number;
  readonly seenSince: number;
  readonly at: number | undefined;
  readonly partial: boolean;
  readonly users: ReadonlyMap<number, readonly LastUser[]>;
}

const DAY = 86_400;
const sec = (ms: number) => Math.floor(ms / 1000);

/**
 * The size history of every engine volscope has measured (schema.ts says what each table holds).
 * Synchronous (node:sqlite): callers keep it off the render path. Every write is one transaction
 * taken with BEGIN IMMEDIATE, so two writers queue on the busy timeout instead of deadlocking.
 */
export class HistoryStore {
  private readonly statements = new Map<string, StatementSync>();

  constructor(readonly db: DatabaseSync) {}

  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** Writes in one transaction; rolled back whole when anything throws. */
  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

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
   * Every volume of the engine seen since `sinceMs`, with its baseline for growth over
   * `windowMs` before `currentMs` (the time of the sizes it will be compared with): the size at
   * the newest scan at or before the window's start (no older than another window), else at the
   * oldest scan inside the window (partial: the history starts there).
   */
  facts(engine: number, windowMs: number, currentMs: number): Map<string, VolumeFacts> {
    const facts = new Map<string, VolumeFacts>();
    const query = this.factsQuery(engine, windowMs, currentMs);
    for (let after = 0; after >= 0; ) after = this.factsPart(query, after, 10_000, facts);
    return facts;
  }

  /** What facts() reads, decided once: the baseline scan and the users. */
  factsQuery(engine: number, windowMs: number, currentMs: number): FactsQuery {
    const start = sec(currentMs - windowMs);
    const before = this.sql('SELECT max(at) AS at FROM scan WHERE engine = ? AND at <= ? AND at >= ?').get(
      engine,
      start,
      start - sec(windowMs),
    )!.at as number | null;
    const inside =
      before ??
      (this.sql('SELECT min(at) AS at FROM scan WHERE engine = ? AND at > ? AND at < ?').get(
        engine,
        start,
        sec(currentMs),
      )!.at as number | null);
    return {
      engine,
      seenSince: start - sec(windowMs),
      at: inside ?? undefined,
      partial: before === null,
      users: this.users(engine),
    };
  }

  /**
   * Up to `limit` volumes after row id `after` into `facts` (only the names in `only`, when given:
   * what the table shows); the next id to ask after, or -1 at the end.
   */
  factsPart(
    query: FactsQuery,
    after: number,
    limit: number,
    facts: Map<string, VolumeFacts>,
    only?: ReadonlySet<string>,
  ): number {
    const {at, partial} = query;
    const rows = this.sql(
      `SELECT v.id, v.name, v.created, v.first_seen, v.last_seen,
         (SELECT bytes FROM size s WHERE s.volume = v.id AND s.at <= ? ORDER BY s.at DESC LIMIT 1) AS bytes,
         (SELECT s.at FROM size s WHERE s.volume = v.id AND s.at <= ? ORDER BY s.at DESC LIMIT 1) AS known
       FROM volume v WHERE v.engine = ? AND v.ended IS NULL AND v.last_seen >= ? AND v.id > ? ORDER BY v.id LIMIT ?`,
    ).all(at ?? 0, at ?? 0, query.engine, query.seenSince, after, limit);
    for (const row of rows) {
      const name = row.name as string;
      if (only && !only.has(name)) continue;
      const created = row.created as string;
      const known = at !== undefined && row.known !== null;
      // Made after the baseline scan: it grew from nothing, if the engine's clock agrees.
      const createdAfter = at !== undefined && !known && Date.parse(created) > at * 1000;
      const baseline: Baseline | undefined =
        at === undefined || (!known && !createdAfter)
          ? undefined
          : {bytes: known ? (row.bytes as number | null) : 0, atMs: at * 1000, partial};
      facts.set(name, {
        created,
        firstSeenMs: Number(row.first_seen) * 1000,
        lastSeenMs: Number(row.last_seen) * 1000,
        ...(baseline ? {baseline} : {}),
        users: query.users.get(Number(row.id)) ?? [],
      });
    }
    return rows.length < limit ? -1 : Number(rows[rows.length - 1]!.id);
  }

  /** Every container seen mounting each volume of the engine, newest first. */
  users(engine: number): Map<number, LastUser[]> {
    const byVolume = new Map<number, LastUser[]>();
    const rows = this.sql(
      `SELECT u.volume, u.container, u.name, u.last_seen FROM user u
       JOIN volume v ON v.id = u.volume WHERE v.engine = ? AND v.ended IS NULL ORDER BY u.last_seen DESC`,
    ).all(engine);
    for (const row of rows) {
      const key = Number(row.volume);
      const list = byVolume.get(key) ?? [];
      if (!list.length) byVolume.set(key, list);
      list.push({id: row.container as string, name: row.name as string, lastSeenMs: Number(row.last_seen) * 1000});
    }
    return byVolume;
  }

  /** The volume's sizes from `fromMs` on, with the one in force at `fromMs`: the sparkline's input. */
  series(engine: number, name: string, fromMs: number): SizePoint[] {
    const rows = this.sql(
      `SELECT s.at, s.bytes FROM size s JOIN volume v ON v.id = s.volume
       WHERE v.engine = ? AND v.name = ? AND v.ended IS NULL
         AND s.at >= coalesce((SELECT max(at) FROM size WHERE volume = v.id AND at <= ?), 0)
       ORDER BY s.at`,
    ).all(engine, name, sec(fromMs));
    return rows.map((row) => ({atMs: Number(row.at) * 1000, bytes: row.bytes as number | null}));
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

  /** What `volscope history` prints: each engine with how much it holds. */
  summary(): Array<{
    identity: string;
    name: string;
    lastSeenMs: number;
    volumes: number;
    points: number;
    users: number;
  }> {
    return this.sql(
      `SELECT e.identity, e.name, e.last_seen,
         (SELECT count(*) FROM volume v WHERE v.engine = e.id) AS volumes,
         (SELECT count(*) FROM size s JOIN volume v ON v.id = s.volume WHERE v.engine = e.id) AS points,
         (SELECT count(*) FROM user u JOIN volume v ON v.id = u.volume WHERE v.engine = e.id) AS users
       FROM engine e ORDER BY e.last_seen DESC`,
    )
      .all()
      .map((row) => ({
        identity: row.identity as string,
        name: row.name as string,
        lastSeenMs: Number(row.last_seen) * 1000,
        volumes: Number(row.volumes),
        points: Number(row.points),
        users: Number(row.users),
      }));
  }

  /** The engine's row id when it has a history. */
  engineId(identity: string): number | undefined {
    const row = this.sql('SELECT id FROM engine WHERE identity = ?').get(identity);
    return row ? Number(row.id) : undefined;
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

  close(): void {
    this.db.close();
  }
}
