import {describe, expect, it} from 'vitest';
import {loadOnce, onFirstCall} from '../../src/tui/on-first-use.js';

describe('loadOnce', () => {
  it('loads on the first call only, and says what it loaded', async () => {
    let loads = 0;
    const load = loadOnce(async () => ({n: ++loads}));
    expect(load.loaded).toBeUndefined();
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(loads).toBe(1);
    expect(load.loaded).toBe(a);
  });

  it('tries again after a failed load', async () => {
    let attempts = 0;
    const load = loadOnce(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('module gone');
      return 'ok';
    });
    await expect(load()).rejects.toThrow('module gone');
    expect(load.loaded).toBeUndefined();
    await expect(load()).resolves.toBe('ok');
    expect(attempts).toBe(2);
  });
});

describe('onFirstCall', () => {
  interface Port {
    add(a: number, b: number): Promise<number>;
    name(): Promise<string>;
  }

  it('builds nothing until a method is called, then builds once and forwards every call', async () => {
    let builds = 0;
    const port = onFirstCall<Port>({add: true, name: true}, async () => {
      builds += 1;
      return {add: async (a, b) => a + b, name: async () => `port ${builds}`};
    });
    expect(builds).toBe(0);
    expect(await port.add(2, 3)).toBe(5);
    expect(await port.name()).toBe('port 1');
    expect(builds).toBe(1);
  });

  it("rejects a call with the build's failure, as the method itself would", async () => {
    const port = onFirstCall<Port>({add: true, name: true}, async () => {
      throw new Error('cannot load the jobs');
    });
    await expect(port.add(1, 1)).rejects.toThrow('cannot load the jobs');
  });
});
