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
  const last = columns.length - 1;
  const right = columns.map((column) => column.align === 'right');
  const context = {nowMs, sizesMeasured};
  const cells = [columns.map((column) => column.header)];
  for (const row of rows) cells.push(columns.map((column) => column.plain(row, context)));
  // Each cell is measured once: the widths and the padding both come from this.
  const cellWidths = cells.map((line) => line.map(displayWidth));
  const widths = columns.map((_, i) => cellWidths.reduce((widest, line) => Math.max(widest, line[i]!), 0));
  let table = '';
  for (let r = 0; r < cells.length; r++) {
    const line = cells[r]!;
    let text = '';
    for (let i = 0; i <= last; i++) {
      const cell = line[i]!;
      // The last column is not padded on the left: no trailing spaces.
      const padded =
        i === last && !right[i] ? cell : pad(cell, widths[i]!, right[i] ? 'right' : 'left', cellWidths[r]![i]!);
      text += (i ? '  ' : '') + padded;
    }
    table += `${text.trimEnd()}\n`;
  }
  return table;
}
