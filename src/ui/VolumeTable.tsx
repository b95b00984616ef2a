import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {Table} from './Table.js';
import {
  awayEngines,
  bodyRows,
  columnsOf,
  emptyMessage,
  headerCells,
  showsEmptyMessage,
  unreachableEngines,
  unreachableText,
  type VolumeTableProps,
} from './volume-table-lines.js';

export type {VolumeTableProps} from './volume-table-lines.js';

/** The volume table: its parts come from volume-table-lines.ts, which the frame before Ink writes too. */
export function VolumeTable(props: VolumeTableProps) {
  const {width, theme, sort, engines} = props;
  const columns = useMemo(() => columnsOf(engines, width), [engines, width]);
  const away = useMemo(() => awayEngines(engines), [engines]);
  const unreachable = useMemo(() => unreachableEngines(engines), [engines]);
  const bodySize = Math.max(1, props.pageSize - unreachable.length);
  const header = useMemo(
    () => headerCells(columns, sort, theme, props.growthWindow),
    [columns, sort, theme, props.growthWindow],
  );
  const {visible, top, nowMs, marks} = props;
  const rows = useMemo(
    () => bodyRows({visible, top, theme, nowMs, marks}, bodySize, columns, away),
    [visible, top, bodySize, columns, theme, nowMs, marks, away],
  );
  return (
    <Box flexDirection="column" height={props.pageSize + 2}>
      <Table columns={columns} header={header} rows={rows} selectedKey={props.selectedKey} theme={theme} />
      {showsEmptyMessage(props, unreachable) ? <Text color={theme.color('muted')}>{emptyMessage(props)}</Text> : null}
      {unreachable.map((engine) => (
        <Text key={engine.name} color={theme.color('danger')} wrap="truncate-end">
          {unreachableText(engine, theme)}
        </Text>
      ))}
    </Box>
  );
}
