import {Text} from 'ink';
import {memo} from 'react';
import type {Cell} from '../model/cells.js';
import type {LaidOutColumn} from '../model/layout.js';
import {rowLine, ruleWidth} from './lines.js';
import type {Theme} from './theme.js';

/**
 * Columns as data, body windowed by the caller: only the rows on screen are passed in, so ten
 * thousand volumes cost no more to draw than twenty. Our own because ink-table cannot be imported
 * with Ink >= 4 (8 included) and has neither selection nor windowing.
 */
export interface TableProps {
  readonly columns: readonly LaidOutColumn[];
  readonly header: readonly Cell[];
  /** `stale`: a row from before its engine went away, drawn dim so nobody takes it for live. */
  readonly rows: ReadonlyArray<{readonly key: string; readonly cells: readonly Cell[]; readonly stale?: boolean}>;
  readonly selectedKey: string | undefined;
  readonly theme: Theme;
}

export function Table({columns, header, rows, selectedKey, theme}: TableProps) {
  return (
    <>
      <TableRow columns={columns} cells={header} selected={false} bold theme={theme} />
      <Text color={theme.color('muted')}>{theme.glyphs.rule.repeat(ruleWidth(columns))}</Text>
      {rows.map((row) => (
        <TableRow
          key={row.key}
          columns={columns}
          cells={row.cells}
          selected={row.key === selectedKey}
          dim={row.stale ?? false}
          theme={theme}
        />
      ))}
    </>
  );
}

interface RowProps {
  readonly columns: readonly LaidOutColumn[];
  readonly cells: readonly Cell[];
  readonly selected: boolean;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly theme: Theme;
}

/**
 * A row is one styled string in one <Text>: Ink lays out every node, and a row of nested pieces
 * cost about three times as much per keypress as a single string.
 */
const TableRow = memo(function TableRow({columns, cells, selected, bold, dim = false, theme}: RowProps) {
  return (
    <Text inverse={selected} bold={bold} dimColor={dim} wrap="truncate-end">
      {rowLine(columns, cells, theme, selected)}
    </Text>
  );
});
