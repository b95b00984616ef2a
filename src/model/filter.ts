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
    row.searchText.includes(term) || (matchEngine && row.engine.toLowerCase().includes(term));
  return rows.filter((row) => (!unusedOnly || isUnused(row)) && terms.every((term) => matches(row, term)));
}
