import {sanitize} from './sanitize.js';

/** The pager reads at most this much of a file; one byte more tells whether it was cut. */
export const PREVIEW_LIMIT = 1024 * 1024;

export interface Preview {
  readonly kind: 'text' | 'binary';
  readonly lineCount: number;
  /**
   * Terminal-safe lines from..to (exclusive): escape sequences in the file appear as visible
   * escapes. Made on demand: a MiB of hex is 65,536 lines, and the pager shows a screenful.
   */
  lines(from: number, to: number): string[];
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
  if (text === undefined) {
    const lineCount = Math.ceil(shown.length / 16);
    const lines = (from: number, to: number) => {
      const out: string[] = [];
      for (let i = Math.max(0, from); i < Math.min(to, lineCount); i++) out.push(hexLine(shown, i * 16));
      return out;
    };
    return {kind: 'binary', lineCount, lines, shownBytes: shown.length, truncated};
  }
  const raw = text.split('\n');
  if (raw.length > 1 && raw.at(-1) === '') raw.pop();
  const lines = (from: number, to: number) => raw.slice(Math.max(0, from), to).map(safeLine);
  return {kind: 'text', lineCount: raw.length, lines, shownBytes: shown.length, truncated};
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

function safeLine(line: string): string {
  return sanitize(expandTabs(line.endsWith('\r') ? line.slice(0, -1) : line));
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const char of line) out += char === '\t' ? ' '.repeat(TAB_STOP - (out.length % TAB_STOP)) : char;
  return out;
}

/** `00000010  68 65 6c 6c 6f 0a 00 01  ...  |hello...|`, as hexdump -C shows it. */
function hexLine(bytes: Buffer, offset: number): string {
  const row = bytes.subarray(offset, offset + 16);
  let hex = '';
  let ascii = '';
  for (let i = 0; i < 16; i++) {
    if (i === 8) hex += ' ';
    const byte = row[i];
    hex += byte === undefined ? '   ' : `${byte.toString(16).padStart(2, '0')} `;
    if (byte !== undefined) ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
  }
  return `${offset.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`;
}
