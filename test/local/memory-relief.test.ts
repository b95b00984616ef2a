import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {settleAfterStart, TOP_TIER_OFF} from '../../src/local/memory-relief.js';

describe("the TUI without V8's top tier", () => {
  it('names only flags this Node has (an unknown one would be printed over the terminal)', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], {encoding: 'utf8', maxBuffer: 16 << 20});
    for (const flag of TOP_TIER_OFF) {
      const name = flag.replace(/^--no-/, '--');
      expect(known, `${flag} on ${process.version}`).toMatch(new RegExp(`^\\s+${name} \\(`, 'm'));
    }
  });
});

describe('settling after the start', () => {
  // Node 26's V8 takes gc()'s last-resort flavour; 22's and 24's run a regular major collection.
  const lastResort = Number(process.versions.node.split('.')[0]) >= 26;
  it(`collects ${lastResort ? 'all available garbage, the collection that hands pages back' : 'the whole heap'}`, async () => {
    const {constants, PerformanceObserver} = await import('node:perf_hooks');
    const collected = new Promise<number>((resolve) => {
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const {kind, flags} = (entry as unknown as {detail: {kind: number; flags: number}}).detail;
          if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
          if (lastResort && !(flags & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE)) continue;
          observer.disconnect();
          resolve(kind);
        }
      });
      observer.observe({entryTypes: ['gc']});
    });
    settleAfterStart();
    expect(await collected).toBe(constants.NODE_PERFORMANCE_GC_MAJOR);
  });
});
