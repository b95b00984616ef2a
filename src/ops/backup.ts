import type {TransferGateway} from '../docker/gateway.js';
import {type BackupProgress, type BackupTarget, writeBackup} from '../local/backup-file.js';
import type {Encryption} from '../local/age.js';
import {ExportError} from '../local/export.js';
import {StoreError} from '../targets/store.js';
import {manifestFor} from '../model/backup-manifest.js';
import {runningUsersOf} from '../model/running-users.js';
import type {Container} from '../model/types.js';
import {OpError} from './errors.js';
import {withStopped} from './with-stopped.js';
import type {BackupOutcome} from '../model/job-results.js';
export type {BackupOutcome} from '../model/job-results.js';

export interface BackupRequest {
  readonly volume: string;
  readonly target: BackupTarget;
  readonly image: string;
  /** gzip level 1-9. */
  readonly level: number;
  /** Stop the containers that use the volume for the copy and put them back afterwards. */
  readonly stopContainers: boolean;
  /** Aborting stops the write: no file under the final name, no helper left. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BackupProgress) => void;
  /** Before the copy, when containers use the volume and stay running: the copy may be inconsistent. */
  readonly onRunningUsers?: (containers: readonly Container[]) => void;
  /** Lines about stopping and starting containers. */
  readonly log?: (line: string) => void;
  /** age recipients or a passphrase: the archive is written encrypted. */
  readonly encryption?: Encryption;
}

/**
 * One backup: the volume's tar from a never-started helper, compressed here and written
 * atomically (then read back and checked, for a file). The helper is removed whatever happens.
 */
export async function backup(engine: TransferGateway, request: BackupRequest): Promise<BackupOutcome> {
  const running = runningUsersOf(await engine.listContainers(), request.volume);
  if (running.length && !request.stopContainers) request.onRunningUsers?.(running);
  const started = performance.now();
  const copy = async () => {
    const archive = await engine.openVolumeArchive(request.volume, request.image);
    try {
      return await writeBackup(archive.stream as AsyncIterable<Buffer>, request.target, {
        manifest: manifestFor(archive.volume, new Date(), engine.address),
        level: request.level,
        ...(request.encryption ? {encryption: request.encryption} : {}),
        ...(request.signal ? {signal: request.signal} : {}),
        ...(request.onProgress ? {onProgress: request.onProgress} : {}),
      });
    } finally {
      await archive.release().catch(() => undefined);
    }
  };
  try {
    const result = await withStopped(engine, request.stopContainers ? running : [], copy, request.log);
    return {...result, seconds: (performance.now() - started) / 1000};
  } catch (error) {
    if (error instanceof ExportError || error instanceof StoreError)
      throw new OpError('notWritten', `Backup of ${request.volume} not written: ${error.message}`);
    throw error;
  }
}
