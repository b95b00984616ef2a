import segmentedWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import stringWidth from '../../src/model/string-width.js';

describe('string width', () => {
  it('agrees with string-width on every code point of the BMP, alone and in a run', () => {
    const disagree: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCharCode(code);
      for (const text of [char, `a${char}${char}b`]) {
        if (stringWidth(text) !== segmentedWidth(text))
          disagree.push(
            `U+${code.toString(16).padStart(4, '0')} in ${JSON.stringify(text)}: ${stringWidth(text)} vs ${segmentedWidth(text)}`,
          );
      }
    }
    expect(disagree.slice(0, 20)).toEqual([]);
  });

  it('hands emoji sequences, combining marks, escapes and options to string-width', () => {
    for (const text of [
      '\u001b[1m1006 volumes\u001b[22m · 6 unused │ \u001b[32m● live\u001b[39m',
      '\u001b[36m◌ 00002\u001b[39m  \u001b[7mrow\u001b[27m',
      '\u001b]8;;http://x\u0007link\u001b]8;;\u0007',
      '👍🏽',
      '👨‍👩‍👧',
      'e\u0301',
      '\u001b[31mred\u001b[0m',
      '1\u20e3',
      '한',
      'ｶﾞ',
      '🇩🇪',
      'tab\there',
      '\u00ad',
    ]) {
      expect(stringWidth(text), JSON.stringify(text)).toBe(segmentedWidth(text));
    }
    expect(stringWidth('\u001b[31mred', {countAnsiEscapeCodes: true})).toBe(
      segmentedWidth('\u001b[31mred', {countAnsiEscapeCodes: true}),
    );
  });
});
