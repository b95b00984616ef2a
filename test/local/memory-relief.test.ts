import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {TOP_TIER_OFF} from '../../src/local/memory-relief.js';

describe("the TUI without V8's top tier", () => {
  it('names only flags this Node has (an unknown one would be printed over the terminal)', () => {
    const known = execFileSync(process.execPath, ['--v8-options'], {encoding: 'utf8', maxBuffer: 16 << 20});
    for (const flag of TOP_TIER_OFF) {
      const name = flag.replace(/^--no-/, '--');
      expect(known, `${flag} on ${process.version}`).toMatch(new RegExp(`^\\s+${name} \\(`, 'm'));
    }
  });
});
