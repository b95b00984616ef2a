import {Box, Text} from 'ink';
import React, {useMemo} from 'react';
import {type Cell, plainCell} from '../model/cells.js';
import {layoutColumns} from '../model/layout.js';
import {sanitize} from '../model/sanitize.js';
import type {SortOrder, VolumeRow} from '../model/types.js';
import {COLUMN_SORT_KEY, VOLUME_COLUMNS, volumeCell} from '../model/volume-columns.js';
import {Table} from './Table.js';
import type {Theme} from './theme.js';

export interface VolumeTableProps {
  readonly visible: readonly VolumeRow[];
  readonly totalCount: number;
  readonly top: number;
  readonly pageSize: number;
  readonly selectedName: string | undefined;
  readonly sort: SortOrder;
  readonly marks: ReadonlySet<string>;
  readonly filter: string;
  readonly unusedOnly: boolean;
  readonly loading: boolean;
  /** The engine is away: the rows are what it last said. */
  readonly stale?: boolean;
  readonly width: number;
  readonly nowMs: number;
  readonly theme: Theme;
}

export function VolumeTable(props: VolumeTableProps) {
  const {visible, top, pageSize, width, theme, sort, nowMs} = props;
  const columns = useMemo(() => layoutColumns(VOLUME_COLUMNS, width), [width]);
  const header = useMemo<Cell[]>(
    () =>
      columns.map((column) => {
        const arrow = COLUMN_SORT_KEY[column.id] === sort.key ? (sort.descending ? theme.glyphs.descending : theme.glyphs.ascending) : '';
        return plainCell(column.header + arrow, column.width, theme.glyphs.ellipsis);
      }),
    [columns, sort, theme],
  );
  const rows = useMemo(
    () =>
      visible.slice(top, top + pageSize).map((row) => ({
        key: row.volume.name,
        cells: columns.map((column) => volumeCell(column.id, row, column.width, {glyphs: theme.glyphs, nowMs, marked: props.marks.has(row.volume.name)})),
      })),
    [visible, top, pageSize, columns, theme, nowMs, props.marks],
  );
  return (
    <Box flexDirection="column" height={pageSize + 2}>
      <Table columns={columns} header={header} rows={rows} selectedKey={props.selectedName} stale={props.stale ?? false} theme={theme} />
      {visible.length === 0 ? <Text color={theme.color('muted')}>{emptyMessage(props)}</Text> : null}
    </Box>
  );
}

function emptyMessage({loading, totalCount, filter, unusedOnly, theme}: VolumeTableProps): string {
  if (loading) return `Listing volumes${theme.glyphs.ellipsis}`;
  if (totalCount === 0) return 'No volumes on this engine.';
  const why = [filter ? `match "${sanitize(filter)}"` : '', unusedOnly ? 'are unused' : ''].filter(Boolean).join(' and ');
  return `None of ${totalCount} volumes ${why}. Esc clears the filter${unusedOnly ? ', u shows used ones too' : ''}.`;
}
