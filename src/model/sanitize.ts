/**
 * Makes untrusted text (names, labels, file names) safe to print: every C0/C1 control character,
 * DEL, and the bidi overrides that can reorder what a line appears to say are shown as visible
 * escapes instead of being emitted. An ESC therefore can never start a terminal sequence.
 * Written here rather than taken from strip-ansi & co because those *remove* sequences, and a user
 * looking at a hostile name needs to see that it holds one.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e'};

function escapeChar(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function sanitize(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/** For messages meant to span lines (what happened, what to do): escapes everything but the line breaks. */
export function sanitizeLines(text: string): string {
  return text.split('\n').map(sanitize).join('\n');
}

/** True when sanitize() would change the text. */
export function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}
