import {randomBytes} from 'node:crypto';
import type {StagedPlacement, TransferGateway} from '../docker/gateway.js';
import {engineMessage} from '../docker/errors.js';
import type {Unlock} from '../local/age.js';
import {type OpenedArchive, openArchive} from '../local/archive-open.js';
import {selectedTar} from '../local/sub-tar.js';
import {planSelection, type SelectionPlan} from '../model/archive-selection.js';
import {encodePathArg} from '../model/files.js';
import type {RestoreFilesResult} from '../model/job-results.js';
import {sanitize} from '../model/sanitize.js';
import {entryPath} from '../model/tar-scan.js';
import {runningUsersOf} from '../model/running-users.js';
import {ageFailure} from './age-failure.js';
import {EngineUnpack} from './engine-unpack.js';
import {OpError} from './errors.js';
import {withStopped} from './with-stopped.js';

export type ExistingChoice = 'overwrite' | 'skip';

export interface RestorePathsRequest {
  /** A backup here, or on an sftp:// or rclone: target. */
  readonly archive: string;
  /** Files and folders as the archive holds them (`conf/app.yml`, `uploads`). */
  readonly paths: readonly string[];
  readonly volume: string;
  readonly image: string;
  /** What to do with files already in the volume; undefined: refuse, naming them (or ask `decide`). */
  readonly existing?: ExistingChoice;
  /** Asked (the TUI) when files are there and `existing` is not given; undefined cancels. */
  readonly decide?: (paths: readonly string[]) => Promise<ExistingChoice | undefined>;
  readonly stopContainers: boolean;
  /** Create a missing volume plain (local, no labels) instead of as recorded. */
  readonly plain: boolean;
  readonly unlock?: Unlock;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  /** Bytes of tar handed to the engine so far. */
  readonly onProgress?: (bytes: number) => void;
}

export type RestorePathsResult = RestoreFilesResult;

type Engine = TransferGateway & StagedPlacement;

/**
 * Puts chosen files of a backup into a volume, leaving everything else in it as it is. Only the
 * gzip members that hold them are read (when the archive has its index); the engine unpacks them
 * into a staging folder inside the volume, then each is renamed into place, so a file is there
 * whole or not at all and a cancel leaves the files not yet moved untouched. Which files exist
 * is asked before anything is written.
 */
export async function restorePaths(engine: Engine, request: RestorePathsRequest): Promise<RestorePathsResult> {
  const archive = await openArchive(request.archive, {unlock: request.unlock, signal: request.signal}).catch(
    (error: unknown) => {
      throw (
        ageFailure(error, request.archive) ??
        new OpError('unreadable', `Cannot read ${request.archive}: ${(error as Error).message}. Nothing was written.`)
      );
    },
  );
  try {
    const {plan, missing} = planSelection(archive, request.paths, true);
    if (missing.length)
      throw new OpError(
        'notFound',
        `${request.archive} holds no ${missing.map((p) => JSON.stringify(sanitize(p))).join(', ')}: nothing was written.`,
      );
    const target = await preflight(engine, request);
    const policy = target.created ? 'skip' : await existingPolicy(engine, request, plan);
    return await withStopped(
      engine,
      target.users,
      () => writeStaged(engine, request, archive, plan, policy, target.created),
      request.log,
    );
  } finally {
    await archive.close();
  }
}

async function preflight(
  engine: Engine,
  request: RestorePathsRequest,
): Promise<{users: ReturnType<typeof runningUsersOf>; created: boolean}> {
  const [volumes, containers] = await Promise.all([engine.listVolumes(), engine.listContainers()]);
  const users = runningUsersOf(containers, request.volume);
  if (users.length && !request.stopContainers) {
    const names = users.map((c) => c.name);
    throw new OpError(
      'inUse',
      `Not restoring into ${request.volume}: running containers use it (${names.map(sanitize).join(', ')}).`,
      names,
    );
  }
  return {users, created: !volumes.some((v) => v.name === request.volume)};
}

/** The paths the restore would write that the (existing) volume holds already, and what to do with them. */
async function existingPolicy(
  engine: Engine,
  request: RestorePathsRequest,
  plan: SelectionPlan,
): Promise<ExistingChoice> {
  if (request.existing) return request.existing;
  const roots = request.paths.map((p) => encodePathArg([Buffer.from(entryPath(p))]));
  const there = await engine.existingPaths(request.volume, request.image, roots);
  const files = new Set(there.files.map(entryPath));
  const folders = new Set(there.folders.map(entryPath));
  const clashes = [...plan.chosen, ...plan.asFile.values()].filter(
    (path) => files.has(path) || (folders.has(path) && !plan.folders.has(path)),
  );
  if (clashes.length === 0) return 'skip';
  const choice = await request.decide?.(clashes);
  if (choice) return choice;
  if (request.decide) throw new OpError('declined', 'Cancelled: nothing was written.');
  const shown = clashes.slice(0, 10).map((p) => `  ${sanitize(p)}`);
  throw new OpError(
    'exists',
    `Not restoring into ${request.volume}: ${clashes.length} of the files are there already:\n${shown.join('\n')}${clashes.length > 10 ? `\n  … and ${clashes.length - 10} more` : ''}\nNothing was written.`,
  );
}

/** Unpacked by the engine into a staging folder in the volume, then renamed into place. */
async function writeStaged(
  engine: Engine,
  request: RestorePathsRequest,
  archive: OpenedArchive,
  plan: SelectionPlan,
  policy: ExistingChoice,
  create: boolean,
): Promise<RestorePathsResult> {
  const {volume, image} = request;
  if (create) {
    const recorded = request.plain ? undefined : archive.manifest?.volume;
    await engine.createVolume(
      recorded
        ? {name: volume, driver: recorded.driver, labels: recorded.labels, driverOpts: recorded.options}
        : {name: volume, driver: 'local', labels: {}, driverOpts: {}},
    );
  }
  const stage = `.volscope-restore-${randomBytes(4).toString('hex')}`;
  const unpack = new EngineUnpack(engine, volume, image);
  let sent = 0;
  try {
    unpack.start();
    for await (const chunk of selectedTar(archive.ranges(plan.ranges), plan, (p) => `${stage}/${p}`)) {
      request.signal?.throwIfAborted();
      await unpack.write(chunk);
      sent += chunk.length;
      request.onProgress?.(sent);
    }
    const problems = await unpack.finish();
    if (problems.length) throw new OpError('damaged', `Not restoring ${request.archive}: ${problems.join('; ')}`);
    const placed = await engine.placeStaged(volume, image, stage, policy, request.signal);
    return {...placed, created: create, scanned: archive.scanned, read: archive.read()};
  } catch (error) {
    await unpack.abort();
    await engine.removeStaged(volume, image, stage).catch(() => undefined);
    if (create) await engine.removeVolume(volume).catch(() => undefined);
    if (request.signal?.aborted)
      throw new OpError('declined', 'Restore cancelled: the files not yet in place were left as they were.');
    if (error instanceof OpError) throw error;
    const left = create
      ? `The volume ${volume} it had created was removed again.`
      : 'Files not yet in place were left as they were.';
    throw new OpError('damaged', `Not restoring from ${request.archive}: ${engineMessage(error)}. ${left}`);
  }
}
