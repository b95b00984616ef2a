import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {MountsState} from '../app/mounts-state.js';
import {type Cell, plainCell} from '../model/cells.js';
import {layoutColumns} from '../model/layout.js';
import {MANY_ENGINE_MOUNT_COLUMNS, MOUNT_COLUMNS, mountCell, mountSizeText} from '../model/mount-columns.js';
import type {MountRow} from '../model/mounts.js';
import {sanitize} from '../model/sanitize.js';
import {MOUNT_DETAIL_LINES} from '../model/screen-layout.js';
import {Table} from './Table.js';
import type {Theme} from './theme.js';

export interface MountsViewProps {
  readonly mounts: MountsState;
  /** Rows of the mounts table (model/screen-layout mountsPageSize). */
  readonly pageSize: number;
  readonly manyEngines: boolean;
  readonly width: number;
  readonly theme: Theme;
}

/** Bind sources and tmpfs mounts of every container; under the table, every container of the selected one. */
export function MountsView({mounts, pageSize, manyEngines, width, theme}: MountsViewProps) {
  const columns = useMemo(
    () => layoutColumns(manyEngines ? MANY_ENGINE_MOUNT_COLUMNS : MOUNT_COLUMNS, width),
    [manyEngines, width],
  );
  const header = useMemo<Cell[]>(
    () => columns.map((column) => plainCell(column.header, column.width, theme.glyphs.ellipsis)),
    [columns, theme],
  );
  const rows = useMemo(
    () =>
      mounts.rows.slice(mounts.top, mounts.top + pageSize).map((row) => ({
        key: row.key,
        cells: columns.map((column) => mountCell(column.id, row, column.width, theme.glyphs)),
      })),
    [mounts.rows, mounts.top, pageSize, columns, theme],
  );
  const selected = mounts.rows[mounts.cursor];
  const binds = mounts.rows.filter((row) => row.type === 'bind').length;
  return (
    <Box flexDirection="column" height={pageSize + 2 + MOUNT_DETAIL_LINES + 1}>
      <Box flexDirection="column" height={pageSize + 2}>
        <Table columns={columns} header={header} rows={rows} selectedKey={mounts.selectedKey} theme={theme} />
        {mounts.rows.length === 0 ? (
          <Text color={theme.color('muted')}>{'No container has a bind mount or a tmpfs.'}</Text>
        ) : null}
      </Box>
      <Text
        color={theme.color('muted')}
        wrap="truncate-end"
      >{`${theme.glyphs.rule.repeat(2)} ${binds} bind ${binds === 1 ? 'source' : 'sources'}, ${mounts.rows.length - binds} tmpfs ${theme.glyphs.separator} nothing here removes or writes anything ${theme.glyphs.rule.repeat(Math.max(0, width))}`}</Text>
      <Box flexDirection="column" height={MOUNT_DETAIL_LINES}>
        {selected ? <MountDetail row={selected} theme={theme} /> : null}
      </Box>
    </Box>
  );
}

function MountDetail({row, theme}: {row: MountRow; theme: Theme}) {
  const {glyphs} = theme;
  const size = mountSizeText(row, glyphs);
  const what =
    row.type === 'bind'
      ? `${sanitize(row.source ?? '')} ${glyphs.separator} ${row.bind.status === 'missing' ? "missing on the engine's host (never created by volscope)" : row.bind.status === 'failed' ? `could not check: ${sanitize(row.bind.error)}` : `size ${size.text}`}`
      : `tmpfs ${glyphs.separator} ${row.tmpfs ? `${row.tmpfs.sizeBytes !== undefined ? `limit ${size.text.slice(1)}` : 'no size limit'}${row.tmpfs.mode ? `, mode ${sanitize(row.tmpfs.mode)}` : ''}` : `inspecting${glyphs.ellipsis}`} (in the container's memory)`;
  const shown = row.users.slice(0, MOUNT_DETAIL_LINES - 1);
  const more = row.users.length - shown.length;
  return (
    <>
      <Text
        bold
        wrap="truncate-end"
        color={row.type === 'bind' && row.bind.status === 'missing' ? theme.color('danger') : undefined}
      >
        {what}
      </Text>
      {shown.map((user, index) => (
        <Text
          key={`${user.id}${user.destination}`}
          wrap="truncate-end"
          color={theme.color(user.running ? 'running' : 'stopped')}
        >
          {`  ${user.running ? glyphs.running : glyphs.stopped} ${sanitize(user.name)}  ${sanitize(user.state)}  ${sanitize(user.destination)} (${user.readOnly ? 'ro' : 'rw'})${user.composeProject ? `  project ${sanitize(user.composeProject)}` : ''}${index === shown.length - 1 && more > 0 ? `  ${glyphs.separator} +${more} more` : ''}`}
        </Text>
      ))}
    </>
  );
}
