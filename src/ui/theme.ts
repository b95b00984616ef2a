import type {ForegroundColorName} from 'chalk';
import type {Tone} from '../model/cells.js';
import {ASCII_GLYPHS, type Glyphs, UNICODE_GLYPHS} from '../model/glyphs.js';

export interface Theme {
  readonly glyphs: Glyphs;
  readonly ascii: boolean;
  /** Foreground colour of a tone, or undefined under NO_COLOR. */
  color(tone: Tone | undefined): ForegroundColorName | undefined;
}

const COLORS: Record<Tone, ForegroundColorName | undefined> = {
  default: undefined,
  muted: 'gray',
  running: 'green',
  stopped: 'yellow',
  anonymous: 'cyan',
  accent: 'blue',
  danger: 'red',
};

export function createTheme({ascii, color}: {ascii: boolean; color: boolean}): Theme {
  return {
    glyphs: ascii ? ASCII_GLYPHS : UNICODE_GLYPHS,
    ascii,
    color: (tone) => (color && tone ? COLORS[tone] : undefined),
  };
}
