import {shortName} from './anonymous.js';
import {type Cell, plainCell, type Piece} from './cells.js';
import type {Glyphs} from './glyphs.js';
import {sanitize} from './sanitize.js';
import {displayWidth, truncate} from './text.js';
import type {VolumeRow} from './types.js';

/** The name cell; a marked row's name carries the mark. */
export function markedNameCell(row: VolumeRow, width: number, glyphs: Glyphs, marked: boolean | undefined): Cell {
  if (!marked) return nameCell(row, width, glyphs);
  const mark = `${glyphs.mark} `;
  return [{text: mark, tone: 'danger'}, ...nameCell(row, Math.max(1, width - mark.length), glyphs)];
}

export function nameCell(row: VolumeRow, width: number, glyphs: Glyphs): Cell {
  if (row.incomplete) {
    // Half-done says so before anything else, in the cell every width keeps (the details say what and since when).
    const warning = `${glyphs.warning} `;
    return [
      {text: warning, tone: 'danger'},
      ...nameCell({...row, incomplete: undefined}, Math.max(1, width - displayWidth(warning)), glyphs),
    ];
  }
  if (!row.anonymous) return plainCell(sanitize(row.volume.name), width, glyphs.ellipsis);
  // Anonymous names are random hex: the short id is as useful as the full one, which `i` shows.
  return [
    {
      text: truncate(`${glyphs.anonymous} ${shortName(sanitize(row.volume.name))}`, width, glyphs.ellipsis),
      tone: 'anonymous',
    },
  ];
}

/**
 * Running containers first with a filled mark, stopped ones with a hollow mark (the mark, not only
 * the colour, tells them apart under NO_COLOR), then `+N` for those that did not fit.
 */
export function containersCell(row: VolumeRow, width: number, glyphs: Glyphs): Cell {
  const pieces: Piece[] = [];
  let used = 0;
  const all = row.containers;
  for (let i = 0; i < all.length; i++) {
    const container = all[i]!;
    const left = all.length - i - 1;
    const label = `${container.running ? glyphs.running : glyphs.stopped}${sanitize(container.name)}`;
    const separator = pieces.length ? ' ' : '';
    const moreSuffix = left > 0 ? ` +${left}` : '';
    const fits = used + displayWidth(separator + label) + displayWidth(moreSuffix) <= width;
    if (!fits) {
      const rest = `+${all.length - i}`;
      if (pieces.length === 0) {
        // Not even one whole name fits: show as much of the first as the space allows.
        const room = width - (left > 0 ? displayWidth(` +${left}`) : 0);
        pieces.push({
          text: truncate(label, Math.max(1, room), glyphs.ellipsis),
          tone: container.running ? 'running' : 'stopped',
        });
        if (left > 0) pieces.push({text: ` +${left}`, tone: 'muted'});
      } else {
        pieces.push({text: ` ${rest}`, tone: 'muted'});
      }
      return pieces;
    }
    pieces.push({text: separator + label, tone: container.running ? 'running' : 'stopped'});
    used += displayWidth(separator + label);
  }
  return pieces;
}

/** A plain cell of the given text, for the columns that are text alone. */
export function textCell(text: string, width: number, glyphs: Glyphs, tone?: Parameters<typeof plainCell>[3]): Cell {
  return plainCell(text, width, glyphs.ellipsis, tone);
}
