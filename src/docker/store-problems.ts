import {CancelledError, DeadlineError} from './deadline.js';
import {engineMessage} from './errors.js';

/** Why the last list failed, as the status line says it: the rows shown are the last ones. */
export function listProblem(error: unknown): string {
  if (error instanceof DeadlineError) return `${error.message}: showing the last one; r tries again`;
  if (error instanceof CancelledError) return 'list cancelled: showing the last one; r tries again';
  return engineMessage(error);
}

/** Why the last size scan failed: the sizes shown are the last ones. */
export function sizeScanProblem(error: unknown): string {
  if (error instanceof DeadlineError) return `${error.message}: sizes are from the last scan; r tries again`;
  if (error instanceof CancelledError) return 'size scan cancelled: sizes are from the last scan; r measures again';
  return `size scan failed: ${engineMessage(error)}`;
}

/** The event stream closed: the table keeps what it held, dimmed; an engine never reached has no table to speak of. */
export function lostProblem(error: unknown, everOpened: boolean): string {
  return everOpened
    ? `lost the engine: ${engineMessage(error)}; the table is what it held then (dimmed)`
    : engineMessage(error);
}
