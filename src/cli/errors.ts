import {OpError} from '../ops/errors.js';

/** 0 success, 1 engine or operation failure, 2 usage error. */
export const EXIT = {ok: 0, failure: 1, usage: 2} as const;

/** Bad invocation: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** A failure already described for a person (what happened, what to do): no stack trace. */
export class ReportedError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.failure) {
    super(message);
  }
}

/** An operation's refusal as the command line reports it: a request that cannot be right is a usage error. */
export function reportOpErrors<T>(work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof OpError) throw new ReportedError(error.message, error.reason === 'badRequest' ? EXIT.usage : EXIT.failure);
    throw error;
  });
}
