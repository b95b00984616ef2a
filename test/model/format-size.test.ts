import prettyBytes from 'pretty-bytes';
import {describe, expect, it} from 'vitest';
import {formatSize} from '../../src/model/format.js';

describe('formatSize', () => {
  it('writes what pretty-bytes writes with one fraction digit, at unit boundaries and for random sizes', () => {
    const sizes = [
      0,
      1,
      9,
      10,
      99,
      999,
      1000,
      1001,
      1049,
      1050,
      1051,
      1149,
      1150,
      1151,
      1250,
      1350,
      9949,
      9950,
      9999,
      99_949,
      99_950,
      999_949,
      999_950,
      999_999,
      1_000_000,
      1_234_567,
      4_000_000,
      999_999_999,
      1e12 - 1,
      1e15,
      2 ** 53,
      1e27,
      0.5,
    ];
    for (let exponent = 0; exponent < 9; exponent++) {
      for (let i = 0; i < 4000; i++) sizes.push(Math.floor(Math.random() * 1000 ** (exponent + 1)));
      for (const n of [0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 1.05, 1.15, 9.95, 99.95, 999.95])
        sizes.push(Math.round(n * 1000 ** exponent));
    }
    const differ = sizes
      .filter((size) => formatSize(size, '…') !== prettyBytes(size, {maximumFractionDigits: 1}))
      .map((size) => `${size}: ${formatSize(size, '…')} vs ${prettyBytes(size, {maximumFractionDigits: 1})}`);
    expect(differ.slice(0, 10)).toEqual([]);
  });

  it('says … before a size is known and n/a when the driver cannot tell', () => {
    expect(formatSize(undefined, '…')).toBe('…');
    expect(formatSize(null, '…')).toBe('n/a');
    expect(formatSize(-1, '…')).toBe('n/a');
  });
});
