import {describe, expect, it} from 'vitest';
import {parseByteSize} from '../../src/model/format.js';
import {
  fastestGrower,
  formatGrowth,
  growthOf,
  lastUsedText,
  NOTABLE_GROWTH_BYTES,
  nextWindow,
  parseDuration,
  sparkline,
} from '../../src/model/growth.js';

describe('growth', () => {
  it('is the size now less the baseline; unknown without one, n/a when a size cannot be told', () => {
    expect(growthOf(500, {bytes: 200, atMs: 7, partial: false})).toEqual({bytes: 300, sinceMs: 7, partial: false});
    expect(growthOf(500, undefined)).toBeUndefined();
    expect(growthOf(undefined, {bytes: 1, atMs: 0, partial: false})).toBeUndefined();
    expect(growthOf(null, {bytes: 1, atMs: 0, partial: false})).toBeNull();
    expect(growthOf(5, {bytes: null, atMs: 0, partial: false})).toBeNull();
  });

  it('is written with its direction, in the units of the SIZE column', () => {
    expect(formatGrowth({bytes: 52_400_000, sinceMs: 0, partial: false}, '…')).toBe('▲ 52.4 MB');
    expect(formatGrowth({bytes: -3_000_000, sinceMs: 0, partial: false}, '…')).toBe('▼ 3 MB');
    expect(formatGrowth({bytes: 0, sinceMs: 0, partial: false}, '…')).toBe('0 B');
    expect(formatGrowth(undefined, '…')).toBe('…');
    expect(formatGrowth(null, '…')).toBe('n/a');
  });

  it('windows cycle and durations parse; anything else is refused', () => {
    expect(nextWindow('30d')).toBe('1h');
    expect(nextWindow('24h')).toBe('7d');
    expect(parseDuration('90m')).toBe(5_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    for (const bad of ['', '0h', '1y', 'h', '-1d']) expect(parseDuration(bad)).toBeUndefined();
    expect(parseByteSize('500MB')).toBe(500_000_000);
    expect(parseByteSize('1GiB')).toBe(1024 ** 3);
    expect(parseByteSize('1.5 g')).toBe(1_500_000_000);
    expect(parseByteSize('lots')).toBeUndefined();
  });

  it('draws a step line of the sizes, blank before the first point, flat when nothing changed', () => {
    const points = [
      {atMs: 0, bytes: 10},
      {atMs: 50, bytes: 20},
      {atMs: 90, bytes: 40},
    ];
    // Each cell is the size known at its end: the one ending at 50 already shows the point at 50.
    expect(sparkline(points, 0, 100, 10)).toBe('▁▁▁▁▃▃▃▃██');
    expect(sparkline([{atMs: 60, bytes: 5}], 0, 100, 4)).toBe('  ▁▁');
    expect(sparkline([], 0, 100, 3)).toBe('   ');
  });

  it('names the last users newest first, sanitized, and says which still use it', () => {
    const users = [
      {id: 'a', name: 'web-1', lastSeenMs: Date.parse('2026-12-03T14:02:00Z')},
      {id: 'b', name: 'evil\u001b[31m', lastSeenMs: Date.parse('2026-12-04T09:00:00Z')},
    ];
    const text = lastUsedText(users, new Set(['a']));
    expect(text).not.toContain('\u001b');
    expect(text).toMatch(/^last used by evil.*\[31m \(gone since 2026-12-04 09:00 UTC\), web-1 \(uses it now\)$/);
    expect(lastUsedText(users, new Set(), 1)).toMatch(/and 1 more$/);
  });

  it('the fastest grower is named only past the threshold', () => {
    const row = (bytes: number) => ({growth: {bytes, sinceMs: 0, partial: false}});
    expect(fastestGrower([row(5), row(NOTABLE_GROWTH_BYTES - 1)])).toBeUndefined();
    const big = row(NOTABLE_GROWTH_BYTES * 3);
    expect(fastestGrower([row(NOTABLE_GROWTH_BYTES), big, {growth: null}])).toBe(big);
  });
});
