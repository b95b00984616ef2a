import {isUnused} from './join.js';
import type {VolumeRow} from './types.js';

/**
 * Whitespace-separated terms, all of which must occur (case-insensitive) in the volume name, a
 * label `key=value`, an attached container's name or — with several engines — the engine's name.
 * Plain substrings: users type fragments of names, and a regex syntax would turn `.` in a name
 * into a surprise.
 */
export function filterRows(
  rows: readonly VolumeRow[],
  query: string,
  unusedOnly: boolean,
  matchEngine = false,
): readonly VolumeRow[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0 && !unusedOnly) return rows;
  const matches = (row: VolumeRow, term: string) =>
    searchTextOf(row).includes(term) || (matchEngine && row.engine.toLowerCase().includes(term));
  return rows.filter((row) => (!unusedOnly || isUnused(row)) && terms.every((term) => matches(row, term)));
}

const searchTexts = new WeakMap<VolumeRow, string>();

/**
 * The lower-cased text the filter matches a row against, made on the first filter that asks: made
 * for every row in the join, it was 12 ms of a cold join of 11,000 volumes before the first frame.
 */
function searchTextOf(row: VolumeRow): string {
  let text = searchTexts.get(row);
  if (text === undefined) {
    const parts = [row.volume.name];
    for (const [key, value] of Object.entries(row.volume.labels)) parts.push(value ? `${key}=${value}` : key);
    for (const container of row.containers) parts.push(container.name);
    text = parts.join('\n').toLowerCase();
    searchTexts.set(row, text);
  }
  return text;
}
