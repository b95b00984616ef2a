import type {KeyEvent} from './types.js';

export interface ParsedKey {
  readonly input: string;
  readonly key: KeyEvent;
}

/** CSI final byte or `~` parameter → key. Modifiers (`1;5A`) are accepted and ignored. */
const CSI_FINAL: Record<string, keyof KeyEvent> = {
  A: 'upArrow',
  B: 'downArrow',
  C: 'rightArrow',
  D: 'leftArrow',
  H: 'home',
  F: 'end',
};
const CSI_TILDE: Record<string, keyof KeyEvent> = {
  '1': 'home',
  '7': 'home',
  '4': 'end',
  '8': 'end',
  '5': 'pageUp',
  '6': 'pageDown',
  '3': 'delete',
};

/**
 * Splits one stdin chunk into keypresses. Ink 6 handed a chunk such as "\rji" or "a\x7fq" (fast
 * typing, a slow SSH link, tmux send-keys) to useInput as one string and dropped the control keys in
 * it; Ink 8 splits out the escape sequences but still hands "ji" over as one string. So volscope
 * reads stdin itself and parses every key in order.
 */
export function parseKeys(data: string): ParsedKey[] {
  const keys: ParsedKey[] = [];
  let i = 0;
  while (i < data.length) {
    const char = data[i]!;
    if (char === '\u001b') {
      const next = data[i + 1];
      if (next === '[' || next === 'O') {
        const match = /^[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]/.exec(data.slice(i + 2));
        if (match) {
          keys.push(fromSequence(next, match[0]));
          i += 2 + match[0].length;
          continue;
        }
      }
      // A lone Esc, or Esc directly followed by a key (typed fast): Esc, then that key.
      keys.push({input: '', key: {escape: true}});
      i += 1;
      continue;
    }
    const code = char.charCodeAt(0);
    if (char === '\r' || char === '\n') keys.push({input: '\r', key: {return: true}});
    else if (char === '\t') keys.push({input: '\t', key: {tab: true}});
    else if (char === '\u007f' || char === '\b') keys.push({input: '', key: {backspace: true}});
    else if (code >= 1 && code <= 26) keys.push({input: String.fromCharCode(code + 96), key: {ctrl: true}});
    else if (code >= 32) {
      const point = String.fromCodePoint(data.codePointAt(i)!);
      keys.push({input: point, key: {}});
      i += point.length;
      continue;
    }
    i += 1;
  }
  return keys;
}

function fromSequence(introducer: string, body: string): ParsedKey {
  const final = body[body.length - 1]!;
  if (final === '~') {
    const flag = CSI_TILDE[body.split(/[;~]/)[0] ?? ''];
    return {input: '', key: flag ? {[flag]: true} : {}};
  }
  if (introducer === '[' && final === 'Z') return {input: '', key: {tab: true, shift: true}};
  const flag = CSI_FINAL[final];
  return {input: '', key: flag ? {[flag]: true} : {}};
}
