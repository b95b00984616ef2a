import {displayWidth, truncate} from './text.js';

/** Semantic colour of a piece of text; the UI maps tones to colours (or none under NO_COLOR). */
export type Tone = 'default' | 'muted' | 'running' | 'stopped' | 'anonymous' | 'accent' | 'danger';

export interface Piece {
  readonly text: string;
  readonly tone?: Tone;
}

/** A table cell: already sanitized, already fitted to its column width. */
export type Cell = readonly Piece[];

export function plainCell(text: string, width: number, ellipsis: string, tone?: Tone): Cell {
  return [{text: truncate(text, width, ellipsis), tone}];
}

export function cellWidth(cell: Cell): number {
  return cell.reduce((sum, piece) => sum + displayWidth(piece.text), 0);
}
