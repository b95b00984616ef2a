import {formatSize} from './format.js';
import {sanitize} from './sanitize.js';

/**
 * What the size history means: growth over a window, the sparkline, the last users of a volume.
 * Pure; the store (local/history) only keeps the points.
 */

export const GROWTH_WINDOWS = ['1h', '24h', '7d', '30d'] as const;
export type GrowthWindow = (typeof GROWTH_WINDOWS)[number];

const UNIT_MS: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** `90m`, `24h`, `7d`, `2w` → milliseconds; undefined for anything else. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(m|h|d|w)$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms > 0 ? ms : undefined;
}

export function windowMs(window: GrowthWindow): number {
  return parseDuration(window)!;
}

export function nextWindow(window: GrowthWindow): GrowthWindow {
  return GROWTH_WINDOWS[(GROWTH_WINDOWS.indexOf(window) + 1) % GROWTH_WINDOWS.length]!;
}

/** What the store knew of a volume's size at the start of the window. */
export interface Baseline {
  /** null: the driver cannot tell (n/a). */
  readonly bytes: number | null;
  /** When that size was measured. */
  readonly atMs: number;
  /**
   * The history begins inside the window: this is the oldest measurement there is, so the
   * growth covers less than the window.
   */
  readonly partial: boolean;
}

export interface Growth {
  readonly bytes: number;
  /** Since when (ms): the baseline's time. */
  readonly sinceMs: number;
  readonly partial: boolean;
}

/**
 * A volume's growth: undefined while there is not enough history (… in the table), null when it
 * cannot be told (n/a sizes).
 */
export function growthOf(size: number | null | undefined, baseline: Baseline | undefined): Growth | null | undefined {
  if (size === undefined || baseline === undefined) return undefined;
  if (size === null || baseline.bytes === null) return null;
  return {bytes: size - baseline.bytes, sinceMs: baseline.atMs, partial: baseline.partial};
}

/** `▲ 52.4 MB`, `▼ 3 MB`, `0 B`; the ellipsis while unknown. */
export function formatGrowth(growth: Growth | null | undefined, ellipsis: string): string {
  if (growth === undefined) return ellipsis;
  if (growth === null) return 'n/a';
  if (growth.bytes === 0) return '0 B';
  return `${growth.bytes > 0 ? '▲' : '▼'} ${formatSize(Math.abs(growth.bytes), ellipsis)}`;
}

/**
 * The status line names the fastest grower when it grew at least this much: below it, growth is
 * the normal churn of logs and caches (a tenth of a gigabyte over a window is worth a look on
 * any host whose disk fills).
 */
export const NOTABLE_GROWTH_BYTES = 100_000_000;

export interface SizePoint {
  readonly atMs: number;
  readonly bytes: number | null;
}

const BARS = '▁▂▃▄▅▆▇█';

/**
 * The size over [fromMs, toMs] in `width` cells: each cell the last size known at its end (a
 * step function: the store keeps a point only when the size changed). Cells before the first
 * point are blank.
 */
export function sparkline(points: readonly SizePoint[], fromMs: number, toMs: number, width: number): string {
  if (width <= 0 || toMs <= fromMs) return '';
  const sorted = [...points].sort((a, b) => a.atMs - b.atMs);
  const values: Array<number | undefined> = [];
  let next = 0;
  let current: number | undefined;
  for (let cell = 0; cell < width; cell++) {
    const end = fromMs + ((cell + 1) * (toMs - fromMs)) / width;
    while (next < sorted.length && sorted[next]!.atMs <= end) current = sorted[next++]!.bytes ?? undefined;
    values.push(current);
  }
  const known = values.filter((v): v is number => v !== undefined);
  if (!known.length) return ' '.repeat(width);
  const low = Math.min(...known);
  const high = Math.max(...known);
  return values
    .map((v) => {
      if (v === undefined) return ' ';
      if (high === low) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.floor(((v - low) / (high - low)) * BARS.length))];
    })
    .join('');
}

/** A container the store saw mounting a volume. */
export interface LastUser {
  readonly id: string;
  readonly name: string;
  readonly lastSeenMs: number;
}

/** `2026-12-03 14:02` in UTC: the same on every host a fleet's notes are read from. */
export function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * "last used by web-1 (gone since 2026-12-03 14:02 UTC)", newest first, sanitized (container
 * names are untrusted). A container still mounting it (in `present`) is said to use it now.
 */
export function lastUsedText(users: readonly LastUser[], present: ReadonlySet<string>, limit = 3): string {
  return users.length ? `last used by ${lastUsersList(users, present, limit)}` : '';
}

/** The same list without its lead-in, for the details' "Last used by" line. */
export function lastUsersList(users: readonly LastUser[], present: ReadonlySet<string>, limit = 3): string {
  const newest = [...users].sort((a, b) => b.lastSeenMs - a.lastSeenMs);
  const shown = newest
    .slice(0, limit)
    .map((u) => `${sanitize(u.name)} (${present.has(u.id) ? 'uses it now' : `gone since ${stamp(u.lastSeenMs)} UTC`})`);
  const more = newest.length > limit ? ` and ${newest.length - limit} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** What the history knows of one volume: growth's baseline, first and last seen, who mounted it. */
export interface VolumeFacts {
  /** The engine's creation time: a volume re-created under the same name is another volume. */
  readonly created: string;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly baseline?: Baseline;
  /** Newest first. */
  readonly users: readonly LastUser[];
}

/** One engine's history as the table uses it: facts by volume name, for one growth window. */
export interface HistoryView {
  readonly window: GrowthWindow;
  readonly facts: ReadonlyMap<string, VolumeFacts>;
}

/** The sizes of one volume over a window, as the details' sparkline draws them. */
export interface DetailSeries {
  /** The row's key (engine and name). */
  readonly key: string;
  readonly window: GrowthWindow;
  readonly fromMs: number;
  readonly toMs: number;
  readonly points: readonly SizePoint[];
}

/** The volume that grew most, when it grew at least NOTABLE_GROWTH_BYTES: the status line names it. */
export function fastestGrower<T extends {readonly growth?: Growth | null}>(rows: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const row of rows) {
    const bytes = row.growth?.bytes;
    if (bytes !== undefined && bytes >= NOTABLE_GROWTH_BYTES && bytes > (best?.growth?.bytes ?? 0)) best = row;
  }
  return best;
}
