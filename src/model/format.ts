import prettyBytes from 'pretty-bytes';

/** Decimal units (kB, MB, GB) like `docker system df`, so figures can be compared with it. */
export function formatSize(size: number | null | undefined, unknown: string): string {
  if (size === undefined) return unknown;
  if (size === null || size < 0) return 'n/a';
  return prettyBytes(size, {maximumFractionDigits: 1});
}

const UNITS: ReadonlyArray<[number, string]> = [
  [365 * 86_400_000, 'y'],
  [30 * 86_400_000, 'mo'],
  [7 * 86_400_000, 'w'],
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
];

/** Compact age like k9s: the largest whole unit ("3d", "5mo"); under a minute is "<1m". */
export function formatAge(createdMs: number, nowMs: number): string {
  if (Number.isNaN(createdMs)) return '?';
  const elapsed = Math.max(0, nowMs - createdMs);
  for (const [unit, suffix] of UNITS) {
    if (elapsed >= unit) return `${Math.floor(elapsed / unit)}${suffix}`;
  }
  return '<1m';
}

/** Wall-clock time of a measurement, HH:MM:SS: true without a ticking clock (no idle timer). */
export function formatClock(ms: number): string {
  const date = new Date(ms);
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
