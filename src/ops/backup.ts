import type {TransferGateway} from '../docker/gateway.js';
import {type BackupProgress, type BackupTarget, writeBackup} from '../local/backup-file.js';
import type {Encryption} from '../local/age.js';
import {ExportError} from '../local/export.js';
import {TarCutShort} from '../local/indexed-archive.js';
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

/** Copies tried when the engine's tar ends early: the file a container rewrites is usually whole on the next read. */
const ATTEMPTS = 3;

/**
 * One backup: the volume's tar from a never-started helper, compressed here and written
 * atomically (then read back and checked, for a file). The helper is removed whatever happens.
 */
export async function backup(engine: TransferGateway, request: BackupRequest): Promise<BackupOutcome> {
  const running = runningUsersOf(await engine.listContainers(), request.volume);
  const changing = request.stopContainers ? [] : running.map((c) => c.name);
  if (changing.length) request.onRunningUsers?.(running);
  const started = performance.now();
  const copy = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await copyOnce();
      } catch (error) {
        if (!(error instanceof TarCutShort)) throw error;
        // What went to a stream cannot be taken back; a file or an upload under a temporary name can.
        if (request.target.kind === 'stream' || attempt === ATTEMPTS) throw cutShort(request, error, attempt, changing);
        request.log?.(`${error.message}; copying ${request.volume} again (${attempt + 1} of ${ATTEMPTS})`);
      }
    }
  };
  const copyOnce = async () => {
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

/** The tar ended early on every try: running users keep changing the volume, or the engine failed. */
function cutShort(request: BackupRequest, error: TarCutShort, attempts: number, changing: readonly string[]): OpError {
  const tries = attempts === 1 ? '' : ` on each of ${attempts} tries`;
  const sent = request.target.kind === 'stream' ? ' What was sent is not a whole archive.' : '';
  if (changing.length)
    return new OpError(
      'inUse',
      `Backup of ${request.volume} not written: ${error.message}${tries}, while ${changing.join(', ')} kept writing to it.${sent}`,
      changing,
    );
  return new OpError('notWritten', `Backup of ${request.volume} not written: ${error.message}${tries}.${sent}`);
}
