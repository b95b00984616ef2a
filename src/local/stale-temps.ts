import {randomBytes} from 'node:crypto';
import {lstat, readdir, rm} from 'node:fs/promises';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {processAlive} from './processes.js';
import {hostTag, parseTempName, tempName, tempVerdict, type TempVerdict} from '../model/temp-names.js';

/** This host as temporary names carry it: 8 hex digits of its name. */
export const HOST_TAG = hostTag(hostname());

/** A new temporary name for `name`, owned by this run. */
export function ownedTempName(name: string): string {
  return tempName(name, {host: HOST_TAG, pid: process.pid}, randomBytes(4).toString('hex'));
}

export interface TempFile {
  readonly file: string;
  readonly verdict: TempVerdict;
  readonly pid?: number;
  /** An export's unpacking folder (only owned names count as ours then). */
  readonly directory: boolean;
}

/** volscope's temporary files in a folder here, each with whose it is (model/temp-names). */
export async function tempFilesIn(folder: string, isAlive = processAlive): Promise<TempFile[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: TempFile[] = [];
  for (const file of names) {
    const parsed = parseTempName(file);
    if (!parsed) continue;
    const stats = await lstat(join(folder, file)).catch(() => undefined);
    const directory = stats?.isDirectory() === true && parsed.owner !== undefined;
    if (!stats?.isFile() && !directory) continue;
    const verdict = tempVerdict(parsed, {host: HOST_TAG, isAlive, ageMs: Date.now() - stats!.mtimeMs});
    found.push({file, verdict, directory, ...(parsed.owner ? {pid: parsed.owner.pid} : {})});
  }
  return found;
}

/**
 * Before a write into a folder: the temporary files runs killed on this host left there are
 * removed (a killed backup's can be gigabytes); those of live runs and of other hosts stay.
 */
export async function clearStaleTemps(folder: string, isAlive = processAlive): Promise<string[]> {
  const stale = (await tempFilesIn(folder, isAlive)).filter((t) => t.verdict === 'stale');
  const removed: string[] = [];
  for (const {file} of stale)
    await rm(join(folder, file), {recursive: true, force: true}).then(
      () => removed.push(file),
      () => undefined,
    );
  return removed;
}
