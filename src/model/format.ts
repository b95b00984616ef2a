const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/**
 * Decimal units (kB, MB, GB) like `docker system df`, so figures can be compared with it: what
 * pretty-bytes writes with one fraction digit (test/model/format-size.test.ts compares them), without
 * its Intl.NumberFormat per call — the first one cost 25 ms of the first frame, and every size cell
 * of every frame paid for another.
 */
export function formatSize(size: number | null | undefined, unknown: string): string {
  if (size === undefined) return unknown;
  if (size === null || size < 0) return 'n/a';
  let exponent = size >= 1 ? Math.min(Math.floor(Math.log10(size) / 3), BYTE_UNITS.length - 1) : 0;
  let scaled = size / 1000 ** exponent;
  // Just below a unit boundary, log10 rounds up to the boundary itself.
  if (scaled < 1 && exponent > 0) {
    scaled *= 1000;
    exponent -= 1;
  }
  return `${roundToTenth(scaled)} ${BYTE_UNITS[exponent]}`;
}

/**
 * At most one fraction digit, cut (not rounded: 9,999 B is 9.9 kB) from the shortest decimal form
 * of the number, as Intl.NumberFormat cuts it; no trailing zero.
 */
function roundToTenth(value: number): string {
  const [whole, fraction = ''] = String(value).split('.');
  const tenth = fraction[0];
  return tenth && tenth !== '0' ? `${whole}.${tenth}` : whole!;
}

const UNIT_MS = [365 * 86_400_000, 30 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000];
const UNIT_SUFFIX = ['y', 'mo', 'w', 'd', 'h', 'm'];

/**
 * Compact age like k9s: the largest whole unit ("3d", "5mo"); under a minute is "<1m". An indexed
 * loop: `ls` writes a thousand of these once, before V8 has compiled anything, and an array
 * destructured per unit cost ~2 ms of that.
 */
export function formatAge(createdMs: number, nowMs: number): string {
  if (Number.isNaN(createdMs)) return '?';
  const elapsed = Math.max(0, nowMs - createdMs);
  for (let i = 0; i < UNIT_MS.length; i++) {
    const unit = UNIT_MS[i]!;
    if (elapsed >= unit) return `${Math.floor(elapsed / unit)}${UNIT_SUFFIX[i]}`;
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

const SIZE_FACTORS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `500MB`, `1.5G`, `2GiB`, `1000` → bytes (decimal units as formatSize writes them); undefined otherwise. */
export function parseByteSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const factor = match ? SIZE_FACTORS[match[2]!.toLowerCase()] : undefined;
  return match && factor !== undefined ? Math.round(Number(match[1]) * factor) : undefined;
}
