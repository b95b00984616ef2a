import {describe, expect, it} from 'vitest';
import {parseKeys} from '../../src/keymap/parse.js';

const names = (data: string) =>
  parseKeys(data).map(({input, key}) => {
    const flags = Object.keys(key).filter((k) => key[k as keyof typeof key]);
    return flags.length ? `${flags.join('+')}${input && flags.includes('ctrl') ? `:${input}` : ''}` : input;
  });

describe('parseKeys', () => {
  it('splits a chunk of fast typing into single keys, controls included', () => {
    expect(names('\rji')).toEqual(['return', 'j', 'i']);
    expect(names('a\u007fq')).toEqual(['a', 'backspace', 'q']);
    expect(names('jjj')).toEqual(['j', 'j', 'j']);
  });

  it('reads arrows, paging, home and end in their common encodings', () => {
    expect(names('\u001b[A\u001b[B\u001bOA\u001b[1;5B')).toEqual(['upArrow', 'downArrow', 'upArrow', 'downArrow']);
    expect(names('\u001b[5~\u001b[6~\u001b[H\u001b[F\u001b[1~\u001b[4~\u001b[7~\u001b[8~')).toEqual([
      'pageUp',
      'pageDown',
      'home',
      'end',
      'home',
      'end',
      'home',
      'end',
    ]);
  });

  it('treats a lone Esc and Esc followed by a key as Esc, then the key', () => {
    expect(names('\u001b')).toEqual(['escape']);
    expect(names('\u001b?')).toEqual(['escape', '?']);
  });

  it('reads Ctrl+letter and keeps wide characters whole', () => {
    expect(names('\u0003\u0015')).toEqual(['ctrl:c', 'ctrl:u']);
    expect(names('数🐳')).toEqual(['数', '🐳']);
  });
});
