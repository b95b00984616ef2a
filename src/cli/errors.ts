import {sanitize} from '../model/sanitize.js';
import {OpError, type OpFailure} from '../ops/errors.js';

/** 0 success, 1 engine or operation failure, 2 usage error. */
export const EXIT = {ok: 0, failure: 1, usage: 2} as const;

/** Bad invocation: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/** A failure already described for a person (what happened, what to do): no stack trace. */
export class ReportedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

/** What the command line advises after a refusal, per reason; the operation says only what happened. */
export type CliAdvice = Partial<Record<OpFailure, (error: OpError) => string>>;

/**
 * An operation's refusal as the command line reports it, with this command's advice (a flag to
 * add, a command to run): a request that cannot be right is a usage error.
 */
export function reportOpErrors<T>(work: Promise<T>, advice: CliAdvice = {}): Promise<T> {
  return work.catch((error: unknown) => {
    if (error instanceof OpError) {
      const next = advice[error.reason]?.(error);
      throw new ReportedError(
        next ? `${error.message}\n${next}` : error.message,
        error.reason === 'badRequest' ? EXIT.usage : EXIT.failure,
      );
    }
    throw error;
  });
}

/** Running containers refused the operation: the flag that stops them for its duration, or stopping them by hand. */
export function stopAdvice(what: string): (error: OpError) => string {
  return (error) => {
    const names = error.users.map(sanitize).join(' ');
    return `Add --stop-containers to stop ${error.users.length === 1 ? 'it' : 'them'} for the ${what} and start ${error.users.length === 1 ? 'it' : 'them'} again afterwards, or stop ${error.users.length === 1 ? 'it' : 'them'} yourself (\`docker stop ${names}\`).`;
  };
}

/** What to do when no key given opens an encrypted archive. */
export const LOCKED_ADVICE =
  'Give the secret key it was made for with -i KEYFILE (repeatable), or its passphrase with --passphrase (asked), --passphrase-file or --passphrase-fd.';

/** Under --read-only a command that writes is refused before it connects (exit 2). */
export function refuseUnderReadOnly(
  invocation: {readonly options: {readonly readOnly: boolean}},
  command: string,
): void {
  if (invocation.options.readOnly) {
    throw new ReportedError(
      `volscope runs read-only (--read-only or VOLSCOPE_READ_ONLY), so \`volscope ${command}\` changes nothing.`,
      EXIT.usage,
    );
  }
}
