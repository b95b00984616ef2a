import {randomBytes} from 'node:crypto';
import type {TransferGateway} from '../docker/gateway.js';
import type {Unlock} from '../local/age.js';
import {utcStamp} from '../model/backup-manifest.js';
import {OpError} from './errors.js';
import {restore, type RestoreRequest} from './restore.js';

/** The label of a scratch volume volscope made and removes: a sweep finds one a killed run left. */
export const SCRATCH_LABEL = 'io.volscope.scratch';

export interface RestoreTestResult {
  readonly entries: number;
  readonly contentBytes: number;
  readonly scratch: string;
  readonly at: Date;
  /** Why the scratch volume could not be removed (it is named, for `docker volume rm`); undefined once gone. */
  readonly leftBehind: string | undefined;
}

/**
 * A restore drill: the archive restored into a fresh scratch volume the way a real restore would
 * (checked as it streams, the landed tree compared with the archive's), then the scratch volume
 * removed. A difference or a damaged archive is the restore's own OpError; the scratch volume goes
 * either way.
 */
export async function restoreTest(
  engine: TransferGateway,
  request: {
    readonly source: RestoreRequest['source'];
    readonly image: string;
    readonly unlock?: Unlock | undefined;
    readonly signal?: AbortSignal;
    readonly onProgress?: (bytes: number) => void;
  },
): Promise<RestoreTestResult> {
  const at = new Date();
  const scratch = `volscope-restore-test-${utcStamp(at).toLowerCase()}-${randomBytes(3).toString('hex')}`;
  await engine.createVolume({
    name: scratch,
    driver: 'local',
    labels: {[SCRATCH_LABEL]: 'restore-test'},
    driverOpts: {},
  });
  let outcome: Awaited<ReturnType<typeof restore>> | undefined;
  let failure: unknown;
  try {
    outcome = await restore(engine, {
      source: request.source,
      volume: scratch,
      replace: false,
      plain: true,
      image: request.image,
      stopContainers: false,
      ...(request.unlock ? {unlock: request.unlock} : {}),
      ...(request.signal ? {signal: request.signal} : {}),
      ...(request.onProgress ? {onProgress: request.onProgress} : {}),
    });
  } catch (error) {
    failure = error;
  }
  const leftBehind = await engine.removeVolume(scratch).then(
    () => undefined,
    (error: Error) => error.message,
  );
  if (failure instanceof OpError && leftBehind)
    throw new OpError(
      failure.reason,
      `${failure.message}\nThe scratch volume ${scratch} could not be removed (${leftBehind}): \`docker volume rm ${scratch}\`.`,
    );
  if (failure) throw failure;
  return {entries: outcome!.entries, contentBytes: outcome!.contentBytes, scratch, at, leftBehind};
}
