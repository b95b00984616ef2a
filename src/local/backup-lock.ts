import {link, open, readFile, stat, unlink, utimes, writeFile} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {processAlive} from './processes.js';
import {ownedTempName} from './stale-temps.js';

export const LOCK_NAME = '.volscope-backup.lock';

/**
 * A holder keeps its lock fresh by touching it this often, so a lock of another host can be told
 * from one that was abandoned (that host rebooted or lost the folder) by its age alone.
 */
export const LOCK_REFRESH_MS = 5 * 60_000;
/** Twelve missed refreshes: a lock of another host this stale is reported with the way to break it. */
export const LOCK_ABANDONED_AFTER_MS = 60 * 60_000;

export interface LockHolder {
  readonly host: string;
  readonly pid: number;
  readonly since: string;
}

export class LockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockedError';
  }
}

export interface LockOptions {
  /** --break-lock: take a lock whose holder is not a live process of this host. */
  readonly breakLock?: boolean;
  /** What the user ran, for the command that breaks a stale lock. */
  readonly command?: string;
  readonly now?: Date;
  /** A line about a lock broken or taken over. */
  readonly log?: (line: string) => void;
}

/**
 * Takes `DIR/.volscope-backup.lock` (created exclusively, holding host, pid and start time), so
 * that two scheduled runs never write or prune the same folder at once. A lock whose process is
 * gone (same host, pid not alive) is taken over. One of another host is respected; once it has
 * not been refreshed for LOCK_ABANDONED_AFTER_MS the refusal says so and names --break-lock,
 * which takes it. A live holder on this host is never broken. Returns the release.
 */
export async function lockBackupDir(dir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_NAME);
  const mine = JSON.stringify({host: hostname(), pid: process.pid, since: (options.now ?? new Date()).toISOString()});
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await placeLock(dir, path, `${mine}\n`);
      return holdLock(path, mine);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const verdict = await judgeLock(path, options);
      if (verdict.take && attempt === 0) {
        if (verdict.note) options.log?.(verdict.note);
        await unlink(path).catch(() => undefined);
        continue;
      }
      throw new LockedError(verdict.refusal ?? `Another volscope run took the lock in ${dir} at the same moment.`);
    }
  }
  throw new LockedError(`Another volscope run took the lock in ${dir} at the same moment: this run does nothing.`);
}

/**
 * The lock appears whole or not at all: written under an owned temporary name, then hard-linked
 * to its name (which fails if it exists). A run killed between `open` and `write` of an exclusive
 * create would leave an empty lock that nobody could tell from another host's.
 */
async function placeLock(dir: string, path: string, text: string): Promise<void> {
  const temporary = join(dir, ownedTempName(LOCK_NAME));
  await writeFile(temporary, text, {flag: 'wx'});
  try {
    await link(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    // A filesystem without hard links (some FUSE and SMB mounts): the exclusive create it has.
    const handle = await open(path, 'wx');
    await handle.writeFile(text);
    await handle.close();
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

function holdLock(path: string, mine: string): () => Promise<void> {
  // Touched while held, so another host can tell this run from an abandoned lock; unref'd: it never keeps the process up.
  const refresh = setInterval(() => {
    const now = new Date();
    void utimes(path, now, now).catch(() => undefined);
  }, LOCK_REFRESH_MS);
  refresh.unref();
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    clearInterval(refresh);
    // Only our own lock: a run that found it stale and took over must keep its.
    const now = await readFile(path, 'utf8').catch(() => '');
    if (now.trim() === mine) await unlink(path).catch(() => undefined);
  };
}

interface LockVerdict {
  readonly take: boolean;
  readonly note?: string;
  readonly refusal?: string;
}

async function judgeLock(path: string, options: LockOptions): Promise<LockVerdict> {
  const holder = await readHolder(path);
  const modified = await stat(path).then(
    (s) => s.mtimeMs,
    () => Number.NaN,
  );
  const who = holder
    ? `pid ${holder.pid} on ${holder.host}, since ${holder.since}`
    : 'a lock file volscope cannot read';
  const dir = join(path, '..');
  const here = holder?.host === hostname();
  if (here && !processAlive(holder.pid))
    return {take: true, note: `The lock in ${dir} was left by ${who}, a run that is gone: taken over.`};
  const refusal = `Another volscope backup is writing to ${dir} (${who}): this run does nothing.`;
  if (here) return {take: false, refusal};
  if (options.breakLock) return {take: true, note: `Broke the lock in ${dir} held by ${who} (--break-lock).`};
  const idle = (options.now ?? new Date()).getTime() - modified;
  if (!(idle >= LOCK_ABANDONED_AFTER_MS)) return {take: false, refusal};
  const command = options.command ? `\`${options.command} --break-lock\`` : 'the same command with --break-lock';
  return {
    take: false,
    refusal: `The lock in ${dir} (${who}) has not been refreshed for ${Math.floor(idle / 60_000)} min, so its run looks abandoned (a run refreshes it every ${LOCK_REFRESH_MS / 60_000} min): this run does nothing. If no volscope on ${holder?.host ?? 'another host'} is writing there, ${command} takes the lock.`,
  };
}

async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as {host?: unknown; pid?: unknown; since?: unknown};
    if (typeof parsed.host === 'string' && typeof parsed.pid === 'number' && typeof parsed.since === 'string')
      return {host: parsed.host, pid: parsed.pid, since: parsed.since};
  } catch {
    // Half-written or foreign: treated as held by another host.
  }
  return undefined;
}
