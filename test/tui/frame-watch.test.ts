import {describe, expect, it} from 'vitest';
import {type Engine, FrameWatch, firstListsDrawn} from '../../src/tui/engine-session.js';

/** Just what firstListsDrawn reads of an engine: its store's snapshot. */
function engine(snapshot: {listed: boolean; error?: string}): {engine: Engine; set: (next: typeof snapshot) => void} {
  let current = snapshot;
  const store = {getSnapshot: () => current};
  return {engine: {name: 'e', store} as unknown as Engine, set: (next) => (current = next)};
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  // Every callback queued so far runs before this one: a resolved promise's too.
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe("the history's first reads wait for every engine's rows on the screen", () => {
  it('resolves on the first frame drawn once every engine has listed (or failed), not on the data alone', async () => {
    const frames = new FrameWatch();
    const a = engine({listed: true});
    const b = engine({listed: false});
    const c = engine({listed: false});
    const drawn = firstListsDrawn([a.engine, b.engine, c.engine], frames);
    frames.drawn();
    expect(await settled(drawn)).toBe(false);
    b.set({listed: true});
    c.set({listed: false, error: 'engine down'});
    // Listed, but the frame that shows it is not out yet.
    expect(await settled(drawn)).toBe(false);
    frames.drawn();
    expect(await settled(drawn)).toBe(true);
  });

  it('asks nothing of later frames once settled', () => {
    const frames = new FrameWatch();
    let asked = 0;
    void frames.drawnOnce(() => {
      asked += 1;
      return asked >= 2;
    });
    frames.drawn();
    frames.drawn();
    frames.drawn();
    expect(asked).toBe(2);
  });
});
