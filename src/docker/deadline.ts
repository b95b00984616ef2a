/** A call that did not finish in time; names what was asked and how long it was given. */
export class DeadlineError extends Error {
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} got no answer within ${formatSeconds(ms)}`);
    this.name = 'DeadlineError';
  }
}

/** A call the user cancelled (Esc), or that a stop abandoned. */
export class CancelledError extends Error {
  constructor(readonly what: string) {
    super(`${what} was cancelled`);
    this.name = 'CancelledError';
  }
}

function formatSeconds(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

/**
 * Runs `call` with a signal that aborts after `ms` or when `cancel` fires, and settles at that
 * moment even if the callee ignores its signal: a hung engine call must never hold the caller.
 */
export function withDeadline<T>(
  what: string,
  ms: number,
  cancel: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const stop = (error: Error) => {
      cleanup();
      controller.abort(error);
      reject(error);
    };
    const timer = setTimeout(() => stop(new DeadlineError(what, ms)), ms);
    const onCancel = () => stop(new CancelledError(what));
    const cleanup = () => {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
    };
    if (cancel?.aborted) return onCancel();
    cancel?.addEventListener('abort', onCancel, {once: true});
    call(controller.signal).then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        // The abort's own rejection arrives after ours: the first word wins.
        reject(controller.signal.aborted ? controller.signal.reason : error);
      },
    );
  });
}
