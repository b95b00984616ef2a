/** Half a second between progress frames: enough for a rate and an ETA, no flicker. */
const PROGRESS_MS = 500;

/**
 * A job's progress callback that passes on at most one report per PROGRESS_MS (a stream reports
 * per chunk, hundreds a second), with when the job started and the time of this report.
 */
export function throttledProgress<A extends unknown[]>(
  report: (timing: {startedMs: number; nowMs: number}, ...values: A) => void,
): (...values: A) => void {
  const startedMs = Date.now();
  let last = 0;
  return (...values) => {
    const nowMs = Date.now();
    if (nowMs - last < PROGRESS_MS) return;
    last = nowMs;
    report({startedMs, nowMs}, ...values);
  };
}
