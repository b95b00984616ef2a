import {displayWidth, pad} from './text.js';
import type {VolumeRow} from './types.js';
import {volumeColumns} from './volume-fields.js';

/**
 * `volscope ls`: the table's columns (model/volume-fields.ts) with every value in full (scripts and
 * `grep` need whole names), padded like `docker volume ls`, aligned as the TUI aligns them.
 */
export function plainTable(
  rows: readonly VolumeRow[],
  nowMs: number,
  sizesMeasured: boolean,
  withEngine = false,
  withGrowth = false,
): string {
  const columns = volumeColumns(withEngine, withGrowth);
  const header = columns.map((column) => column.header);
  const body = rows.map((row) => columns.map((column) => column.plain(row, {nowMs, sizesMeasured})));
  const widths = header.map((title, i) =>
    Math.max(displayWidth(title), ...body.map((cells) => displayWidth(cells[i] ?? ''))),
  );
  const right = columns.map((column) => column.align === 'right');
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === cells.length - 1 && !right[i] ? cell : pad(cell, widths[i] ?? 0, right[i] ? 'right' : 'left'),
      )
      .join('  ')
      .trimEnd();
  return `${[line(header), ...body.map(line)].join('\n')}\n`;
}
