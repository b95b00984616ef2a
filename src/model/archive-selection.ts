import {entrySpan, type ArchiveIndex, type IndexEntry, selectEntries} from './archive-index.js';
import {entryPath} from './tar-scan.js';

/**
 * What to read of an archive for some of its files, and how to write them out. A hard link whose
 * target was not chosen cannot be a link: the target's bytes are read and written under the
 * link's path instead (and other chosen links to it point there).
 */
export interface SelectionPlan {
  /** Tar ranges to read, ascending and merged. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  /** Paths to write, as in the archive. */
  readonly chosen: ReadonlySet<string>;
  /** A hard link's target outside the selection → the chosen path its bytes are written under. */
  readonly asFile: ReadonlyMap<string, string>;
  /** The chosen paths that are folders. */
  readonly folders: ReadonlySet<string>;
  readonly files: number;
  readonly bytes: number;
}

type Spans = Pick<ArchiveIndex, 'entries' | 'dataEnd'>;

/**
 * `withParents`: the folders above each chosen path come along (their headers only), so a file
 * restored where its folder is missing gets that folder's owner and mode, not defaults.
 */
export function planSelection(
  archive: Spans,
  paths: readonly string[],
  withParents = false,
): {plan: SelectionPlan; missing: string[]} {
  const {entries} = archive;
  const {chosen, missing} = selectEntries(entries, paths);
  const chosenPaths = new Set(chosen.map((i) => entries[i]!.path));
  // Maps made only when needed, of only what is asked of them: at 200,000 entries a map of every
  // path is ~10 MB, and a preview or a plain extract needs none.
  const lookup = (keep: (entry: IndexEntry) => boolean) => {
    let map: Map<string, number> | undefined;
    return {
      get(path: string): number | undefined {
        if (!map) {
          map = new Map();
          entries.forEach((entry, i) => {
            if (keep(entry)) map!.set(entry.path, i);
          });
        }
        return map.get(path);
      },
    };
  };
  const byPath = lookup((entry) => entry.type === '0' || entry.type === '7');
  const folderAt = lookup((entry) => entry.type === '5');
  const read = new Set(chosen);
  const asFile = new Map<string, string>();
  let files = 0;
  let bytes = 0;
  for (const i of chosen) {
    const entry = entries[i]!;
    if (entry.type === '1') {
      const target = entryPath(entry.link);
      const source = byPath.get(target);
      if (!chosenPaths.has(target) && source !== undefined && !asFile.has(target)) {
        asFile.set(target, entry.path);
        read.add(source);
        chosenPaths.delete(entry.path);
        bytes += entries[source]!.size;
      }
    }
    if (entry.type !== '5') files += 1;
    bytes += entry.size;
  }
  if (withParents)
    for (const path of [...chosenPaths, ...asFile.values()]) {
      for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
        const parent = folderAt.get(path.slice(0, slash));
        if (parent === undefined) continue;
        read.add(parent);
        chosenPaths.add(entries[parent]!.path);
      }
    }
  const folders = new Set([...read].filter((i) => entries[i]!.type === '5').map((i) => entries[i]!.path));
  const ranges = mergedSpans(
    archive,
    [...read].sort((a, b) => a - b),
  );
  return {plan: {ranges, chosen: chosenPaths, asFile, folders, files, bytes}, missing};
}

function mergedSpans(archive: Spans, order: readonly number[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const i of order) {
    const [start, end] = entrySpan(archive, i);
    const last = ranges[ranges.length - 1];
    if (last && last[1] === start) last[1] = end;
    else ranges.push([start, end]);
  }
  return ranges;
}

/**
 * The entries directly inside each folder of the archive ('' is its root), for the browser. A
 * folder the tar names only through its files (`a/b/c` without `a/b`) is listed as one. Only
 * folders' paths are remembered: a set of every path would cost ~10 MB more at 200,000 entries.
 */
export function childrenOf(entries: readonly IndexEntry[]): Map<string, IndexEntry[]> {
  const folders = new Map<string, IndexEntry[]>([['', []]]);
  const listed = new Set<string>();
  const add = (entry: IndexEntry) => {
    // A folder is listed once: a stand-in made for it first keeps its place.
    if (entry.type === '5') {
      if (listed.has(entry.path)) return;
      listed.add(entry.path);
    }
    const slash = entry.path.lastIndexOf('/');
    const parent = slash < 0 ? '' : entry.path.slice(0, slash);
    const list = folders.get(parent);
    if (list) list.push(entry);
    else folders.set(parent, [entry]);
    if (parent !== '' && !listed.has(parent))
      add({path: parent, type: '5', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: entry.mtime, link: '', start: -1});
  };
  for (const entry of entries) if (entry.path !== '') add(entry);
  return folders;
}
