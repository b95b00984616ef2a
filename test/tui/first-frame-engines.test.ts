import {afterEach, describe, expect, it, vi} from 'vitest';
import type {Snapshot} from '../../src/model/records.js';
import {OTHER_ENGINES_WAIT_MS, untilEveryEngineListed} from '../../src/tui/first-frame.js';

/** An engine's store as the start sees it: listed or not, failed or not, and who listens. */
class FakeStore {
  private snapshot = {listed: false, error: undefined} as unknown as Snapshot;
  readonly listeners = new Set<() => void>();
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getSnapshot = () => this.snapshot;
  set(patch: {listed?: boolean; error?: string}) {
    this.snapshot = {...this.snapshot, ...patch} as Snapshot;
    for (const listener of [...this.listeners]) listener();
  }
}

const engines = (n: number) => Array.from({length: n}, () => ({store: new FakeStore()}));
/** `n` engines, the first one listed, and the wait for the others started. */
const waitingBesideFirst = (n: number) => {
  const all = engines(n);
  all[0]!.store.set({listed: true});
  const redraw = vi.fn();
  return {all, redraw, waiting: untilEveryEngineListed(all, redraw)};
};
const settledYet = (promise: Promise<void>) => {
  let done = false;
  void promise.then(() => (done = true));
  return () => done;
};

afterEach(() => vi.useRealTimers());

describe('untilEveryEngineListed (the plain frame before Ink, several engines)', () => {
  it('resolves at once when every engine has listed', async () => {
    const all = engines(2);
    for (const {store} of all) store.set({listed: true});
    const redraw = vi.fn();
    await untilEveryEngineListed(all, redraw);
    expect(redraw).not.toHaveBeenCalled();
  });

  it('does not wait for a single engine, nor when no engine has listed yet (all slow)', async () => {
    const redraw = vi.fn();
    const one = engines(1);
    const none = engines(3);
    const settled = [settledYet(untilEveryEngineListed(one, redraw)), settledYet(untilEveryEngineListed(none, redraw))];
    await Promise.resolve();
    await Promise.resolve();
    expect(settled.map((done) => done())).toEqual([true, true]);
    for (const {store} of [...one, ...none]) expect(store.listeners.size).toBe(0);
    expect(redraw).not.toHaveBeenCalled();
  });

  it('draws again as each further engine lands, and resolves with the last one', async () => {
    const all = engines(3);
    all[0]!.store.set({listed: true});
    const frames: number[] = [];
    const listedNow = () => all.filter(({store}) => store.getSnapshot().listed).length;
    const waiting = untilEveryEngineListed(all, () => frames.push(listedNow()));
    const done = settledYet(waiting);
    all[1]!.store.set({listed: true});
    await vi.waitFor(() => expect(frames).toEqual([2]));
    expect(done()).toBe(false);
    all[2]!.store.set({listed: true});
    await waiting;
    expect(frames).toEqual([2, 3]);
    // Nobody listens any more: Ink owns the screen from here.
    for (const {store} of all) expect(store.listeners.size).toBe(0);
  });

  it('draws once for engines landing in the same turn', async () => {
    const {all, redraw, waiting} = waitingBesideFirst(3);
    all[1]!.store.set({listed: true});
    all[2]!.store.set({listed: true});
    await waiting;
    expect(redraw).toHaveBeenCalledTimes(1);
  });

  it("draws the last engine's rows even when its store publishes again in the same turn", async () => {
    const {all, redraw, waiting} = waitingBesideFirst(2);
    all[1]!.store.set({listed: true});
    // The engine's API version comes right after its list: nothing new to draw, and nothing to cancel.
    all[1]!.store.set({});
    await waiting;
    expect(redraw).toHaveBeenCalledTimes(1);
  });

  it('counts an engine that failed its first list as settled: nothing waits for it', async () => {
    const {all, redraw, waiting} = waitingBesideFirst(2);
    all[1]!.store.set({error: 'connection refused'});
    await waiting;
    expect(redraw).not.toHaveBeenCalled();
  });

  it('gives up on an engine that has not answered after OTHER_ENGINES_WAIT_MS', async () => {
    vi.useFakeTimers();
    const all = engines(2);
    all[0]!.store.set({listed: true});
    const waiting = untilEveryEngineListed(all, () => {});
    const done = settledYet(waiting);
    await vi.advanceTimersByTimeAsync(OTHER_ENGINES_WAIT_MS - 1);
    expect(done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done()).toBe(true);
    expect(all[1]!.store.listeners.size).toBe(0);
  });
});
