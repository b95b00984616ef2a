import {hostname} from 'node:os';
import {crashPoint} from '../local/crash-points.js';
import type {TransferGateway} from '../docker/gateway.js';
import {OWNER_HOST_LABEL, OWNER_PID_LABEL} from '../docker/helper.js';
import {type IncompleteOperation, markerLabels, markerName} from '../model/incomplete.js';
import {OpError} from './errors.js';

type MarkingEngine = Pick<TransferGateway, 'createVolume' | 'removeVolume'>;

export interface IncompleteMarkHandle {
  readonly marker: string;
  /** The operation's last step, after its check: the volume is whole again (or gone). Never throws. */
  clear(): Promise<void>;
}

/**
 * Marks `volume` as being changed by `operation` before its first change (model/incomplete.ts):
 * a run killed before clear() leaves the mark, and the table, details, `ls --json` and the next
 * restore see it. An earlier mark on the volume is replaced. No mark, no change: an engine that
 * refuses it stops the operation before it touches the volume.
 */
export async function markIncomplete(
  engine: MarkingEngine,
  volume: string,
  operation: IncompleteOperation,
  source: string,
  now: Date = new Date(),
): Promise<IncompleteMarkHandle> {
  const marker = markerName(volume);
  // Creating an existing volume answers with the old one: an earlier mark must go first.
  await engine.removeVolume(marker).catch(() => undefined);
  const labels = markerLabels(
    volume,
    {operation, source, since: now.toISOString()},
    {[OWNER_HOST_LABEL]: hostname(), [OWNER_PID_LABEL]: String(process.pid)},
  );
  const create = () => engine.createVolume({name: marker, driver: 'local', labels, driverOpts: {}});
  // Not found while creating: another volscope's sweep removed the earlier mark under this name
  // just as this one was made (seen with kill points run side by side). Made again, it holds.
  await create()
    .catch((error: unknown) => {
      if ((error as {statusCode?: number}).statusCode === 404) return create();
      throw error;
    })
    .catch((error: unknown) => {
      throw new OpError(
        'damaged',
        `Could not mark ${volume} as under way before changing it (${(error as Error).message}): nothing was changed.`,
      );
    });
  crashPoint('marked');
  return {
    marker,
    // Left behind when the engine will not remove it: the volume then reads incomplete though it is whole, the safe way round.
    clear: () => engine.removeVolume(marker).catch(() => undefined),
  };
}

/** Clears the mark of a volume that is gone or was put back as it was (an undone restore). */
export function clearMarkOf(engine: MarkingEngine, volume: string): Promise<void> {
  return engine.removeVolume(markerName(volume)).catch(() => undefined);
}
