import {lstat, mkdir, mkdtemp, readdir, realpath, rename, rm} from 'node:fs/promises';
import {dirname, join, relative, sep} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {Readable} from 'node:stream';
import {Unpack} from 'tar';
import {ExportError, holdTemporary, isNoSpace, resolveDestination} from './export.js';
import {forgetFinishedReservations} from './unpack-reservations.js';

/** What to do with a file that is already there. */
export type ExistingPolicy = 'refuse' | 'overwrite' | 'skip';

export interface PlacedFiles {
  /** Paths written (relative to the folder), in order. */
  readonly written: string[];
  /** Paths left as they were because they existed. */
  readonly skipped: string[];
}

/**
 * Unpacks a tar of chosen files into `folder` (made if missing), each file landing atomically: the
 * tar is unpacked into a temporary folder inside it (node-tar: no absolute paths, no `..`, nothing
 * written through links), then every file is renamed into place — a folder that is not there yet
 * moves whole. A cancel leaves the files not yet moved as they were, and nothing half-written.
 */
export async function extractInto(
  tar: AsyncIterable<Buffer>,
  folder: string,
  options: {existing: ExistingPolicy; signal?: AbortSignal},
): Promise<PlacedFiles> {
  const root = resolveDestination(folder);
  await mkdir(root, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
    throw new ExportError('noFolder', `Cannot use ${root} as the folder to extract into: ${error.message}.`);
  });
  const stage = await mkdtemp(join(root, '.volscope-extract-'));
  const release = holdTemporary(stage);
  try {
    const unpack = new Unpack({cwd: stage, preserveOwner: false, strict: true});
    forgetFinishedReservations(unpack);
    await pipeline(Readable.from(tar), unpack as unknown as NodeJS.WritableStream, {signal: options.signal}).catch(
      (error: unknown) => {
        if (isNoSpace(error))
          throw new ExportError(
            'noSpace',
            `No space left on ${root}: nothing was moved into place; free some space there.`,
          );
        throw error;
      },
    );
    const placed: PlacedFiles = {written: [], skipped: []};
    await place(stage, root, '', await realpath(root), options, placed);
    return placed;
  } finally {
    await rm(stage, {recursive: true, force: true});
    release();
  }
}

async function place(
  stage: string,
  root: string,
  path: string,
  realRoot: string,
  options: {existing: ExistingPolicy; signal?: AbortSignal},
  placed: PlacedFiles,
): Promise<void> {
  for (const entry of await readdir(join(stage, path), {withFileTypes: true})) {
    options.signal?.throwIfAborted();
    const child = path ? `${path}/${entry.name}` : entry.name;
    const target = join(root, child);
    const parent = await realpath(dirname(target));
    // A link already in the folder must not carry a file out of it.
    if (parent !== realRoot && !parent.startsWith(realRoot + sep))
      throw new ExportError(
        'failed',
        `Not writing ${child}: ${relative(root, dirname(target))} leads outside ${root}.`,
      );
    const there = await lstat(target).catch(() => undefined);
    if (there?.isDirectory() && entry.isDirectory()) {
      await place(stage, root, child, realRoot, options, placed);
      continue;
    }
    if (there && options.existing !== 'overwrite') {
      if (options.existing === 'skip') {
        placed.skipped.push(child);
        continue;
      }
      throw new ExportError('exists', `${target} already exists.`);
    }
    if (there?.isDirectory()) throw new ExportError('exists', `${target} is a folder; the archive holds a file there.`);
    await rename(join(stage, child), target);
    placed.written.push(child);
  }
}

/** Which of these paths (relative to `folder`) are there already, where a file would go. */
export async function clashesIn(
  folder: string,
  paths: Iterable<string>,
  folders: ReadonlySet<string>,
): Promise<string[]> {
  const root = resolveDestination(folder);
  const clashes: string[] = [];
  for (const path of paths) {
    const there = await lstat(join(root, path)).catch(() => undefined);
    if (there && !(there.isDirectory() && folders.has(path))) clashes.push(path);
  }
  return clashes;
}
