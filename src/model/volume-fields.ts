import type {Cell} from './cells.js';
import {formatAge, formatSize} from './format.js';
import {formatGrowth, lastUsersList, NOTABLE_GROWTH_BYTES, stamp} from './growth.js';
import type {Glyphs} from './glyphs.js';
import type {ColumnSpec} from './layout.js';
import {incompleteText} from './incomplete.js';
import {sanitize} from './sanitize.js';
import type {SortKey, VolumeRow} from './types.js';
import {containersCell, markedNameCell, textCell} from './volume-cells.js';

/**
 * Every field of a volume, once: where it shows (a column of the table and of `volscope ls`, keys
 * of `ls --json`, a line of the details pane) and how it is written in each. The table, the plain
 * output, the JSON and the details derive from this list; adding a field is one entry here.
 */

/** The stable shape of `volscope ls --json`: documented in docs/cli.md, keep it backward compatible. */
export interface VolumeJson {
  /** Only with several engines (-c A -c B, --all-contexts): the engine the volume lives on. */
  engine?: string;
  name: string;
  driver: string;
  scope: string;
  mountpoint: string;
  createdAt: string;
  labels: Record<string, string>;
  anonymous: boolean;
  composeProject: string | null;
  /** true when the project comes from the containers that mount the volume (it has no label). */
  composeProjectInferred: boolean;
  size: number | null;
  refCount: number | null;
  containers: Array<{id: string; name: string; state: string; destination: string; readOnly: boolean}>;
  /** Change over the growth window (`--growth`, default 24h); null while the history cannot tell. */
  growth: {bytes: number; since: string; partial: boolean} | null;
  /** A restore, clone, rename or empty that started on it and never finished (docs/backups.md); null when none. */
  incomplete: {operation: string; source: string; since: string; marker: string} | null;
  /** Containers the history saw mounting it, newest first, also ones that no longer exist. */
  lastUsers: Array<{id: string; name: string; lastSeen: string}>;
}

export type VolumeColumnId = 'engine' | 'name' | 'driver' | 'size' | 'growth' | 'containers' | 'project' | 'age';

export interface CellContext {
  readonly glyphs: Glyphs;
  readonly nowMs: number;
  /** Marked for removal: the name carries the mark. */
  readonly marked?: boolean;
}

export interface PlainContext {
  readonly nowMs: number;
  /** `ls --no-size`: no size was asked for, so none is shown. */
  readonly sizesMeasured: boolean;
}

export interface FieldColumn extends Omit<ColumnSpec<VolumeColumnId>, 'id'> {
  readonly id: VolumeColumnId;
  /** Only when the table holds several engines. */
  readonly manyEnginesOnly?: boolean;
  /** Only when there is a size history (not under --no-history). */
  readonly historyOnly?: boolean;
  /** The sort key whose arrow its header shows. */
  readonly sortKey?: SortKey;
  /** In the TUI's table: truncated to `width`, with tones. */
  cell(row: VolumeRow, width: number, ctx: CellContext): Cell;
  /** In `volscope ls`: whole (scripts and grep need whole names), sanitized (a terminal prints it). */
  plain(row: VolumeRow, ctx: PlainContext): string;
}

export interface VolumeField {
  readonly column?: FieldColumn;
  /** Its keys in `ls --json` (docs/cli.md documents the shape: keep it backward compatible). */
  readonly json?: (row: VolumeRow, manyEngines: boolean) => Partial<VolumeJson>;
  /** Its line in the details pane. */
  readonly detail?: {
    readonly label: string;
    value(row: VolumeRow, ellipsis: string): string;
    /** Left out when this says no (a line about history without one). */
    shown?(row: VolumeRow): boolean;
  };
}

const text = (value: string) => sanitize(value);

/** In the table's order; columns are dropped as the terminal narrows by their priority. */
export const VOLUME_FIELDS: readonly VolumeField[] = [
  {
    // With several engines the engine comes first: the rows are read per host.
    column: {
      id: 'engine',
      header: 'ENGINE',
      minWidth: 6,
      preferredWidth: 12,
      priority: 85,
      manyEnginesOnly: true,
      sortKey: 'engine',
      cell: (row, width, {glyphs}) => textCell(text(row.engine), width, glyphs, 'accent'),
      plain: (row) => text(row.engine),
    },
    json: (row, many) => (many ? {engine: row.engine} : {}),
  },
  {
    column: {
      id: 'name',
      header: 'NAME',
      minWidth: 16,
      preferredWidth: 22,
      flex: 3,
      priority: 100,
      essential: true,
      sortKey: 'name',
      cell: (row, width, {glyphs, marked}) => markedNameCell(row, width, glyphs, marked),
      plain: (row) =>
        text(row.volume.name) +
        (row.anonymous ? ' (anonymous)' : '') +
        (row.incomplete ? ` (incomplete: ${text(incompleteText(row.incomplete))})` : ''),
    },
    json: (row) => ({name: row.volume.name}),
    detail: {label: 'Name', value: (row) => text(row.volume.name)},
  },
  {
    json: (row) =>
      row.incomplete
        ? {
            incomplete: {
              operation: row.incomplete.operation,
              source: row.incomplete.source,
              since: row.incomplete.since,
              marker: row.incomplete.marker,
            },
          }
        : {incomplete: null},
    detail: {
      label: 'Incomplete',
      shown: (row) => row.incomplete !== undefined,
      value: (row) =>
        row.incomplete
          ? `${text(incompleteText(row.incomplete))}, never finished: it may hold part of it (marked by the volume ${text(row.incomplete.marker)})`
          : '',
    },
  },
  {
    json: (row) => ({anonymous: row.anonymous}),
    detail: {label: 'Anonymous', value: (row) => (row.anonymous ? 'yes' : 'no')},
  },
  {
    // Nearly always `local`: the first to go as the terminal narrows.
    column: {
      id: 'driver',
      header: 'DRIVER',
      minWidth: 6,
      preferredWidth: 8,
      priority: 10,
      cell: (row, width, {glyphs}) => textCell(text(row.volume.driver), width, glyphs),
      plain: (row) => text(row.volume.driver),
    },
    json: (row) => ({driver: row.volume.driver}),
    detail: {label: 'Driver', value: (row) => text(row.volume.driver)},
  },
  {
    json: (row) => ({scope: row.volume.scope}),
    detail: {label: 'Scope', value: (row) => text(row.volume.scope)},
  },
  {
    json: (row) => ({mountpoint: row.volume.mountpoint}),
    detail: {label: 'Mountpoint', value: (row) => text(row.volume.mountpoint)},
  },
  {
    json: (row) => ({createdAt: row.volume.createdAt}),
    detail: {label: 'Created', value: (row) => text(row.volume.createdAt) || '?'},
  },
  {
    column: {
      id: 'size',
      header: 'SIZE',
      minWidth: 8,
      preferredWidth: 9,
      priority: 90,
      align: 'right',
      essential: true,
      sortKey: 'size',
      cell: (row, width, {glyphs}) =>
        textCell(formatSize(row.size, glyphs.ellipsis), width, glyphs, row.size === undefined ? 'muted' : undefined),
      plain: (row, {sizesMeasured}) => (sizesMeasured ? formatSize(row.size, '-') : '-'),
    },
    json: (row) => ({size: typeof row.size === 'number' ? row.size : null}),
    detail: {
      label: 'Size',
      value: (row, ellipsis) =>
        row.size === undefined
          ? `${ellipsis} (not measured yet)`
          : formatSize(row.size, ellipsis) +
            (typeof row.size === 'number' ? ` (${row.size.toLocaleString('en-US')} bytes)` : ''),
    },
  },
  {
    // Dropped before AGE as the terminal narrows: the size says more, and the details say it all.
    column: {
      id: 'growth',
      header: 'GROWTH',
      minWidth: 8,
      // Room for the window the TUI writes beside it: GROWTH 24h▼.
      preferredWidth: 11,
      priority: 25,
      align: 'right',
      historyOnly: true,
      sortKey: 'growth',
      cell: (row, width, {glyphs}) =>
        textCell(
          formatGrowth(row.growth, glyphs.ellipsis),
          width,
          glyphs,
          !row.growth ? 'muted' : row.growth.bytes >= NOTABLE_GROWTH_BYTES ? 'danger' : undefined,
        ),
      plain: (row) => formatGrowth(row.growth, '-'),
    },
    json: (row) => ({
      growth: row.growth
        ? {bytes: row.growth.bytes, since: new Date(row.growth.sinceMs).toISOString(), partial: row.growth.partial}
        : null,
      lastUsers: (row.history?.users ?? []).map((u) => ({
        id: u.id,
        name: u.name,
        lastSeen: new Date(u.lastSeenMs).toISOString(),
      })),
    }),
    detail: {
      label: 'Growth',
      shown: (row) => 'growth' in row,
      value: (row, ellipsis) =>
        !row.growth
          ? row.growth === null
            ? 'n/a'
            : `${ellipsis} (not enough history yet: it grows with every size scan)`
          : `${formatGrowth(row.growth, ellipsis)} since ${stamp(row.growth.sinceMs)} UTC${row.growth.partial ? ' (the history starts there)' : ''}`,
    },
  },
  {
    detail: {
      label: 'Seen',
      shown: (row) => row.history !== undefined,
      value: (row) =>
        row.history ? `first ${stamp(row.history.firstSeenMs)} UTC, last ${stamp(row.history.lastSeenMs)} UTC` : '',
    },
  },
  {
    detail: {
      label: 'Last used by',
      shown: (row) => row.containers.length === 0 && (row.history?.users.length ?? 0) > 0,
      value: (row) => lastUsersList(row.history?.users ?? [], new Set()),
    },
  },
  {
    // From /system/df when sizes were measured; otherwise the containers we saw mount it.
    json: (row) => ({refCount: typeof row.refCount === 'number' ? row.refCount : row.containers.length}),
    // RefCount counts stopped and created containers too, like the CONTAINERS column.
    detail: {
      label: 'References',
      value: (row, ellipsis) =>
        typeof row.refCount === 'number' ? String(row.refCount) : row.refCount === null ? 'n/a' : ellipsis,
    },
  },
  {
    column: {
      id: 'containers',
      header: 'CONTAINERS',
      minWidth: 14,
      preferredWidth: 20,
      flex: 2,
      priority: 80,
      essential: true,
      sortKey: 'containers',
      cell: (row, width, {glyphs}) => containersCell(row, width, glyphs),
      plain: (row) => row.containers.map((c) => `${text(c.name)} (${text(c.state)})`).join(', ') || '-',
    },
    json: (row) => ({
      containers: row.containers.map((c) => ({
        id: c.id,
        name: c.name,
        state: c.state,
        destination: c.destination,
        readOnly: c.readOnly,
      })),
    }),
  },
  {
    column: {
      id: 'project',
      header: 'PROJECT',
      minWidth: 8,
      preferredWidth: 14,
      priority: 20,
      cell: (row, width, {glyphs}) =>
        textCell(row.composeProject === null ? '' : text(row.composeProject), width, glyphs, 'muted'),
      plain: (row) => (row.composeProject === null ? '-' : text(row.composeProject)),
    },
    json: (row) => ({composeProject: row.composeProject, composeProjectInferred: row.composeInferred}),
    detail: {
      label: 'Compose project',
      value: (row) =>
        row.composeProject === null
          ? '-'
          : text(row.composeProject) +
            (row.composeInferred ? ' (inferred from its containers; the volume has no label)' : ''),
    },
  },
  {
    column: {
      id: 'age',
      header: 'AGE',
      minWidth: 4,
      preferredWidth: 5,
      priority: 30,
      align: 'right',
      sortKey: 'age',
      cell: (row, width, {glyphs, nowMs}) => textCell(formatAge(row.createdMs, nowMs), width, glyphs, 'muted'),
      plain: (row, {nowMs}) => formatAge(row.createdMs, nowMs),
    },
  },
  {json: (row) => ({labels: {...row.volume.labels}})},
];

/** The fields that are columns, in the table's order; with one engine, without ENGINE; without history, without GROWTH. */
export function volumeColumns(manyEngines: boolean, withHistory = false): readonly FieldColumn[] {
  return VOLUME_FIELDS.flatMap((field) =>
    field.column && (manyEngines || !field.column.manyEnginesOnly) && (withHistory || !field.column.historyOnly)
      ? [field.column]
      : [],
  );
}
