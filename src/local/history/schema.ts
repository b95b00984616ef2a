/**
 * The history file's schema. Times are seconds since the epoch (4 bytes a row, not 6), sizes bytes.
 *
 * - `engine`: one row per engine identity (`/info` ID), whatever context or address reached it.
 * - `volume`: one row per volume lifetime. A volume removed and re-created under the same name
 *   starts a row of its own: a row ends (`ended`) when a whole scan, or in the TUI a list, no
 *   longer shows the name. The engine's creation time cannot tell lifetimes apart: Docker's local
 *   driver reports the modification time of the volume's `_data` folder, which moves whenever a
 *   file is added at its top (checked on 20.10 and 26.1); it is kept as first reported.
 * - `size`: a point only when the size changed (most volumes sit still): the size at any time is
 *   the last point at or before it. Points older than 7 days are thinned to the last of each
 *   hour, older than 90 days to the last of each day.
 * - `scan`: when each engine was measured, thinned the same way: a point's absence means "no
 *   change" only where a scan looked.
 * - `user`: which containers mounted which volume, first and last seen; kept after the
 *   container is gone (the engine forgets it).
 */
export const SCHEMA_VERSION = 1;

/** 'volH': tells our file from any other SQLite file someone left at the path. */
export const APPLICATION_ID = 0x766f6c48;

export const SCHEMA = `
CREATE TABLE engine (
  id INTEGER PRIMARY KEY,
  identity TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE TABLE volume (
  id INTEGER PRIMARY KEY,
  engine INTEGER NOT NULL REFERENCES engine(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  last_bytes INTEGER,
  ended INTEGER
);
CREATE INDEX volume_by_name ON volume (engine, name, ended);
CREATE TABLE size (
  volume INTEGER NOT NULL REFERENCES volume(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  bytes INTEGER,
  PRIMARY KEY (volume, at)
) WITHOUT ROWID;
CREATE TABLE scan (
  engine INTEGER NOT NULL REFERENCES engine(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  PRIMARY KEY (engine, at)
) WITHOUT ROWID;
CREATE TABLE user (
  volume INTEGER NOT NULL REFERENCES volume(id) ON DELETE CASCADE,
  container TEXT NOT NULL,
  name TEXT NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (volume, container)
) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

/** Raw points live this long, hourly ones this long; daily ones until the volume is forgotten. */
export const RAW_DAYS = 7;
export const HOURLY_DAYS = 90;
/** A volume unseen this long is forgotten with its points and users. */
export const FORGET_AFTER_DAYS = 400;
