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
  it('collects all available garbage, the collection that hands pages back to the system', async () => {
    // The flag V8 reports for a last-resort collection (perf_hooks' constants).
    const {constants, PerformanceObserver} = await import('node:perf_hooks');
    const collected = new Promise<number>((resolve) => {
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          const flags = (entry as unknown as {detail: {flags: number}}).detail.flags;
          if (flags & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE) {
            observer.disconnect();
            resolve(flags);
          }
        }
      });
      observer.observe({entryTypes: ['gc']});
    });
    settleAfterStart();
    expect(await collected).toBeGreaterThan(0);
  });
});
