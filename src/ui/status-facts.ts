import type {CommandDef} from '../keymap/types.js';
import {totalSize} from '../model/cleanup.js';
import {volumeKey} from '../model/engines.js';
import type {FleetStatus} from '../model/fleet.js';
import {fastestGrower, formatGrowth} from '../model/growth.js';
import {sanitize} from '../model/sanitize.js';
import type {Summary} from '../model/summary.js';
import type {AppState} from '../app/state.js';
import type {StatusFacts} from './lines.js';
import type {Theme} from './theme.js';

/**
 * What the status line says, from the state: <Screen> memoises the parts and hands them to
 * <StatusBar>; the frame drawn before Ink (tui/first-frame.ts) computes the same from the same state.
 */
export function statusFacts(
  state: Pick<AppState, 'readOnly' | 'engines' | 'notice' | 'historyNote'>,
  parts: {
    readonly data: FleetStatus;
    readonly summary: Summary;
    readonly grower: string | undefined;
    readonly marks: StatusFacts['marks'];
  },
  frame: {
    readonly hints: readonly CommandDef[];
    readonly columns: number;
    readonly pendingClockMs: number | undefined;
    readonly theme: Theme;
  },
): StatusFacts {
  const {data, summary, grower, marks} = parts;
  return {
    summary,
    ...(marks ? {marks} : {}),
    readOnly: state.readOnly,
    address: data.address,
    connection: data.connection,
    ...(data.engines > 1 ? {fleet: {engines: data.engines, live: data.live, down: data.down}} : {}),
    error: data.error,
    usageAt: data.usageAt,
    sizing: data.sizing,
    pending: pendingText(data, frame.pendingClockMs),
    hints: frame.hints,
    width: frame.columns,
    ...(state.notice ? {notice: state.notice} : {}),
    grower,
    historyOff: state.historyNote?.startsWith('history off') ?? false,
    theme: frame.theme,
  };
}

/** The volume that grew most over the window, when notably: "db ▲ 1.2 GB in 24h". */
export function growerText(state: Pick<AppState, 'rows' | 'engines' | 'growthWindow'>): string | undefined {
  const row = fastestGrower(state.rows);
  if (!row?.growth) return undefined;
  // With several engines the volume is named on its engine, as everywhere else.
  const name = state.engines.length > 1 ? volumeKey(row.engine, row.volume.name) : row.volume.name;
  return `${sanitize(name)} ${formatGrowth(row.growth, '')} in ${state.growthWindow}`;
}

/** Marked volumes: how many and their size; undefined with none. */
export function marksTotal(state: Pick<AppState, 'marks' | 'rows'>): StatusFacts['marks'] {
  if (state.marks.size === 0) return undefined;
  return {count: state.marks.size, size: totalSize(state.rows.filter((row) => state.marks.has(row.key)))};
}

/** What waits on the engine, and for how long, once it has waited long enough to be worth a word. */
function pendingText(data: FleetStatus, clockMs: number | undefined): {listing?: number; sizing?: number} {
  if (clockMs === undefined) return {};
  const waited = (since: number | undefined) => (since === undefined ? undefined : Math.max(0, clockMs - since));
  const listing = waited(data.listingSince);
  const sizing = waited(data.sizingSince);
  return {...(listing !== undefined ? {listing} : {}), ...(sizing !== undefined ? {sizing} : {})};
}
