import {describe, expect, it} from 'vitest';
import {formatAge, formatClock, formatSize} from '../../src/model/format.js';
import {localeIsUtf8} from '../../src/model/glyphs.js';
import {hasUnsafe, sanitize, sanitizeLines} from '../../src/model/sanitize.js';
import {displayWidth, truncate} from '../../src/model/text.js';

describe('formatSize', () => {
  it('uses decimal units like docker system df', () => {
    expect(formatSize(0, '…')).toBe('0 B');
    expect(formatSize(100_000, '…')).toBe('100 kB');
    expect(formatSize(1_513_000_000, '…')).toBe('1.5 GB');
  });
  it('shows the placeholder until measured and n/a when the driver cannot tell', () => {
    expect(formatSize(undefined, '…')).toBe('…');
    expect(formatSize(null, '…')).toBe('n/a');
    expect(formatSize(-1, '…')).toBe('n/a');
  });
});

describe('formatAge', () => {
  const now = Date.UTC(2026, 10, 23, 12);
  it('gives the largest whole unit', () => {
    expect(formatAge(now - 5_000, now)).toBe('<1m');
    expect(formatAge(now - 90_000, now)).toBe('1m');
    expect(formatAge(now - 3 * 3_600_000, now)).toBe('3h');
    expect(formatAge(now - 3 * 86_400_000, now)).toBe('3d');
    expect(formatAge(now - 400 * 86_400_000, now)).toBe('1y');
    expect(formatAge(now + 30_000, now)).toBe('<1m');
    expect(formatAge(Number.NaN, now)).toBe('?');
  });
  it('formats a wall-clock time', () => {
    expect(formatClock(new Date(2026, 0, 1, 9, 5, 7).getTime())).toBe('09:05:07');
  });
});

describe('sanitize', () => {
  it('shows escape sequences instead of emitting them', () => {
    const title = '\u001b]2;pwned\u0007';
    expect(sanitize(`a${title}b`)).toBe('a\\e]2;pwned\\x07b');
    expect(sanitize('red\u001b[31mtext')).toBe('red\\e[31mtext');
    expect(sanitize(`x${'\u009b'}31m`)).toBe('x\\x9b31m');
  });
  it('escapes newlines, tabs, DEL and bidi overrides', () => {
    expect(sanitize('a\nb\tc\rd\u007f')).toBe('a\\nb\\tc\\rd\\x7f');
    expect(sanitize('evil\u202etxt.exe')).toBe('evil\\u202etxt.exe');
  });
  it('keeps ordinary text, accents, CJK and emoji', () => {
    for (const text of ['my-volume_1.data', 'données', '数据卷', 'db 🐳']) {
      expect(sanitize(text)).toBe(text);
      expect(hasUnsafe(text)).toBe(false);
    }
  });
  it('escapes lone surrogates (invalid UTF-16 from mangled bytes)', () => {
    expect(sanitize('a\ud800b')).toBe('a\\ud800b');
    expect(hasUnsafe('a\ud800b')).toBe(true);
  });
});

describe('text width', () => {
  it('counts wide characters as two cells and truncates by cells', () => {
    expect(displayWidth('数据')).toBe(4);
    expect(truncate('abcdefghij', 6, '…')).toBe('abcde…');
    expect(displayWidth(truncate('数据数据数据', 7, '…'))).toBeLessThanOrEqual(7);
    expect(truncate('abc', 6, '…')).toBe('abc');
    expect(truncate('abcdef', 2, '...')).toBe('ab');
  });
});

describe('localeIsUtf8', () => {
  it('follows LC_ALL, then LC_CTYPE, then LANG', () => {
    expect(localeIsUtf8({LANG: 'en_US.UTF-8'})).toBe(true);
    expect(localeIsUtf8({LANG: 'C.utf8'})).toBe(true);
    expect(localeIsUtf8({LC_ALL: 'C', LANG: 'en_US.UTF-8'})).toBe(false);
    expect(localeIsUtf8({LC_CTYPE: 'de_DE.UTF-8', LANG: 'C'})).toBe(true);
    expect(localeIsUtf8({})).toBe(false);
  });
});

describe('sanitizeLines', () => {
  it('keeps the line breaks of a message and escapes everything else', () => {
    expect(sanitizeLines('No engine at x\u001b[2J.\nIs Docker running?\t')).toBe(
      'No engine at x\\e[2J.\nIs Docker running?\\t',
    );
  });
});
