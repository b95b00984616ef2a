import {engineMessage} from '../docker/errors.js';
import {FileError} from '../docker/gateway.js';
import {sanitizeLines} from '../model/sanitize.js';

/** FileErrors carry their own words; a broken connection gets engineMessage's. */
export function messageOf(error: unknown): string {
  return sanitizeLines(error instanceof FileError ? error.message : engineMessage(error));
}
