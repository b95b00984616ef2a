import type {OpFailure} from '../model/job-results.js';

export type {OpFailure} from '../model/job-results.js';

/** An operation's refusal: why (for the caller to map and advise on) and what happened, in words. */
export class OpError extends Error {
  constructor(
    readonly reason: OpFailure,
    message: string,
    /** For `inUse`: the live containers that use the volume, for the caller's advice. */
    readonly users: readonly string[] = [],
  ) {
    super(message);
    this.name = 'OpError';
  }
}
