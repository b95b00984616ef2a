import {existsSync, mkdirSync, renameSync, rmSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join} from 'node:path';
import type {DatabaseSync} from 'node:sqlite';
import {APPLICATION_ID, SCHEMA, SCHEMA_VERSION} from './schema.js';

type Sqlite = typeof import('node:sqlite');

/** `$XDG_STATE_HOME/volscope/history.sqlite`, else `~/.local/state/volscope/history.sqlite`. */
export function historyPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'volscope', 'history.sqlite');
}

let loaded: Promise<Sqlite | undefined> | undefined;

/**
 * node:sqlite, or undefined on a Node without it (before 22.13). Node 22 announces it with an
 * ExperimentalWarning on stderr, which would land on the user's screen: that one warning is
 * swallowed while the module loads, every other passes.
 */
export function loadSqlite(): Promise<Sqlite | undefined> {
  loaded ??= (async () => {
    const original = process.emitWarning;
    process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
      const text = typeof warning === 'string' ? warning : warning.message;
      if (/sqlite/i.test(text)) return;
      return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
    }) as typeof process.emitWarning;
    try {
      return await import('node:sqlite');
    } catch {
      return undefined;
    } finally {
      process.emitWarning = original;
    }
  })();
  return loaded;
}

export interface OpenedDatabase {
  readonly db: DatabaseSync;
  /** A one-line note for the user: the file was unreadable and moved aside. */
  readonly note?: string;
}

export interface OpenOptions {
  readonly path: string;
  /** How long a write waits for another writer (a cron `record`, a second volscope). */
  readonly busyMs: number;
}

/**
 * Opens (or creates) the history file. A file that is not ours — corrupt, not SQLite, another
 * program's database, a newer schema — is moved aside under a dated name and a fresh one made:
 * the history is a convenience, never a reason to stop. Throws only when the folder cannot be
 * written (the caller turns history off with one line).
 */
export async function openDatabase({path, busyMs}: OpenOptions): Promise<OpenedDatabase> {
  const sqlite = await loadSqlite();
  if (!sqlite) throw new Error(`this Node (${process.version}) has no node:sqlite; it needs 22.13 or later`);
  mkdirSync(dirname(path), {recursive: true, mode: 0o700});
  try {
    return {db: prepare(sqlite, path, busyMs)};
  } catch (error) {
    if (!isUnreadable(error)) throw error;
    const aside = `${path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, aside);
    for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) rmSync(path + suffix, {force: true});
    const why = error instanceof Error ? error.message : String(error);
    return {
      db: prepare(sqlite, path, busyMs),
      note: `history: ${path} could not be read (${why}); moved aside to ${aside}, starting a new one`,
    };
  }
}

class Unreadable extends Error {}

function isUnreadable(error: unknown): boolean {
  if (error instanceof Unreadable) return true;
  const code = (error as {errcode?: number}).errcode;
  // SQLITE_CORRUPT, SQLITE_NOTADB (and their extended codes: the low byte is the primary code).
  return code !== undefined && [11, 26].includes(code & 0xff);
}

function prepare(sqlite: Sqlite, path: string, busyMs: number): DatabaseSync {
  const db = new sqlite.DatabaseSync(path, {timeout: busyMs});
  try {
    // Two processes may meet an empty file at once: the check and the creation hold the write lock.
    db.exec('BEGIN IMMEDIATE');
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()!.n as number;
    if (tables === 0 && Number(pragma(db, 'application_id')) === 0) {
      db.exec(`${SCHEMA} PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${SCHEMA_VERSION};`);
    }
    db.exec('COMMIT');
    const id = Number(pragma(db, 'application_id'));
    const version = Number(pragma(db, 'user_version'));
    if (id !== APPLICATION_ID) throw new Unreadable('another program’s database');
    // A newer volscope's history is kept as it is, not moved aside: this one just does not use it.
    if (version > SCHEMA_VERSION) throw new Error(`${path} was written by a newer volscope (schema ${version})`);
    // WAL: readers never wait for the writer, and two writers queue for busyMs instead of failing.
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON');
    // 1 MiB of page cache, not SQLite's 2: the TUI's memory has a budget, and the pages it
    // misses are in the system's file cache anyway.
    db.exec('PRAGMA cache_size = -1024');
    return db;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    db.close();
    throw error;
  }
}

function pragma(db: DatabaseSync, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown> | undefined;
  return row ? Object.values(row)[0] : undefined;
}
