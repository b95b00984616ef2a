import {constants, createReadStream} from 'node:fs';
import {crashPoint} from '../local/crash-points.js';
import {access} from 'node:fs/promises';
import {resolve} from 'node:path';
import {RemoveError, type TransferGateway} from '../docker/gateway.js';
import {engineMessage} from '../docker/errors.js';
import type {FileKey, Unlock} from '../local/age.js';
import {readBackup, unlockEarly} from '../local/read-backup.js';
import {type ArchiveReport, readSidecar, sha256File} from '../local/verify.js';
import type {BackupManifest} from '../model/backup-manifest.js';
import {runningUsersOf} from '../model/running-users.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import type {Container, Volume} from '../model/types.js';
import {once} from 'node:events';
import {treeDifferences} from '../model/tree.js';
import {EngineUnpack} from './engine-unpack.js';
import {digestingTar, type StreamDigest} from './tree-digest.js';
import {ageFailure} from './age-failure.js';
import {OpError} from './errors.js';
import {withStopped} from './with-stopped.js';
import {clearMarkOf, type IncompleteMarkHandle, markIncomplete} from './incomplete-mark.js';
import {type IncompleteMark, incompleteText, marksOf} from '../model/incomplete.js';
import type {RestoreResult} from '../model/job-results.js';
export type {RestoreResult} from '../model/job-results.js';

export interface RestoreRequest {
  /** A backup file, or a stream of one (stdin): a stream has no .sha256 beside it. */
  readonly source:
    | {readonly kind: 'file'; readonly path: string}
    | {
        readonly kind: 'stream';
        readonly stream: AsyncIterable<Buffer>;
        readonly label: string;
        /** The .sha256 of a stored archive: compared at the end (a mismatch undoes the restore). */
        readonly expectedSha256?: string | undefined;
      };
  readonly volume: string;
  /** Empty a volume that holds files first (after confirmReplace says yes). */
  readonly replace: boolean;
  /** Create a missing volume plain (local, no labels) instead of as recorded. */
  readonly plain: boolean;
  readonly image: string;
  /** Stop running containers that use the volume, and put them back afterwards. */
  readonly stopContainers: boolean;
  /** Asked before anything is stopped or written, when the volume holds files and replace is set. */
  readonly confirmReplace?: (volume: string) => Promise<boolean>;
  readonly log?: (line: string) => void;
  /** Aborting stops the restore where it is and undoes it (a gzip bomb is only time until then). */
  readonly signal?: AbortSignal;
  /** Bytes of tar handed to the engine so far. */
  readonly onProgress?: (bytes: number) => void;
  /** Keys for an age-encrypted archive: checked against it before anything is stopped or written. */
  readonly unlock?: Unlock;
}

/**
 * A restore in one pass over the archive: its tar is checked header by header as it streams to
 * the engine, which unpacks it into the volume; an entry that would land outside the volume never
 * reaches the engine. What can only be known at the end — a damaged or cut-short archive — undoes
 * the restore: a volume it created is removed, one it filled is emptied. With a .sha256 beside a
 * file, the checksum is checked first, so a tampered or truncated backup writes nothing at all.
 */
export async function restore(engine: TransferGateway, request: RestoreRequest): Promise<RestoreResult> {
  const label = request.source.kind === 'file' ? request.source.path : request.source.label;
  const raw = request.source.kind === 'file' ? await openArchiveFile(request.source.path) : request.source.stream;
  // Only reading so far: a failure here (a target out of reach, a key that does not fit) changed nothing.
  const {source, unlock} = await unlockEarly(raw, request.unlock).catch((error: unknown) => {
    throw (
      ageFailure(error, label) ??
      new OpError('unreadable', `Cannot read ${label}: ${(error as Error).message}. Nothing was written.`)
    );
  });
  const expectedSha256 = await checkSidecar(request, label);
  const plan = await preflight(engine, request, sourceOf(request));
  const outcome = await withStopped(
    engine,
    plan.running,
    () => unpackChecked(engine, request, plan, source, {label, expectedSha256, unlock}),
    request.log,
  );
  return {
    entries: outcome.report.entries,
    contentBytes: outcome.report.contentBytes,
    created: !plan.existing,
    recorded: plan.existing ? undefined : outcome.recorded,
  };
}

/** With a .sha256 beside the file, the whole file is checked against it before anything is written. */
async function checkSidecar(request: RestoreRequest, label: string): Promise<string | undefined> {
  // A stored archive is not read twice over the network: its checksum is checked as it streams.
  if (request.source.kind !== 'file') return request.source.expectedSha256;
  const expectedSha256 = await readSidecar(request.source.path);
  if (!expectedSha256) return undefined;
  const actual = await sha256File(request.source.path, request.signal).catch((error: unknown) => {
    if (request.signal?.aborted)
      throw new OpError(
        'declined',
        `Restore cancelled while checking ${label} against its .sha256: nothing was written.`,
      );
    throw error;
  });
  if (actual !== expectedSha256)
    throw new OpError(
      'checksum',
      `Not restoring ${label}: nothing was written.
  SHA-256 mismatch: ${label}.sha256 says ${expectedSha256}, the file is ${actual} (changed or cut short since the backup).`,
    );
  return expectedSha256;
}

/** How a mark names the archive: the same file given by another path is the same archive. */
function sourceOf(request: RestoreRequest): string {
  return request.source.kind === 'file' ? resolve(request.source.path) : request.source.label;
}

interface RestorePlan {
  readonly source: string;
  readonly existing: Volume | undefined;
  readonly running: readonly Container[];
  /** The volume holds files and --replace said to empty it first. */
  readonly mustEmpty: boolean;
}

/** Every question is asked before any container is stopped: who uses it, whether it holds files, whether to replace them. */
async function preflight(engine: TransferGateway, request: RestoreRequest, source: string): Promise<RestorePlan> {
  const {volume: name, image} = request;
  const [volumes, containers] = await Promise.all([engine.listVolumes(), engine.listContainers()]);
  const existing = volumes.find((v) => v.name === name);
  const mark = existing ? marksOf(volumes).get(name) : undefined;
  const running = runningUsersOf(containers, name);
  if (running.length && !request.stopContainers) {
    const names = running.map((c) => c.name);
    throw new OpError(
      'inUse',
      `Not restoring into ${name}: running containers use it (${names.map(sanitize).join(', ')}).`,
      names,
    );
  }
  const mustEmpty = existing !== undefined && !(await engine.volumeIsEmpty(name, image));
  // A restore of this archive that never finished: finishing it is what the user asks for.
  const unfinished = mark?.operation === 'restore' && mark.source === source;
  if (mustEmpty && unfinished) {
    request.log?.(
      `${name} holds an incomplete ${incompleteText(mark)}: its files are replaced by this restore of the same archive.`,
    );
  } else if (mustEmpty) {
    if (!request.replace)
      throw new OpError(
        'notEmpty',
        `Not restoring into ${name}: it already holds files, and a restore does not mix trees.${markNote(mark)}`,
      );
    if (request.confirmReplace && !(await request.confirmReplace(name)))
      throw new OpError('declined', 'Cancelled: nothing changed.');
  }
  return {source, existing, running, mustEmpty};
}

function markNote(mark: IncompleteMark | undefined): string {
  return mark ? ` It is marked incomplete: a ${incompleteText(mark)} never finished there.` : '';
}

/**
 * The archive checked as it streams into the engine; the first checked bytes are the first change
 * (emptying, creating the volume as recorded). A damaged archive, a refusal, a cancel or a tree
 * that did not land as described undoes what was done.
 */
async function unpackChecked(
  engine: TransferGateway,
  request: RestoreRequest,
  plan: RestorePlan,
  source: AsyncIterable<Buffer>,
  {label, expectedSha256, unlock}: {label: string; expectedSha256: string | undefined; unlock: FileKey | undefined},
): Promise<{report: ArchiveReport; recorded: BackupManifest['volume'] | undefined}> {
  const {volume: name, image} = request;
  let recorded: BackupManifest['volume'] | undefined;
  let mark: IncompleteMarkHandle | undefined;
  const unpack = new EngineUnpack(engine, name, image);
  const undoIt = () => undo(engine, name, image, mark !== undefined, plan.existing !== undefined);
  // What the archive says the volume will hold, read from the same bytes as they go to the engine.
  const expected = digestingTar();
  expected.stream.resume();
  expected.stream.on('error', () => undefined);
  // If its reader gives up on a damaged tar (the scanner reports that), it must not hold the restore.
  const gaveUp = expected.digest.then(
    () => new Promise<void>(() => {}),
    () => undefined,
  );
  let sent = 0;
  const report = await readBackup(source, {
    expectedSha256,
    unlock,
    onTar: async (chunk, manifest) => {
      request.signal?.throwIfAborted();
      if (!unpack.started) {
        // The first checked bytes: only now is anything changed on the engine.
        recorded = request.plain ? undefined : manifest?.volume;
        mark = await markIncomplete(engine, name, 'restore', plan.source);
        if (plan.mustEmpty) {
          await engine.emptyVolume(name, image);
          crashPoint('restore-emptied');
        }
        if (!plan.existing) {
          await engine.createVolume(
            recorded
              ? {name, driver: recorded.driver, labels: recorded.labels, driverOpts: recorded.options}
              : {name, driver: 'local', labels: {}, driverOpts: {}},
          );
          crashPoint('restore-created');
        }
        unpack.start();
      }
      if (!expected.stream.write(chunk)) await Promise.race([once(expected.stream, 'drain'), gaveUp]);
      await unpack.write(chunk);
      crashPoint('tar');
      sent += chunk.length;
      request.onProgress?.(sent);
    },
  }).catch(async (error: unknown) => {
    await unpack.abort();
    const undone = await undoIt();
    if (request.signal?.aborted)
      throw new OpError('declined', `Restore cancelled after ${formatSize(sent, '?')} of tar unpacked. ${undone}`);
    throw new OpError('damaged', `Not restoring ${label}: the engine refused: ${engineMessage(error)}\n${undone}`);
  });
  expected.stream.end();
  const failure = [...(report.problems.length ? report.problems : await unpack.finish())];
  if (!failure.length && unpack.started) {
    crashPoint('restore-unpacked');
    failure.push(...(await landed(engine, name, image, expected.digest)));
  }
  if (failure.length === 0) {
    crashPoint('restore-checked');
    // Checked: the last step is the mark's removal, so a kill before it leaves the volume marked.
    await mark?.clear();
    return {report, recorded};
  }
  await unpack.abort();
  throw new OpError(
    'damaged',
    `Not restoring ${label}:\n${failure.map((p) => `  ${sanitize(p)}`).join('\n')}\n${await undoIt()}`,
  );
}

/**
 * The volume, listed by a read-only helper after the unpack, must hold what the archive described:
 * the engine can report success for entries that are not there (a tmpfs volume drops what the
 * helper wrote once it is unmounted; an extractor follows a link out of the volume).
 */
async function landed(
  engine: TransferGateway,
  name: string,
  image: string,
  digest: Promise<StreamDigest>,
): Promise<string[]> {
  const want = await digest.catch(() => undefined);
  if (!want) return [];
  const differences = treeDifferences(want.tree, await engine.listTree(name, image, want.tree.linked));
  if (differences.length === 0) return [];
  return [`the volume does not hold what the engine said it unpacked: ${differences.join('; ')}`];
}

async function openArchiveFile(file: string): Promise<AsyncIterable<Buffer>> {
  await access(file, constants.R_OK).catch((error: NodeJS.ErrnoException) => {
    throw new OpError('unreadable', `Cannot read ${file}: ${error.message}`);
  });
  return createReadStream(file, {highWaterMark: 1 << 20}) as AsyncIterable<Buffer>;
}

/** Puts a restore that failed midway back to how it was: no volume, or an empty one; then the mark goes. */
async function undo(
  engine: TransferGateway,
  name: string,
  image: string,
  started: boolean,
  existed: boolean,
): Promise<string> {
  if (!started) return 'Nothing was written.';
  try {
    if (existed) {
      await engine.emptyVolume(name, image);
      await clearMarkOf(engine, name);
      return `What was written into ${name} was deleted again: it is empty.`;
    }
    // Gone already (its creation was what failed) is as good as removed.
    await engine.removeVolume(name).catch((error: unknown) => {
      if (!(error instanceof RemoveError && error.reason === 'gone')) throw error;
    });
    await clearMarkOf(engine, name);
    return `The volume ${name} it had created was removed again.`;
  } catch (error) {
    const fix = existed
      ? `empty it with \`volscope restore FILE ${name} --replace\` or by hand`
      : `remove it with \`docker volume rm ${name}\``;
    return `Could not undo the partial restore (${(error as Error).message}): ${fix}. Until then volscope shows it as incomplete.`;
  }
}
