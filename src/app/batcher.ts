/**
 * Results of a streaming job reach the reducer at most this often at first: a 100,000-entry listing
 * arrives in hundreds of chunks, and re-sorting on each would stall the keys.
 */
export const FLUSH_MS = 150;

/**
 * Collects items and hands them over, first after FLUSH_MS, then at doubling intervals (each hand-
 * over re-sorts everything so far: a long stream should cost a few sorts, not hundreds). Its timer
 * only lives while work streams.
 */
export function batcher<T>(flush: (items: T[]) => void) {
  let pending: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let delay = FLUSH_MS;
  return {
    add(items: readonly T[]) {
      for (const item of items) pending.push(item);
      timer ??= setTimeout(() => {
        timer = undefined;
        delay = Math.min(delay * 2, 2000);
        if (pending.length) flush(this.take());
      }, delay);
    },
    take(): T[] {
      const items = pending;
      pending = [];
      return items;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
