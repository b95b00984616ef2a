import type {SortKey, SortOrder, VolumeRow} from './types.js';

const byName = (a: VolumeRow, b: VolumeRow) =>
  a.volume.name < b.volume.name ? -1 : a.volume.name > b.volume.name ? 1 : byEngine(a, b);
/** Equal names on two engines: the engine decides, so the order stays total. */
const byEngine = (a: VolumeRow, b: VolumeRow) => (a.engine < b.engine ? -1 : a.engine > b.engine ? 1 : 0);

/** Unknown values (size not measured, n/a, no date) always sort last, whichever the direction. */
function compareKnown(a: number | null | undefined, b: number | null | undefined, descending: boolean): number {
  const aKnown = typeof a === 'number' && !Number.isNaN(a);
  const bKnown = typeof b === 'number' && !Number.isNaN(b);
  if (aKnown && bKnown) return descending ? b - a : a - b;
  return Number(bKnown) - Number(aKnown);
}

const primary: Record<SortKey, (a: VolumeRow, b: VolumeRow, descending: boolean) => number> = {
  name: (a, b, descending) => (descending ? byName(b, a) : byName(a, b)),
  size: (a, b, descending) => compareKnown(a.size, b.size, descending),
  // Age ascending = youngest first, like `ls -t`: a larger createdMs is a smaller age.
  age: (a, b, descending) => compareKnown(a.createdMs, b.createdMs, !descending),
  containers: (a, b, descending) => compareKnown(a.containers.length, b.containers.length, descending),
  engine: (a, b, descending) => (descending ? byEngine(b, a) : byEngine(a, b)),
  growth: (a, b, descending) => compareKnown(a.growth?.bytes, b.growth?.bytes, descending),
};

/** Returns a new array; ties fall back to the name so the order is total and stable across refreshes. */
export function sortRows(rows: readonly VolumeRow[], order: SortOrder): VolumeRow[] {
  const compare = primary[order.key];
  return [...rows].sort((a, b) => compare(a, b, order.descending) || byName(a, b));
}

/** Pressing a sort key again reverses it; a new key starts in its natural direction. */
export function nextSortOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return {key, descending: !current.descending};
  return {key, descending: key === 'size' || key === 'containers' || key === 'growth'};
}
