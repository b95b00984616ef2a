import type Docker from 'dockerode';
import {HelperSession} from './helper.js';

/**
 * Putting some files of an archive into a volume that holds others (a partial restore), through
 * a started helper: which of the paths are there already, then — once the engine has unpacked
 * the files into a staging folder inside the volume — each one renamed into place (rename(2):
 * it is there whole or not at all), then the staging folder removed. User text arrives only as
 * arguments ("$1"…), octal-escaped for printf, never in the script.
 */

/** The paths under each root ($@, escaped) that exist: non-folders, a NUL, then folders, a NUL. */
const PROBE_SCRIPT =
  'cd /volume || exit 90; ' +
  'for r; do p=$(printf "$r"; echo .); p=${p%.}; [ -e "./$p" ] || [ -L "./$p" ] || continue; find "./$p" ! -type d -print0; done; printf "\\0"; ' +
  'for r; do p=$(printf "$r"; echo .); p=${p%.}; [ -e "./$p" ] || [ -L "./$p" ] || continue; find "./$p" -type d -print0; done; printf "\\0"';

/**
 * Moves what find hands it from the staging folder $1 into place, by policy $2 (overwrite|skip).
 * A folder not in the volume moves whole; one that is there is entered (its files move one by
 * one). A path whose parent leads out of the volume (a link the volume holds) is refused.
 * Each outcome is one NUL-terminated record: `w PATH` written, `s PATH` skipped, `! WHY PATH`.
 */
export const MOVE_EACH =
  's=$1; mode=$2; shift 2; for f; do p=${f#./$s/}; t="/volume/$p"; ' +
  '[ -e "$f" ] || [ -L "$f" ] || continue; ' +
  'd=$(dirname -- "$t"); case $(cd -P -- "$d" 2>/dev/null && pwd -P) in /volume|/volume/*) ;; *) printf "! outside %s\\0" "$p"; exit 92;; esac; ' +
  'if [ -d "$f" ] && [ ! -L "$f" ] && [ -d "$t" ] && [ ! -L "$t" ]; then continue; fi; ' +
  'if [ -e "$t" ] || [ -L "$t" ]; then ' +
  '  if [ "$mode" = skip ]; then printf "s %s\\0" "$p"; continue; fi; ' +
  '  if [ -d "$t" ] && [ ! -L "$t" ]; then printf "! folder %s\\0" "$p"; exit 97; fi; ' +
  'fi; ' +
  'mv -fT -- "$f" "$t" || { printf "! move %s\\0" "$p"; exit 98; }; printf "w %s\\0" "$p"; done';

export const MOVE_SCRIPT =
  'cd /volume || exit 90; [ -d "./$1" ] || exit 93; ' +
  'find "./$1" -mindepth 1 -exec sh -c "$3" sh "$1" "$2" {} + 2>/dev/null; rm -rf "./$1"; true';

export interface PlacedPaths {
  readonly written: string[];
  readonly skipped: string[];
}

export class PlaceError extends Error {
  constructor(
    readonly why: 'outside' | 'folder' | 'move',
    readonly path: string,
  ) {
    super(
      why === 'outside'
        ? `${path}: its folder in the volume is a link that leads outside it; nothing was written there`
        : why === 'folder'
          ? `${path} is a folder in the volume, and the archive holds a file there`
          : `could not move ${path} into place`,
    );
    this.name = 'PlaceError';
  }
}

/** MOVE_EACH's records: what it wrote and skipped; a refusal (`! WHY PATH`) is thrown. */
export function placedFrom(stdout: Buffer): PlacedPaths {
  const placed: PlacedPaths = {written: [], skipped: []};
  for (const record of stdout.toString('utf8').split('\0').filter(Boolean)) {
    if (record.startsWith('w ')) placed.written.push(record.slice(2));
    else if (record.startsWith('s ')) placed.skipped.push(record.slice(2));
    else if (record.startsWith('! ')) {
      const [why, ...rest] = record.slice(2).split(' ');
      throw new PlaceError(why as PlaceError['why'], rest.join(' '));
    }
  }
  return placed;
}

/** Which of these paths (and everything under them) the volume holds, as non-folders and folders. */
export async function existingPaths(
  docker: Docker,
  volume: string,
  image: string,
  escapedRoots: readonly string[],
): Promise<{files: string[]; folders: string[]}> {
  const session = await HelperSession.start(docker, {image, volume, idleSeconds: 30});
  try {
    const result = await session.exec(['sh', '-c', PROBE_SCRIPT, 'sh', ...escapedRoots]);
    if (result.exitCode !== 0) throw new Error(`could not look inside ${volume}: ${result.stderr.toString().trim()}`);
    // Paths are never empty (each starts with ./): an empty record is the end of a section.
    const tokens = result.stdout.toString('utf8').split('\0');
    const cut = tokens.indexOf('');
    return {files: tokens.slice(0, cut), folders: tokens.slice(cut + 1).filter(Boolean)};
  } finally {
    await session.close();
  }
}

/** Moves the staged files into place (see MOVE_EACH); the staging folder is removed whatever happens. */
export async function placeStaged(
  docker: Docker,
  volume: string,
  image: string,
  stage: string,
  policy: 'overwrite' | 'skip',
  signal?: AbortSignal,
): Promise<PlacedPaths> {
  const session = await HelperSession.start(docker, {image, volume, idleSeconds: 300, writable: true});
  const stop = () => void session.close().catch(() => undefined);
  signal?.addEventListener('abort', stop, {once: true});
  try {
    const result = await session.exec(['sh', '-c', MOVE_SCRIPT, 'sh', stage, policy, MOVE_EACH]);
    signal?.throwIfAborted();
    if (result.exitCode !== 0)
      throw new Error(`could not place the files in ${volume}: ${result.stderr.toString().trim()}`);
    return placedFrom(result.stdout);
  } finally {
    signal?.removeEventListener('abort', stop);
    await session.close().catch(() => undefined);
  }
}

/** Removes a staging folder left by a partial restore that was cut short. */
export async function removeStaged(docker: Docker, volume: string, image: string, stage: string): Promise<void> {
  const session = await HelperSession.start(docker, {image, volume, idleSeconds: 30, writable: true});
  try {
    await session.exec(['sh', '-c', 'cd /volume && rm -rf "./$1"', 'sh', stage]);
  } finally {
    await session.close();
  }
}
