import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {isArchiveName, isRemoteAddress} from '../model/store-address.js';

/** How many backup destinations are remembered. */
const KEEP = 5;

/** `$XDG_STATE_HOME/volscope/recent-targets.json`, else `~/.local/state/volscope/…`. */
export function recentTargetsFile(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(state, 'volscope', 'recent-targets.json');
}

/** The folders backups last went to, newest first; none when the file is missing or unreadable. */
export function readRecentTargets(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  try {
    const parsed = JSON.parse(readFileSync(recentTargetsFile(env), 'utf8')) as unknown;
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string').slice(0, KEEP) : [];
  } catch {
    return [];
  }
}

/** The folder a backup went to: a remote folder as typed, a local file's folder made absolute. */
export function targetFolder(destination: string): string {
  if (isRemoteAddress(destination))
    return isArchiveName(destination) ? destination.slice(0, destination.lastIndexOf('/')) : destination;
  return isArchiveName(destination) ? dirname(resolve(destination)) : resolve(destination);
}

/**
 * Puts a folder first in the list (written to a temporary file and renamed, so a crash never
 * leaves half a list). Never throws: remembering is a convenience, never a reason to fail a backup.
 */
export function rememberTarget(
  destination: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  try {
    const folder = targetFolder(destination);
    const list = [folder, ...readRecentTargets(env).filter((t) => t !== folder)].slice(0, KEEP);
    const file = recentTargetsFile(env);
    mkdirSync(dirname(file), {recursive: true});
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, `${JSON.stringify(list, null, 2)}\n`);
    renameSync(temp, file);
  } catch {
    // A read-only home, a full disk: the next dialog just offers less.
  }
}
