import type {FileEntry} from './files.js';

export type FileSortKey = 'name' | 'size' | 'age';

export interface FileSortOrder {
  readonly key: FileSortKey;
  readonly descending: boolean;
}

/** Disk usage per entry key, once measured (bytes). */
export type UsageByKey = ReadonlyMap<string, number>;

const byName = (a: FileEntry, b: FileEntry) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** The size a row sorts and shows by: its measured disk usage when known, else its own size. */
export function sizeOf(entry: FileEntry, usage: UsageByKey | undefined): number {
  return usage?.get(entry.key) ?? (entry.kind === 'dir' ? -1 : entry.size);
}

/**
 * Directories first, then the chosen order; ties by name so the order is total. When the disk
 * usage is known, the size order ranks directories by it too, as ncdu does, all mixed together.
 */
export function sortFiles(entries: readonly FileEntry[], order: FileSortOrder, usage?: UsageByKey): FileEntry[] {
  const sign = order.descending ? -1 : 1;
  const mixed = order.key === 'size' && usage !== undefined;
  const compare = (a: FileEntry, b: FileEntry): number => {
    if (!mixed) {
      const dirs = Number(b.kind === 'dir') - Number(a.kind === 'dir');
      if (dirs) return dirs;
    }
    switch (order.key) {
      case 'name':
        return sign * byName(a, b);
      case 'size':
        return sign * (sizeOf(a, usage) - sizeOf(b, usage)) || byName(a, b);
      case 'age':
        // Like the volume table: ascending age is the most recently modified first.
        return sign * (b.mtimeMs - a.mtimeMs) || byName(a, b);
    }
  };
  return [...entries].sort(compare);
}

/** Whitespace-separated terms that must all occur in the name, case-insensitive: as the volume filter. */
export function filterFiles(entries: readonly FileEntry[], query: string): readonly FileEntry[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return entries;
  return entries.filter((entry) => {
    const name = entry.name.toLowerCase();
    return terms.every((term) => name.includes(term));
  });
}

export function nextFileSort(current: FileSortOrder, key: FileSortKey): FileSortOrder {
  if (current.key === key) return {key, descending: !current.descending};
  return {key, descending: key === 'size'};
}

const TYPE_CHAR: Record<FileEntry['kind'], string> = {
  dir: 'd',
  file: '-',
  link: 'l',
  fifo: 'p',
  socket: 's',
  char: 'c',
  block: 'b',
  other: '?',
};

/** `drwxr-xr-x`, with setuid/setgid/sticky as ls shows them. */
export function modeString(entry: FileEntry): string {
  const p = entry.perm;
  const triplet = (shift: number, special: number, specialChar: string) => {
    const r = p & (4 << shift) ? 'r' : '-';
    const w = p & (2 << shift) ? 'w' : '-';
    const x = p & (1 << shift);
    const s = p & special;
    const last = s ? (x ? specialChar : specialChar.toUpperCase()) : x ? 'x' : '-';
    return r + w + last;
  };
  return TYPE_CHAR[entry.kind] + triplet(6, 0o4000, 's') + triplet(3, 0o2000, 's') + triplet(0, 0o1000, 't');
}
