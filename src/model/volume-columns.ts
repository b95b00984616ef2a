import {shortName} from './anonymous.js';
import {type Cell, plainCell, type Piece} from './cells.js';
import {formatAge, formatSize} from './format.js';
import type {Glyphs} from './glyphs.js';
import type {ColumnSpec} from './layout.js';
import {sanitize} from './sanitize.js';
import {displayWidth, truncate} from './text.js';
import type {SortKey, VolumeRow} from './types.js';

export type VolumeColumnId = 'engine' | 'name' | 'driver' | 'size' | 'containers' | 'project' | 'age';

/** Dropped first as the terminal narrows: driver (nearly always `local`), then project, then age. */
export const VOLUME_COLUMNS: readonly ColumnSpec<VolumeColumnId>[] = [
  {id: 'name', header: 'NAME', minWidth: 16, preferredWidth: 22, flex: 3, priority: 100, essential: true},
  {id: 'driver', header: 'DRIVER', minWidth: 6, preferredWidth: 8, priority: 10},
  {id: 'size', header: 'SIZE', minWidth: 8, preferredWidth: 9, priority: 90, align: 'right', essential: true},
  {id: 'containers', header: 'CONTAINERS', minWidth: 14, preferredWidth: 20, flex: 2, priority: 80, essential: true},
  {id: 'project', header: 'PROJECT', minWidth: 8, preferredWidth: 14, priority: 20},
  {id: 'age', header: 'AGE', minWidth: 4, preferredWidth: 5, priority: 30, align: 'right'},
];

/** With several engines the engine comes first: the rows are read per host, and it is kept until only the essentials fit. */
export const MANY_ENGINE_COLUMNS: readonly ColumnSpec<VolumeColumnId>[] = [
  {id: 'engine', header: 'ENGINE', minWidth: 6, preferredWidth: 12, priority: 85},
  ...VOLUME_COLUMNS,
];

/** Which sort key a column header shows the arrow on. */
export const COLUMN_SORT_KEY: Partial<Record<VolumeColumnId, SortKey>> = {
  engine: 'engine',
  name: 'name',
  size: 'size',
  containers: 'containers',
  age: 'age',
};

export interface CellContext {
  readonly glyphs: Glyphs;
  readonly nowMs: number;
  /** Marked for removal: the name carries the mark. */
  readonly marked?: boolean;
}

export function volumeCell(id: VolumeColumnId, row: VolumeRow, width: number, ctx: CellContext): Cell {
  const {glyphs} = ctx;
  switch (id) {
    case 'name': {
      if (!ctx.marked) return nameCell(row, width, glyphs);
      const mark = `${glyphs.mark} `;
      return [{text: mark, tone: 'danger'}, ...nameCell(row, Math.max(1, width - mark.length), glyphs)];
    }
    case 'engine':
      return plainCell(sanitize(row.engine), width, glyphs.ellipsis, 'accent');
    case 'driver':
      return plainCell(sanitize(row.volume.driver), width, glyphs.ellipsis);
    case 'size':
      return plainCell(
        formatSize(row.size, glyphs.ellipsis),
        width,
        glyphs.ellipsis,
        row.size === undefined ? 'muted' : undefined,
      );
    case 'containers':
      return containersCell(row, width, glyphs);
    case 'project':
      return plainCell(
        row.composeProject === null ? '' : sanitize(row.composeProject),
        width,
        glyphs.ellipsis,
        'muted',
      );
    case 'age':
      return plainCell(formatAge(row.createdMs, ctx.nowMs), width, glyphs.ellipsis, 'muted');
  }
}

function nameCell(row: VolumeRow, width: number, glyphs: Glyphs): Cell {
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
function containersCell(row: VolumeRow, width: number, glyphs: Glyphs): Cell {
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
