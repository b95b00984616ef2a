import {createRequire} from 'node:module';
import {eastAsianWidth} from 'get-east-asian-width';

type SegmentedWidth = (text: string, options?: object) => number;
let segmented: SegmentedWidth | undefined;
/**
 * string-width, loaded on the first string the fast path below cannot answer. Loading it builds an
 * Intl.Segmenter and compiles its Unicode-property regexes (RGI_Emoji alone ~25 ms): 50–150 ms of
 * every start, for the plain ASCII most tables hold. The builds turn this into a bundled lazy
 * require (scripts/bundle-plugins.js).
 */
function segmentedWidth(text: string, options?: object): number {
  segmented ??= (createRequire(import.meta.url)('string-width') as {default: SegmentedWidth}).default;
  return segmented(text, options);
}

/** Colour and style sequences (SGR): what chalk and Ink put around text. Any other escape goes to string-width. */
const SGR = /\u001b\[[0-9;]*m/g;

/**
 * Code points that are one grapheme each and never join a neighbour: printable ASCII and
 * Latin-1 (no soft hyphen), the typographic spaces, Latin Extended, Greek and Cyrillic letters, punctuation, arrows, math,
 * technical and box-drawing symbols, geometric shapes, dingbats, CJK punctuation (no combining
 * tone marks), kana, CJK ideographs, Hangul syllables, fullwidth forms. No combining marks,
 * joiners, variation selectors, controls or surrogates: those go to string-width.
 */
const SIMPLE =
  /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u2000-\u200A\u202F\u0370-\u0377\u037A-\u037F\u0384-\u03FF\u0400-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u2070-\u209F\u20A0-\u20C0\u2100-\u23FF\u2460-\u27BF\u2900-\u2BFF\u3000-\u3029\u3030-\u303E\u3041-\u3096\u30A0-\u30FF\u4E00-\u9FFF\uAC00-\uD7A3\uFF01-\uFF60]*$/;

const PRINTABLE_ASCII = /^[\u0020-\u007E]*$/;

/**
 * Each code point's East Asian Width, looked up once (0: not yet). SIMPLE holds only the Basic
 * Multilingual Plane, and a frame repeats a few symbols many times: its rule is one box-drawing
 * character 160 times over, and every line is measured whole. Looked up anew each time (range
 * searches, run cold), the TUI's first frame at 102 volumes took a median 6.9 ms, not 5.5, to
 * build.
 */
const bmpWidths = new Uint8Array(0x10000);
function widthOf(code: number): number {
  const known = bmpWidths[code]!;
  if (known !== 0) return known;
  const width = eastAsianWidth(code);
  bmpWidths[code] = width;
  return width;
}

/**
 * string-width's answer, fast for the text a terminal table is made of. string-width segments
 * every non-ASCII string into graphemes and runs Unicode-property regexes on each (about 37 µs a
 * short string, 27 ms for the first one), and Ink asks it for every cell of every frame. For
 * strings of single-code-point graphemes the width is the East Asian Width of each code point,
 * which is what string-width returns for them (test/model/string-width.test.ts checks every one).
 * Anything else — emoji sequences, combining marks, escapes, options — goes to string-width.
 */
export default function stringWidth(text: string, options?: object): number {
  if (typeof text !== 'string' || text === '') return 0;
  if (options !== undefined) return segmentedWidth(text, options);
  // Names, states and ages are mostly this: one cell a character, no loop over them.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  // Styled text (Ink measures a row with its colours in it): colours take no cells.
  const plain = text.includes('\u001b') ? text.replace(SGR, '') : text;
  if (!SIMPLE.test(plain)) return segmentedWidth(text);
  let width = 0;
  for (let i = 0; i < plain.length; i++) {
    const code = plain.charCodeAt(i);
    width += code < 0x7f ? 1 : widthOf(code);
  }
  return width;
}
