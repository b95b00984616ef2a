import type {Cell} from './cells.js';
import type {ColumnSpec} from './layout.js';
import type {SortKey, VolumeRow} from './types.js';
import {type CellContext, type FieldColumn, type VolumeColumnId, volumeColumns} from './volume-fields.js';

export type {CellContext, VolumeColumnId} from './volume-fields.js';

/** The table's columns (model/volume-fields.ts), dropped as the terminal narrows by priority: driver, then project, then age. */
export const VOLUME_COLUMNS: readonly ColumnSpec<VolumeColumnId>[] = volumeColumns(false);

/** With several engines the ENGINE column comes first, kept until only the essentials fit. */
export const MANY_ENGINE_COLUMNS: readonly ColumnSpec<VolumeColumnId>[] = volumeColumns(true);

const WITH_HISTORY = [volumeColumns(false, true), volumeColumns(true, true)] as const;

/** The table's columns for one engine or several, with GROWTH when there is a size history. */
export function tableColumns(manyEngines: boolean, withHistory: boolean): readonly ColumnSpec<VolumeColumnId>[] {
  if (withHistory) return WITH_HISTORY[manyEngines ? 1 : 0];
  return manyEngines ? MANY_ENGINE_COLUMNS : VOLUME_COLUMNS;
}

const BY_ID = new Map<VolumeColumnId, FieldColumn>(volumeColumns(true, true).map((column) => [column.id, column]));

/** Which sort key a column header shows the arrow on. */
export const COLUMN_SORT_KEY: Partial<Record<VolumeColumnId, SortKey>> = Object.fromEntries(
  volumeColumns(true, true).flatMap((column) => (column.sortKey ? [[column.id, column.sortKey]] : [])),
);

export function volumeCell(id: VolumeColumnId, row: VolumeRow, width: number, ctx: CellContext): Cell {
  return BY_ID.get(id)!.cell(row, width, ctx);
}
