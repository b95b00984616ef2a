import type {Baseline, LastUser, SizePoint, VolumeFacts} from '../../model/growth.js';
import {StoreCore, sec} from './core.js';

/** Shared by every volume no container has used yet. */
const NO_USERS: readonly LastUser[] = Object.freeze([]);

/** facts() in parts: the baseline scan and the users, read once. */
export interface FactsQuery {
  readonly engine: number;
  readonly seenSince: number;
  readonly at: number | undefined;
  readonly partial: boolean;
  readonly users: ReadonlyMap<number, readonly LastUser[]>;
}

/** What the history tells: growth's baselines, last users, a volume's sizes, what each engine holds. */
export class HistoryReader extends StoreCore {
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
        users: query.users.get(Number(row.id)) ?? NO_USERS,
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
}
