import {createRequire} from 'node:module';
import stringWidth from './string-width.js';

type CliTruncate = (text: string, columns: number, options: object) => string;
let loadedTruncate: CliTruncate | undefined;
/** cli-truncate (with slice-ansi and ansi-styles) on the first text too wide to fit: not on every start. */
function cliTruncate(): CliTruncate {
  loadedTruncate ??= (createRequire(import.meta.url)('cli-truncate') as {default: CliTruncate}).default;
  return loadedTruncate;
}

/** Display width in terminal cells (wide CJK and emoji count two). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts to at most `width` cells, marking the cut with `ellipsis`; pads nothing. */
export function truncate(text: string, width: number, ellipsis: string, position: 'end' | 'middle' = 'end'): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  if (width <= ellipsis.length) return text.slice(0, width);
  return cliTruncate()(text, width, {position, truncationCharacter: ellipsis});
}

/** Pads to `width` cells; `measured` is the text's own width when the caller has it already. */
export function pad(text: string, width: number, align: 'left' | 'right', measured = stringWidth(text)): string {
  const gap = Math.max(0, width - measured);
  return align === 'right' ? ' '.repeat(gap) + text : text + ' '.repeat(gap);
}
