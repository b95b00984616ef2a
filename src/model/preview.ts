import {sanitize} from './sanitize.js';

/** The pager reads at most this much of a file; one byte more tells whether it was cut. */
export const PREVIEW_LIMIT = 1024 * 1024;

export interface Preview {
  readonly kind: 'text' | 'binary';
  /** Terminal-safe lines: escape sequences in the file appear as visible escapes. */
  readonly lines: readonly string[];
  /** Bytes shown (at most PREVIEW_LIMIT). */
  readonly shownBytes: number;
  /** The file is longer than what is shown. */
  readonly truncated: boolean;
}

const STRICT = new TextDecoder('utf-8', {fatal: true});
const TAB_STOP = 8;

/**
 * Text when the start has no NUL and decodes as UTF-8 (a multi-byte character cut by the limit
 * does not count against it); anything else is binary and shown as hex.
 */
export function buildPreview(bytes: Buffer): Preview {
  const truncated = bytes.length > PREVIEW_LIMIT;
  const shown = truncated ? bytes.subarray(0, PREVIEW_LIMIT) : bytes;
  const text = decodeText(shown, truncated);
  if (text === undefined) return {kind: 'binary', lines: hexLines(shown), shownBytes: shown.length, truncated};
  return {kind: 'text', lines: textLines(text), shownBytes: shown.length, truncated};
}

function decodeText(bytes: Buffer, cut: boolean): string | undefined {
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  // A cut can split the last character: try dropping up to three trailing bytes.
  for (let drop = 0; drop <= (cut ? 3 : 0); drop++) {
    try {
      return STRICT.decode(bytes.subarray(0, bytes.length - drop));
    } catch {
      // try a shorter tail
    }
  }
  return undefined;
}

function textLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines.map((line) => sanitize(expandTabs(line.endsWith('\r') ? line.slice(0, -1) : line)));
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(TAB_STOP - (out.length % TAB_STOP)) : char;
  return out;
}

/** `00000010  68 65 6c 6c 6f 0a 00 01  ...  |hello...|`, as hexdump -C shows it. */
export function hexLines(bytes: Buffer): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' ';
      const byte = row[i];
      hex += byte === undefined ? '   ' : `${byte.toString(16).padStart(2, '0')} `;
      if (byte !== undefined) ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines;
}
