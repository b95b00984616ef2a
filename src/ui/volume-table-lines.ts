import chalk from 'chalk';
import {type Cell, plainCell} from '../model/cells.js';
import {isDown} from '../model/fleet.js';
import {type LaidOutColumn, layoutColumns} from '../model/layout.js';
import type {EngineData} from '../model/records.js';
import {sanitize} from '../model/sanitize.js';
import {truncate} from '../model/text.js';
import type {SortOrder, VolumeRow} from '../model/types.js';
import {COLUMN_SORT_KEY, tableColumns, type VolumeColumnId, volumeCell} from '../model/volume-columns.js';
import {paint, rowLine, ruleWidth} from './lines.js';
import type {Theme} from './theme.js';

/**
 * The volume table's parts as data and as plain styled lines: <VolumeTable> draws the parts with
 * Ink, and the frame drawn before Ink has loaded (tui/first-frame.ts) writes the lines — the same
 * functions, so Ink's first frame lands on the same characters.
 */
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

export interface BodyRow {
  readonly key: string;
  readonly cells: readonly Cell[];
  /** A row from before its engine went away, drawn dim so nobody takes it for live. */
  readonly stale: boolean;
}

type Column = LaidOutColumn<VolumeColumnId>;

export function columnsOf(engines: readonly EngineData[], width: number): Column[] {
  // GROWTH once any engine has a size history (none under --no-history).
  const withHistory = engines.some((e) => e.history !== undefined);
  return layoutColumns(tableColumns(engines.length > 1, withHistory), width);
}

/** Engines whose rows are from before they went away. */
export function awayEngines(engines: readonly EngineData[]): ReadonlySet<string> {
  return new Set(engines.filter((e) => e.snapshot?.connection === 'reconnecting').map((e) => e.name));
}

/** Engines that never answered: one line each says so, in the table's room. */
export function unreachableEngines(engines: readonly EngineData[]): EngineData[] {
  return engines.filter((e) => isDown(e) && !e.snapshot?.listed);
}

export function headerCells(
  columns: readonly Column[],
  sort: SortOrder,
  theme: Theme,
  growthWindow: string | undefined,
): Cell[] {
  return columns.map((column) => {
    const arrow =
      COLUMN_SORT_KEY[column.id] === sort.key
        ? sort.descending
          ? theme.glyphs.descending
          : theme.glyphs.ascending
        : '';
    const title = column.id === 'growth' && growthWindow ? `${column.header} ${growthWindow}` : column.header;
    return plainCell(title + arrow, column.width, theme.glyphs.ellipsis);
  });
}

export function bodyRows(
  props: Pick<VolumeTableProps, 'visible' | 'top' | 'theme' | 'nowMs' | 'marks'>,
  bodySize: number,
  columns: readonly Column[],
  away: ReadonlySet<string>,
): BodyRow[] {
  const {visible, top, theme, nowMs, marks} = props;
  return visible.slice(top, top + bodySize).map((row) => ({
    key: row.key,
    stale: away.has(row.engine),
    cells: columns.map((column) =>
      volumeCell(column.id, row, column.width, {glyphs: theme.glyphs, nowMs, marked: marks.has(row.key)}),
    ),
  }));
}

export function emptyMessage(props: VolumeTableProps): string {
  const {loading, totalCount, filter, unusedOnly, theme} = props;
  if (loading) return `Listing volumes${theme.glyphs.ellipsis}`;
  if (totalCount === 0) return props.engines.length > 1 ? 'No volumes on these engines.' : 'No volumes on this engine.';
  const why = [filter ? `match "${sanitize(filter)}"` : '', unusedOnly ? 'are unused' : '']
    .filter(Boolean)
    .join(' and ');
  return `None of ${totalCount} volumes ${why}. Esc clears the filter${unusedOnly ? ', u shows used ones too' : ''}.`;
}

export function unreachableText(engine: EngineData, theme: Theme): string {
  const {glyphs} = theme;
  return `${glyphs.disconnected} ${sanitize(engine.name)}: unreachable ${glyphs.separator} ${sanitize(engine.snapshot?.error ?? '')}`;
}

/** Whether the table says why it is empty (it has no rows, and not every engine is unreachable). */
export function showsEmptyMessage(props: VolumeTableProps, unreachable: readonly EngineData[]): boolean {
  return props.visible.length === 0 && unreachable.length < props.engines.length;
}

/** The table as <VolumeTable> draws it, line by line, each styled and cut to the width. */
export function volumeTableLines(props: VolumeTableProps): string[] {
  const {theme, width} = props;
  const columns = columnsOf(props.engines, width);
  const unreachable = unreachableEngines(props.engines);
  const body = bodyRows(props, Math.max(1, props.pageSize - unreachable.length), columns, awayEngines(props.engines));
  // Ink's wrap="truncate-end": the rows fit their columns, a long message is cut with the theme's mark.
  const cut = (line: string) => truncate(line, width, theme.glyphs.ellipsis);
  const lines = [
    cut(chalk.bold(rowLine(columns, headerCells(columns, props.sort, theme, props.growthWindow), theme, false))),
    cut(paint(theme.glyphs.rule.repeat(ruleWidth(columns)), theme.color('muted'))),
    ...body.map((row) => {
      const line = rowLine(columns, row.cells, theme, row.key === props.selectedKey);
      return cut(row.key === props.selectedKey ? chalk.inverse(line) : row.stale ? chalk.dim(line) : line);
    }),
  ];
  if (showsEmptyMessage(props, unreachable)) lines.push(cut(paint(emptyMessage(props), theme.color('muted'))));
  for (const engine of unreachable) lines.push(cut(paint(unreachableText(engine, theme), theme.color('danger'))));
  // The table's box is always pageSize + 2 lines high.
  while (lines.length < props.pageSize + 2) lines.push('');
  return lines.slice(0, props.pageSize + 2);
}
