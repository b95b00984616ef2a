import type {Unpack} from 'tar';

type Reserved = (done: () => void) => void;

interface Reservations {
  reserve(paths: string[], fn: Reserved): boolean;
}

/** Reservations one PathReservations keeps before the next batch starts in a fresh one. */
const BATCH = 1024;

/**
 * node-tar (7.5.23, the newest) keeps every path reservation an Unpack ever made: its
 * PathReservations maps each finished reservation's closure, and the entry it holds, forever —
 * about 2.4 KB per file, so an export of 200,000 files grew past 800 MB. Unpack only ever calls
 * `reserve`, so this stands in front of it: after BATCH reservations it holds new ones back until
 * those in flight have finished (a few, as a rule), then hands them to a fresh PathReservations,
 * and the old one goes with everything it kept. Nothing is queued in the old one when it is
 * dropped, so the ordering node-tar's reservations guarantee is kept.
 */
export function forgetFinishedReservations(unpack: Unpack): void {
  const target = unpack as unknown as {reservations: Reservations};
  const Fresh = target.reservations.constructor as new () => Reservations;
  let current = target.reservations;
  let made = 0;
  let inFlight = 0;
  let held: Array<[string[], Reserved]> | null = null;

  const startNextBatch = (): void => {
    const waiting = held ?? [];
    held = null;
    current = new Fresh();
    made = 0;
    for (const [paths, fn] of waiting) reserve(paths, fn);
  };

  const reserve = (paths: string[], fn: Reserved): boolean => {
    if (held) {
      held.push([paths, fn]);
      return false;
    }
    if (made >= BATCH) {
      held = [[paths, fn]];
      if (inFlight === 0) startNextBatch();
      return false;
    }
    made++;
    inFlight++;
    let finished = false;
    return current.reserve(paths, (done) =>
      fn(() => {
        done();
        if (finished) return;
        finished = true;
        if (--inFlight === 0 && held) startNextBatch();
      }),
    );
  };
  target.reservations = {reserve};
}
