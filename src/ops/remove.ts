import {type EngineGateway, ReadOnlyError, RemoveError} from '../docker/gateway.js';
import type {RemoveOutcome} from '../model/cleanup.js';
import {marksOf} from '../model/incomplete.js';

/**
 * Removes exactly these names, one by one, never through the prune endpoint (whose scope depends
 * on the API version). A volume that gained a container since the preview is refused by the
 * engine and reported; nothing else is touched but the mark of a half-done operation on a
 * removed volume (model/incomplete.ts), which would otherwise mark the next volume of its name.
 */
export async function removeExactly(
  gateway: Pick<EngineGateway, 'removeVolume' | 'listVolumes'>,
  names: readonly string[],
  onProgress?: (outcome: RemoveOutcome, index: number) => void,
): Promise<RemoveOutcome[]> {
  const outcomes: RemoveOutcome[] = [];
  const marks = marksOf(await gateway.listVolumes().catch(() => []));
  for (const [index, name] of names.entries()) {
    let outcome: RemoveOutcome;
    try {
      await gateway.removeVolume(name);
      outcome = {name, removed: true};
      const mark = marks.get(name);
      if (mark) await gateway.removeVolume(mark.marker).catch(() => undefined);
    } catch (error) {
      const known =
        error instanceof RemoveError
          ? error
          : error instanceof ReadOnlyError
            ? new RemoveError('readOnly', error.message)
            : new RemoveError('failed', String((error as Error)?.message ?? error));
      outcome = {name, removed: false, reason: known.reason, message: known.message, containerIds: known.containerIds};
    }
    outcomes.push(outcome);
    onProgress?.(outcome, index);
  }
  return outcomes;
}
