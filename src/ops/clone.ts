import {pipeline} from 'node:stream';
import {crashPoint} from '../local/crash-points.js';
import type {TransferGateway} from '../docker/gateway.js';
import {runningUsersOf} from '../model/running-users.js';
import {OpError} from './errors.js';
import {markIncomplete} from './incomplete-mark.js';
import {incompleteText, marksOf} from '../model/incomplete.js';
import {type Tree, treeDifferences} from '../model/tree.js';
import {digestingTar} from './tree-digest.js';
import type {CloneResult} from '../model/job-results.js';
export type {CloneResult} from '../model/job-results.js';

/** One end of a clone: a volume on an engine (`name` is how messages call the engine). */
export interface CloneEnd {
  readonly engine: TransferGateway;
  readonly volume: string;
  /** The engine's name in messages (`prod`); '' when there is one engine. */
  readonly where?: string;
}

export interface CloneOptions {
  readonly labels: boolean;
  readonly image: string;
  readonly signal?: AbortSignal;
  /** Bytes of tar relayed so far, and what the source measured (when known). */
  readonly onProgress?: (bytes: number) => void;
  /**
   * The target's incomplete mark is the caller's (a rename clears it only once the old name is
   * gone); otherwise the clone marks it and clears the mark once the copy is verified.
   */
  readonly markedByCaller?: boolean;
  /** A line about an unfinished clone that is done again. */
  readonly log?: (line: string) => void;
  /** A move: the source goes once the copy is verified, if no container uses it and this says yes. */
  readonly removeSource?: () => Promise<boolean>;
}

const at = (end: CloneEnd) => (end.where ? ` on ${end.where}` : '');
/** How the target's mark names the source: `data`, or `data on prod` across engines. */
const cloneSource = (end: CloneEnd) => `${end.volume}${at(end)}`;

/**
 * SOURCE's tar from a never-started helper on its engine straight into TARGET through a helper on
 * the target's engine (the same engine or another) — nothing lands on this machine's disk. TARGET
 * is created with SOURCE's driver, options and labels (unless declined) and must not hold files.
 * Verified end to end: the tar's sha256 and entries are counted as they leave the source, and
 * after the unpack a listing of the target (names, types, sizes, modes, owners, mtimes, link
 * targets) must equal the tree the tar described. Whatever fails or is cancelled, a target this clone created is
 * removed again; what it needs (the helper image on both engines) is checked before anything is
 * created.
 */
export async function clone(source: CloneEnd, target: CloneEnd, options: CloneOptions): Promise<CloneResult> {
  const same = source.engine === target.engine;
  if (same && source.volume === target.volume)
    throw new OpError('badRequest', 'Source and destination are the same volume.');
  const [volumes, containers] = await Promise.all([source.engine.listVolumes(), source.engine.listContainers()]);
  const from = volumes.find((v) => v.name === source.volume);
  if (!from)
    throw new OpError('notFound', `No volume named ${source.volume}${at(source)} (\`docker volume ls\` lists them).`);
  const runningUsers = runningUsersOf(containers, source.volume).map((c) => c.name);
  await Promise.all([
    source.engine.prepareHelper(options.image),
    same ? undefined : target.engine.prepareHelper(options.image),
  ]);
  const targetVolumes = same ? volumes : await target.engine.listVolumes();
  const exists = targetVolumes.some((v) => v.name === target.volume);
  const earlier = exists ? marksOf(targetVolumes).get(target.volume) : undefined;
  // This very clone, killed before it finished: doing it again is what the user asks for.
  const unfinished = earlier?.operation === 'clone' && earlier.source === cloneSource(source);
  if (unfinished && !options.markedByCaller) {
    options.log?.(
      `${target.volume}${at(target)} holds an incomplete ${incompleteText(earlier)}: it is emptied and cloned again.`,
    );
    await target.engine.emptyVolume(target.volume, options.image);
  } else if (exists && !(await target.engine.volumeIsEmpty(target.volume, options.image))) {
    const mark = earlier;
    throw new OpError(
      'notEmpty',
      mark
        ? `Not cloning into ${target.volume}${at(target)}: it holds what an incomplete ${incompleteText(mark)} left. Remove it (\`volscope rm ${target.volume}\`) and clone again.`
        : `Not cloning into ${target.volume}${at(target)}: it already holds files. Choose a new name.`,
    );
  }
  options.signal?.throwIfAborted();
  const mark = options.markedByCaller
    ? undefined
    : await markIncomplete(target.engine, target.volume, 'clone', cloneSource(source));
  if (!exists)
    await target.engine
      .createVolume({
        name: target.volume,
        driver: from.driver,
        driverOpts: from.options,
        labels: options.labels ? from.labels : {},
      })
      .catch(async (error: unknown) => {
        await mark?.clear();
        throw error;
      });
  crashPoint('clone-created');
  const started = performance.now();
  let copiedResult: CloneResult;
  try {
    const copied = same ? await copyWithin(source, target, options) : await relay(source, target, options);
    crashPoint('clone-copied');
    options.signal?.throwIfAborted();
    // The target as its engine now holds it, listed where it lives: no second copy over the wire.
    const differences = treeDifferences(
      copied.tree,
      copied.targetTree ?? (await target.engine.listTree(target.volume, options.image, copied.tree.linked)),
    );
    if (differences.length)
      throw new OpError(
        'damaged',
        `The copy in ${target.volume}${at(target)} differs from ${source.volume}: ${differences.join('; ')}.`,
      );
    const result = {
      created: !exists,
      labelsCopied: options.labels ? Object.keys(from.labels).length : 0,
      bytes: copied.bytes,
      seconds: (performance.now() - started) / 1000,
      entries: copied.tree.entries,
      ...(copied.sha256 ? {sha256: copied.sha256} : {}),
      withinEngine: same,
      runningUsers,
    };
    // Verified: from here on the copy stays, whatever the answer about the source.
    copiedResult = result;
    crashPoint('clone-checked');
    await mark?.clear();
  } catch (error) {
    // Nothing half-made stays behind: the target goes if this clone made it (and then its mark);
    // a target that existed keeps the mark, as it may hold part of the copy.
    if (
      !exists &&
      (await target.engine.removeVolume(target.volume).then(
        () => true,
        () => false,
      ))
    )
      await mark?.clear();
    if (options.signal?.aborted)
      throw new OpError(
        'declined',
        `Clone cancelled: ${exists ? `${target.volume} may hold part of the copy` : `${target.volume} was removed again`}.`,
      );
    throw error;
  }
  return options.removeSource ? {...copiedResult, ...(await removeSource(source, options.removeSource))} : copiedResult;
}

interface Copied {
  readonly tree: Tree;
  /** Inside one engine the copy lists its target itself. */
  readonly targetTree?: Tree;
  readonly bytes: number;
  readonly sha256?: string;
}

/** One engine: a helper mounting both copies inside it (as fast as `cp -a`), and lists both trees. */
async function copyWithin(source: CloneEnd, target: CloneEnd, options: CloneOptions): Promise<Copied> {
  const trees = await source.engine.copyVolume(source.volume, target.volume, options.image, options.signal);
  options.onProgress?.(trees.source.contentBytes);
  return {tree: trees.source, targetTree: trees.target, bytes: trees.source.contentBytes};
}

/** Two engines: the source's archive streams into the target's, counted and read on the way. */
async function relay(source: CloneEnd, target: CloneEnd, options: CloneOptions): Promise<Copied> {
  const archive = await source.engine.openVolumeArchive(source.volume, options.image);
  try {
    const {stream, digest} = digestingTar((bytes) => {
      crashPoint('tar');
      options.onProgress?.(bytes);
    });
    // pipeline, not pipe: a source engine that dies mid-stream ends the upload with an error instead of leaving it waiting.
    pipeline(archive.stream as NodeJS.ReadableStream, stream, (error) => {
      if (error) stream.destroy(new Error(`the source engine stopped sending: ${error.message}`));
    });
    const abort = () => (archive.stream as {destroy?: (error?: Error) => void}).destroy?.(new Error('cancelled'));
    options.signal?.addEventListener('abort', abort, {once: true});
    try {
      await target.engine.restoreIntoVolume(target.volume, options.image, stream, options.signal);
      return await digest;
    } finally {
      options.signal?.removeEventListener('abort', abort);
    }
  } finally {
    await archive.release();
  }
}

/** The source goes only when nothing uses it now and the caller confirms. */
async function removeSource(
  source: CloneEnd,
  confirm: () => Promise<boolean>,
): Promise<{sourceRemoved: boolean; sourceKept?: string}> {
  const users = (await source.engine.listContainers()).filter((c) =>
    c.mounts.some((m) => m.volumeName === source.volume),
  );
  if (users.length) return {sourceRemoved: false, sourceKept: `kept: in use by ${users.map((c) => c.name).join(', ')}`};
  if (!(await confirm())) return {sourceRemoved: false, sourceKept: 'kept: not confirmed'};
  await source.engine.removeVolume(source.volume);
  return {sourceRemoved: true};
}
