import {AgeError} from '../local/age.js';
import {OpError} from './errors.js';

/** A key that does not open an archive (or none given) as the operation's refusal; undefined for anything else. */
export function ageFailure(error: unknown, label: string, after = ' Nothing was written.'): OpError | undefined {
  if (!(error instanceof AgeError)) return undefined;
  if (error.reason === 'damaged' || error.reason === 'notAge')
    return new OpError('damaged', `${label}: ${error.message}.${after}`);
  return new OpError('locked', `Cannot open ${label}: ${error.message}.${after}`);
}
