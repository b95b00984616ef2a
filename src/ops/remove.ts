import {type EngineGateway, ReadOnlyError, RemoveError} from '../docker/gateway.js';
import type {RemoveOutcome} from '../model/cleanup.js';

/**
 * Removes exactly these names, one by one, never through the prune endpoint (whose scope depends
 * on the API version). A volume that gained a container since the preview is refused by the
 * engine and reported; nothing else is touched.
 */
export async function removeExactly(
  gateway: Pick<EngineGateway, 'removeVolume'>,
  names: readonly string[],
  onProgress?: (outcome: RemoveOutcome, index: number) => void,
): Promise<RemoveOutcome[]> {
  const outcomes: RemoveOutcome[] = [];
  for (const [index, name] of names.entries()) {
    let outcome: RemoveOutcome;
    try {
      await gateway.removeVolume(name);
      outcome = {name, removed: true};
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
