import type Docker from 'dockerode';
import {engineMessage} from './errors.js';
import {ensureHelperImage} from './helper-image.js';
import {createIdleHelper, getArchive, HELPER_MOUNT, HelperSession, removeHelper} from './helper.js';
import {type HelperProgress, type VolumeArchive, VolumeNotFoundError} from './gateway.js';
import {toVolume} from './map.js';
import type {Tree} from '../model/tree.js';
import {TreeListingParser} from '../model/tree-listing.js';
import {COPY_SCRIPT, TREE_SCRIPT} from './helper-scripts.js';

/**
 * The tar stream of a whole volume through the archive API of a created, never-started helper
 * with the volume mounted read-only: nothing runs, and it works against remote engines.
 */
export async function openVolumeArchive(
  docker: Docker,
  name: string,
  image: string,
  onProgress: (progress: HelperProgress) => void = () => {},
): Promise<VolumeArchive> {
  const raw = await docker
    .getVolume(name)
    .inspect()
    .catch((error: {statusCode?: number}) => {
      if (error.statusCode === 404) throw new VolumeNotFoundError(name);
      throw error;
    });
  await ensureHelperImage(docker, image, onProgress);
  const container = await createIdleHelper(docker, {image, volume: name, idleSeconds: 0});
  const release = () =>
    removeHelper(container).catch((error: unknown) => {
      throw new Error(`could not remove helper ${container.id.slice(0, 12)}: ${engineMessage(error)}`);
    });
  try {
    const stream = await getArchive(docker, container.id, `${HELPER_MOUNT}/.`);
    return {volume: toVolume(raw as unknown as Parameters<typeof toVolume>[0]), stream, release};
  } catch (error) {
    await release().catch(() => undefined);
    throw error;
  }
}

/** True when the volume holds nothing at its root (a started read-only helper looks). */
export async function volumeIsEmpty(docker: Docker, name: string, image: string): Promise<boolean> {
  const session = await HelperSession.start(docker, {image, volume: name, idleSeconds: 30});
  try {
    const result = await session.exec(['find', HELPER_MOUNT, '-mindepth', '1', '-maxdepth', '1', '-print', '-quit']);
    if (result.exitCode !== 0) throw new Error(`could not look inside ${name}: ${result.stderr.toString().trim()}`);
    return result.stdout.length === 0;
  } finally {
    await session.close();
  }
}

/** The volume's tree as model/tree.ts compares it, listed by a started read-only helper. */
export async function listTree(
  docker: Docker,
  name: string,
  image: string,
  linked?: ReadonlySet<string>,
): Promise<Tree> {
  const session = await HelperSession.start(docker, {image, volume: name, idleSeconds: 30});
  try {
    return await treeIn(session, name, linked);
  } finally {
    await session.close();
  }
}

async function treeIn(session: HelperSession, name: string, linked?: ReadonlySet<string>): Promise<Tree> {
  const listing = new TreeListingParser(linked);
  const result = await session.execStream(['sh', '-c', TREE_SCRIPT], (chunk) => listing.push(chunk));
  if (result.exitCode !== 0) throw new Error(`could not list ${name}: ${result.stderr.toString().trim()}`);
  return listing.finish(1)[0]!;
}

/**
 * A clone inside one engine: one locked-down helper mounts the source read-only and the target
 * read-write and copies with `cp -a`, so no byte leaves the engine's host; then lists both trees
 * for the caller to compare. Aborting removes the helper, which ends the copy.
 */
export async function copyVolume(
  docker: Docker,
  source: string,
  target: string,
  image: string,
  signal?: AbortSignal,
): Promise<{source: Tree; target: Tree}> {
  const session = await HelperSession.start(docker, {
    image,
    volume: target,
    copyFrom: source,
    writable: true,
    idleSeconds: 30,
  });
  const stop = () => void session.close().catch(() => undefined);
  signal?.addEventListener('abort', stop, {once: true});
  try {
    // Both trees stream through one parser as find prints them: holding the listing whole cost
    // ~25 MB per tree at 200,000 paths.
    const listing = new TreeListingParser();
    const copied = await session.execStream(['sh', '-c', COPY_SCRIPT], (chunk) => listing.push(chunk));
    signal?.throwIfAborted();
    if (copied.exitCode !== 0)
      throw new Error(`could not copy ${source} into ${target}: ${copied.stderr.toString().trim()}`);
    const [from, to] = listing.finish(2);
    return {source: from!, target: to!};
  } finally {
    signal?.removeEventListener('abort', stop);
    await session.close();
  }
}

/** Deletes everything in the volume (restore --replace, after the user confirmed it by name). */
export async function emptyVolume(docker: Docker, name: string, image: string): Promise<void> {
  const session = await HelperSession.start(docker, {image, volume: name, idleSeconds: 30, writable: true});
  try {
    const result = await session.exec([
      'find',
      HELPER_MOUNT,
      '-mindepth',
      '1',
      '-maxdepth',
      '1',
      '-exec',
      'rm',
      '-rf',
      '{}',
      '+',
    ]);
    if (result.exitCode !== 0) throw new Error(`could not empty ${name}: ${result.stderr.toString().trim()}`);
  } finally {
    await session.close();
  }
}

/**
 * Unpacks a tar or tar.gz into the volume through PUT /containers/{id}/archive on a created,
 * never-started helper with the volume mounted read-write: the engine itself extracts, keeping
 * owners, modes and times, so this works against remote engines too.
 */
export async function restoreIntoVolume(
  docker: Docker,
  name: string,
  image: string,
  body: NodeJS.ReadableStream,
  signal?: AbortSignal,
): Promise<void> {
  const container = await createIdleHelper(docker, {image, volume: name, idleSeconds: 0, writable: true});
  try {
    // Aborting cuts the request: the engine must not take a partial tar for a whole one.
    await container.putArchive(body, {path: HELPER_MOUNT, ...(signal ? {abortSignal: signal} : {})});
  } finally {
    await removeHelper(container).catch(() => undefined);
  }
}
