import {entryPath, type ScannedEntry} from './tar-scan.js';

/**
 * Where everything is in a volscope archive, so one file can be read without the rest. The tar
 * is cut into independent gzip members (local/parallel-gzip.ts); the index records, for each
 * member, the tar offset it starts at and the file offset it is stored at, and, for each entry,
 * its metadata and the tar offset of its first header. A reader finds an entry's member by
 * binary search, inflates only that member (and the next ones while the entry lasts), and starts
 * reading the tar at the entry's offset inside it.
 *
 * Entries are arrays, not objects: at 200,000 entries the JSON is half the size and parses in
 * half the time.
 */
export const INDEX_FORMAT = 'volscope-index/1';

export type IndexEntry = ScannedEntry;

export interface ArchiveIndex {
  /** [tar offset, file offset] of each gzip member that holds entries, in order. */
  readonly members: ReadonlyArray<readonly [number, number]>;
  /** Where the entries end: the tar offset after the last one, and the file offset where the index's own members begin. */
  readonly dataEnd: readonly [number, number];
  /** In archive order (ascending start). */
  readonly entries: readonly IndexEntry[];
}

type Row = [string, string, number, number, number, number, number, string, number];

export function encodeIndex(index: ArchiveIndex): string {
  const rows: Row[] = index.entries.map((e) => [
    e.path,
    e.type,
    e.size,
    e.mode,
    e.uid,
    e.gid,
    e.mtime,
    e.link,
    e.start,
  ]);
  return JSON.stringify({format: INDEX_FORMAT, members: index.members, dataEnd: index.dataEnd, entries: rows});
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function validRow(row: unknown): row is Row {
  return (
    Array.isArray(row) &&
    row.length === 9 &&
    typeof row[0] === 'string' &&
    typeof row[1] === 'string' &&
    typeof row[7] === 'string' &&
    [row[2], row[3], row[4], row[5], row[8]].every(isCount) &&
    Number.isSafeInteger(row[6])
  );
}

/** The index from its JSON; undefined for anything that is not a whole, ordered one (then the archive is scanned). */
export function decodeIndex(text: string): ArchiveIndex | undefined {
  let parsed: {format?: unknown; members?: unknown; dataEnd?: unknown; entries?: unknown};
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed.format !== INDEX_FORMAT || !Array.isArray(parsed.members) || !Array.isArray(parsed.entries))
    return undefined;
  const pair = (value: unknown): value is [number, number] =>
    Array.isArray(value) && value.length === 2 && isCount(value[0]) && isCount(value[1]);
  if (!pair(parsed.dataEnd) || !parsed.members.every(pair) || parsed.members.length === 0) return undefined;
  const members = parsed.members as Array<[number, number]>;
  for (let i = 1; i < members.length; i++)
    if (members[i]![0] <= members[i - 1]![0] || members[i]![1] <= members[i - 1]![1]) return undefined;
  const entries: IndexEntry[] = [];
  let previous = -1;
  for (const row of parsed.entries) {
    if (!validRow(row) || row[8] <= previous || row[8] >= parsed.dataEnd[0]) return undefined;
    previous = row[8];
    const [path, type, size, mode, uid, gid, mtime, link, start] = row;
    entries.push({path, type, size, mode, uid, gid, mtime, link, start});
  }
  return {members, dataEnd: parsed.dataEnd, entries};
}

/** The member holding this tar offset. */
export function memberAt(index: ArchiveIndex, offset: number): number {
  let low = 0;
  let high = index.members.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (index.members[middle]![0] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** A member's [tar start, tar end, file start, file end]. */
export function memberSpan(index: ArchiveIndex, member: number): [number, number, number, number] {
  const [raw, at] = index.members[member]!;
  const [nextRaw, nextAt] = index.members[member + 1] ?? index.dataEnd;
  return [raw, nextRaw, at, nextAt];
}

/** The tar bytes of entry `i`: its headers, its data and padding. */
export function entrySpan(index: Pick<ArchiveIndex, 'entries' | 'dataEnd'>, i: number): [number, number] {
  return [index.entries[i]!.start, index.entries[i + 1]?.start ?? index.dataEnd[0]];
}

/** `a/b` and everything under it, for each path asked; '' (or `.`) is everything. Paths matching nothing are named. */
export function selectEntries(
  entries: readonly IndexEntry[],
  paths: readonly string[],
): {chosen: number[]; missing: string[]} {
  const wanted = paths.map(entryPath);
  const found = new Set<string>();
  const chosen: number[] = [];
  entries.forEach((entry, i) => {
    const match = wanted.find((p) => p === '' || entry.path === p || entry.path.startsWith(`${p}/`));
    if (match === undefined || entry.path === '') return;
    found.add(match);
    chosen.push(i);
  });
  return {chosen, missing: paths.filter((_, i) => !found.has(wanted[i]!))};
}
