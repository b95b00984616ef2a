import type {VolumeJobs} from '../app/ports.js';
import {engineMessage} from '../docker/errors.js';
import type {FileService, StagedPlacement, TransferGateway, VolumeCopy, VolumeEdit} from '../docker/gateway.js';
import {copyHostIntoFolder} from '../ops/copy.js';
import {saveEdit} from '../ops/edit.js';
import {encodePathArg} from '../model/files.js';
import {takeEditSession} from './file-ports.js';
import {extract} from '../ops/extract.js';
import {restorePaths} from '../ops/restore-paths.js';
import {exportArchive, resolveDestination} from '../local/export.js';
import type {JobFailure, JobResult} from '../model/job-results.js';
import {backupLine} from '../model/job-text.js';
import {backup} from '../ops/backup.js';
import {clone} from '../ops/clone.js';
import {emptyVolume} from '../ops/empty.js';
import {OpError} from '../ops/errors.js';
import {renameVolume} from '../ops/rename.js';
import {restore, type RestoreRequest} from '../ops/restore.js';
import type {Unlock} from '../local/age.js';
import {rememberTarget} from '../local/recent-targets.js';
import {isRemoteAddress, splitArchive} from '../model/store-address.js';
import {openRemoteFolder, storedArchive} from '../targets/open.js';
import type {RemoteStore} from '../targets/store.js';

/**
 * The app's volume jobs on this engine: the operations of src/ops with what the dialogs asked,
 * each outcome typed (the views word it). A clone may go to another engine of the session:
 * `engineNamed` finds its gateway.
 */
export function volumeJobs(
  engine: TransferGateway & Partial<StagedPlacement> & Partial<VolumeCopy & VolumeEdit>,
  image: string,
  engineNamed: (name: string) => TransferGateway | undefined = () => undefined,
  files?: FileService,
  unlock?: Unlock,
): VolumeJobs {
  return {
    backup: ({volume, path, stopContainers}, {signal, onProgress}) =>
      settle(signal, async () => {
        const store = isRemoteAddress(path) ? await remoteFolder(path, volume) : undefined;
        const result = await backup(engine, {
          volume,
          target: store ? {kind: 'upload', store: store.store, name: store.name} : {kind: 'file', path},
          image,
          level: 6,
          stopContainers,
          signal,
          onProgress: (p) => onProgress(p.rawBytes, p.writtenBytes),
        }).finally(() => store?.store.close());
        // Written, but the read-back found it damaged: a failed backup, said with what the check found.
        if (result.check?.problems.length) throw new OpError('damaged', backupLine(result).text);
        rememberTarget(path);
        return result;
      }).then((result) =>
        result.ok || result.failure.reason !== 'engine'
          ? result
          : fail({...result.failure, message: `${result.failure.message}; nothing written under ${path}`}),
      ),
    // No terminal to ask on: the TUI's restore never replaces content, and a running user refuses it.
    restore: ({file, volume}, {signal, onProgress}) =>
      settle(signal, async () =>
        restore(engine, {
          source: await restoreSource(file),
          ...(unlock ? {unlock} : {}),
          volume,
          replace: false,
          plain: false,
          image,
          stopContainers: false,
          signal,
          onProgress,
        }),
      ),
    clone: ({engine: from, source, targetEngine, target, labels}, {signal, onProgress}) => {
      const elsewhere = targetEngine !== from;
      const to = elsewhere ? engineNamed(targetEngine) : engine;
      if (!to) return Promise.resolve(fail({reason: 'unavailable', message: `Not connected to ${targetEngine}.`}));
      return settle(signal, () =>
        clone(
          {engine, volume: source},
          {engine: to, volume: target, ...(elsewhere ? {where: targetEngine} : {})},
          {labels, image, signal, onProgress},
        ),
      );
    },
    empty: ({volume, stopContainers}, {signal, onPhase}) =>
      settle(signal, () => emptyVolume(engine, {volume, image, stopContainers, onPhase})),
    rename: ({volume, target}, {signal, onProgress}) =>
      settle(signal, () => renameVolume(engine, {from: volume, to: target, image, signal, onProgress})),
    // A helper of its own (the browser's stays for browsing): the archive API's tar of the entry,
    // unpacked under a temporary name and moved into place; Esc or a failure leaves nothing there.
    restoreFiles: ({archive, paths, volume, existing, stopContainers}, {signal, onProgress}) =>
      settle(signal, () => {
        if (!engine.placeStaged || !engine.existingPaths || !engine.removeStaged)
          throw new OpError('badRequest', 'restoring chosen files is not available on this engine');
        return restorePaths(engine as TransferGateway & StagedPlacement, {
          archive,
          paths,
          volume,
          image,
          ...(existing ? {existing} : {}),
          stopContainers,
          plain: false,
          ...(unlock ? {unlock} : {}),
          signal,
          onProgress,
        });
      }),
    copyIn: ({volume, folder, source}, {signal, onProgress}) =>
      settle(signal, async () => {
        if (!engine.copyIn) throw new OpError('badRequest', 'copying into volumes is not available on this engine');
        return copyHostIntoFolder(engine as VolumeCopy, {
          volume,
          folder: encodePathArg(folder),
          source,
          image,
          signal,
          onBytes: onProgress,
        });
      }),
    edit: ({id, mode}, {signal}) =>
      settle(signal, async () => {
        const session = takeEditSession(id);
        if (!session) return {written: false, backup: false};
        if (mode === 'discard' || !engine.writeEdited) {
          session.copy.remove();
          return {written: false, backup: false};
        }
        try {
          const {written} = await saveEdit(engine as VolumeEdit, {
            volume: session.volume,
            image,
            path: session.path,
            opened: session.opened,
            content: session.copy.read(),
            backup: mode === 'backup',
          });
          session.copy.remove();
          return {written, backup: written && mode === 'backup'};
        } catch (error) {
          // Nothing was written: the edit stays on this machine, named.
          const why = error instanceof OpError ? error.message : engineMessage(error);
          throw new OpError(
            error instanceof OpError ? error.reason : 'notWritten',
            `${why}; nothing was written. Your edit is kept in ${session.copy.path}`,
          );
        }
      }),
    export: ({volume, bind, path, destination, overwrite, expected, archive}, {signal, onProgress}) =>
      settle(signal, async () => {
        if (archive) {
          const done = await extract({
            archive: archive.text,
            paths: archive.paths,
            folder: destination,
            existing: overwrite ? 'overwrite' : 'refuse',
            ...(unlock ? {unlock} : {}),
            signal,
            onProgress,
          });
          return {destination, bytes: done.bytes};
        }
        if (!files) throw new Error('browsing files is not available on this engine');
        const session = await (bind ? files.openBind(volume, () => {}) : files.open(volume, () => {}));
        try {
          const archive = await session.archive(path);
          const options = {overwrite, signal, onBytes: (bytes: number) => onProgress(bytes)};
          const {bytes} = await exportArchive(archive, destination, {
            ...options,
            ...(expected === undefined ? {} : {expected}),
          });
          return {destination, bytes};
        } finally {
          await session.close().catch(() => undefined);
        }
      }),
  };
}

/** The operation's result, or why not: its own refusal as it said it, a cancel, else the engine's or the connection's failure in words. */
async function settle<V>(signal: AbortSignal, work: () => Promise<V>): Promise<JobResult<V>> {
  try {
    return {ok: true, value: await work()};
  } catch (error) {
    if (error instanceof OpError) {
      const reason = signal.aborted && error.reason === 'declined' ? 'cancelled' : error.reason;
      return fail({reason, message: error.message, ...(error.users.length ? {users: error.users} : {})});
    }
    return fail(
      signal.aborted ? {reason: 'cancelled', message: 'Cancelled.'} : {reason: 'engine', message: engineMessage(error)},
    );
  }
}

function fail(failure: JobFailure): {ok: false; failure: JobFailure} {
  return {ok: false, failure};
}

/** An sftp:// or rclone: archive from the backup prompt (which names the file), its folder made if missing. */
async function remoteFolder(path: string, volume: string): Promise<{store: RemoteStore; name: string}> {
  const {target, name} = splitArchive(path);
  if (target.kind === 'folder') throw new OpError('badRequest', `${path} is not off this machine`);
  const store = await openRemoteFolder(target).catch((error: Error) => {
    throw new OpError('notWritten', `Backup of ${volume} not written: ${error.message}`);
  });
  return {store, name};
}

/** A file here, or an archive on an sftp:// or rclone: target, streamed (its .sha256 checked at the end). */
async function restoreSource(file: string): Promise<RestoreRequest['source']> {
  if (!isRemoteAddress(file)) return {kind: 'file', path: resolveDestination(file)};
  return {kind: 'stream', label: file, ...(await storedArchive(file))};
}
