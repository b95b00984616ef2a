import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {type Cell, plainCell} from '../model/cells.js';
import {layoutColumns} from '../model/layout.js';
import {sanitize} from '../model/sanitize.js';
import type {SortOrder, VolumeRow} from '../model/types.js';
import {isDown} from '../model/fleet.js';
import type {EngineData} from '../model/records.js';
import {COLUMN_SORT_KEY, tableColumns, volumeCell} from '../model/volume-columns.js';
import {Table} from './Table.js';
import type {Theme} from './theme.js';

export interface VolumeTableProps {
  readonly visible: readonly VolumeRow[];
  readonly totalCount: number;
  readonly top: number;
  readonly pageSize: number;
  readonly selectedKey: string | undefined;
  /** The session's engines: with several, an ENGINE column; rows of an engine that is away are dimmed. */
  readonly engines: readonly EngineData[];
  readonly sort: SortOrder;
  readonly marks: ReadonlySet<string>;
  readonly filter: string;
  readonly unusedOnly: boolean;
  readonly loading: boolean;
  readonly width: number;
  readonly nowMs: number;
  /** What GROWTH measures over: its header says it (`w` changes it). */
  readonly growthWindow?: string;
  readonly theme: Theme;
}

export function VolumeTable(props: VolumeTableProps) {
  const {visible, top, pageSize, width, theme, sort, nowMs, engines} = props;
  const many = engines.length > 1;
  // GROWTH once any engine has a size history (none under --no-history).
  const withHistory = engines.some((e) => e.history !== undefined);
  const columns = useMemo(() => layoutColumns(tableColumns(many, withHistory), width), [many, withHistory, width]);
  const away = useMemo(
    () => new Set(engines.filter((e) => e.snapshot?.connection === 'reconnecting').map((e) => e.name)),
    [engines],
  );
  // An engine that never answered has no rows to dim: one line says so, in the table's room.
  const unreachable = useMemo(() => engines.filter((e) => isDown(e) && !e.snapshot?.listed), [engines]);
  const bodySize = Math.max(1, pageSize - unreachable.length);
  const header = useMemo<Cell[]>(
    () =>
      columns.map((column) => {
        const arrow =
          COLUMN_SORT_KEY[column.id] === sort.key
            ? sort.descending
              ? theme.glyphs.descending
              : theme.glyphs.ascending
            : '';
        const title =
          column.id === 'growth' && props.growthWindow ? `${column.header} ${props.growthWindow}` : column.header;
        return plainCell(title + arrow, column.width, theme.glyphs.ellipsis);
      }),
    [columns, sort, theme, props.growthWindow],
  );
  const rows = useMemo(
    () =>
      visible.slice(top, top + bodySize).map((row) => ({
        key: row.key,
        stale: away.has(row.engine),
        cells: columns.map((column) =>
          volumeCell(column.id, row, column.width, {glyphs: theme.glyphs, nowMs, marked: props.marks.has(row.key)}),
        ),
      })),
    [visible, top, bodySize, columns, theme, nowMs, props.marks, away],
  );
  return (
    <Box flexDirection="column" height={pageSize + 2}>
      <Table columns={columns} header={header} rows={rows} selectedKey={props.selectedKey} theme={theme} />
      {visible.length === 0 && unreachable.length < engines.length ? (
        <Text color={theme.color('muted')}>{emptyMessage(props)}</Text>
      ) : null}
      {unreachable.map((engine) => (
        <Text
          key={engine.name}
          color={theme.color('danger')}
          wrap="truncate-end"
        >{`${theme.glyphs.disconnected} ${sanitize(engine.name)}: unreachable ${theme.glyphs.separator} ${sanitize(engine.snapshot?.error ?? '')}`}</Text>
      ))}
    </Box>
  );
}

function emptyMessage(props: VolumeTableProps): string {
  const {loading, totalCount, filter, unusedOnly, theme} = props;
  if (loading) return `Listing volumes${theme.glyphs.ellipsis}`;
  if (totalCount === 0) return props.engines.length > 1 ? 'No volumes on these engines.' : 'No volumes on this engine.';
  const why = [filter ? `match "${sanitize(filter)}"` : '', unusedOnly ? 'are unused' : '']
    .filter(Boolean)
    .join(' and ');
  return `None of ${totalCount} volumes ${why}. Esc clears the filter${unusedOnly ? ', u shows used ones too' : ''}.`;
}
