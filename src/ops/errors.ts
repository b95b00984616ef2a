/**
 * Why an operation did not do what it was asked, for its caller to word and map: the command line
 * turns `badRequest` into exit code 2 and the rest into 1; the TUI shows the message as it is.
 * Messages are whole sentences that say what happened and what to do next.
 */
export type OpFailure =
  /** The request cannot be right (same source and target). */
  | 'badRequest'
  | 'notFound'
  /** The target holds files and the caller did not allow replacing them. */
  | 'notEmpty'
  /** Running containers use the volume and the caller did not ask to stop them. */
  | 'inUse'
  /** The archive differs from its .sha256: nothing was written. */
  | 'checksum'
  /** The archive is damaged or the engine refused it; the target was put back. */
  | 'damaged'
  | 'unreadable'
  /** A local file could not be written (nothing under the final name). */
  | 'notWritten'
  /** The caller's question was answered no. */
  | 'declined';

export class OpError extends Error {
  constructor(
    readonly reason: OpFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OpError';
  }
}
