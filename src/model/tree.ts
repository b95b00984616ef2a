/**
 * A volume's tree as a clone compares it: what the source's tar said, and what a listing of the
 * target finds after the unpack. Keyed by path relative to the root (`a/b`), the root left out.
 */
export type TreeKind = 'file' | 'directory' | 'symlink' | 'fifo' | 'character-device' | 'block-device' | 'socket';

export interface TreeEntry {
  readonly kind: TreeKind;
  /** Regular files only; 0 for the rest (a directory's size is the filesystem's business). */
  readonly size: number;
  /** Permission bits and set-id/sticky bits (0o7777). */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Whole seconds: the engine's archive API keeps no finer times. */
  readonly mtime: number;
  /** Symlinks only. */
  readonly linkTarget: string;
}

export type Tree = Map<string, TreeEntry>;

/** `./a/b/` → `a/b`; `.` and `./` → '' (the root). */
export function treePath(name: string): string {
  return name.replace(/^\.\//, '').replace(/^\.$/, '').replace(/\/+$/, '');
}

const KIND_BY_TYPE: Record<number, TreeKind> = {
  0o100000: 'file',
  0o040000: 'directory',
  0o120000: 'symlink',
  0o010000: 'fifo',
  0o020000: 'character-device',
  0o060000: 'block-device',
  0o140000: 'socket',
};

/**
 * Reads one tree of the helper's listing (docker/helper-scripts treeScript) from `at`: the paths,
 * NUL-terminated, closed by one more NUL; then the stat lines, closed by a NUL; then the symlinks'
 * `%N` lines, closed by a NUL. Returns the tree and where the next one starts.
 */
export function parseTreeSections(output: Buffer, at = 0): {tree: Tree; next: number} {
  let end = at;
  while (end < output.length && output[end] !== 0) {
    end = output.indexOf(0, end);
    if (end < 0) throw new Error('the tree listing was cut short');
    end += 1;
  }
  const names = output.subarray(at, end);
  const statsEnd = output.indexOf(0, end + 1);
  const linksEnd = statsEnd < 0 ? -1 : output.indexOf(0, statsEnd + 1);
  if (end >= output.length || statsEnd < 0 || linksEnd < 0) throw new Error('the tree listing was cut short');
  return {tree: parseTreeListing(names, output.subarray(end + 1, statsEnd), output.subarray(statsEnd + 1, linksEnd)), next: linksEnd + 1};
}

/**
 * Parses the three parts of a tree listing: every path NUL-terminated; one `%f %s %u %g %Y`
 * line per path in the same order (a walk of the same unchanged tree); and for the symlinks, in
 * that order, `%N` = `'NAME' -> 'TARGET'` lines whose target is read by its length (a symlink's
 * %s), so names and targets may hold anything but NUL.
 */
export function parseTreeListing(names: Buffer, stats: Buffer, links: Buffer): Tree {
  const paths = names.toString('utf8').split('\0').slice(0, -1);
  const lines = stats.toString('utf8').split('\n');
  const tree: Tree = new Map();
  let linkAt = 0;
  paths.forEach((raw, index) => {
    const [hexMode = '0', size = '0', uid = '0', gid = '0', mtime = '0'] = (lines[index] ?? '').split(' ');
    const mode = Number.parseInt(hexMode, 16);
    const kind = KIND_BY_TYPE[mode & 0o170000] ?? 'file';
    let linkTarget = '';
    if (kind === 'symlink') {
      const length = Number(size);
      const prefix = Buffer.from(`'${raw}' -> '`, 'utf8');
      const start = linkAt + prefix.length;
      linkTarget = links.subarray(start, start + length).toString('utf8');
      linkAt = start + length + 2; // the closing quote and the newline
    }
    tree.set(treePath(raw), {kind, size: kind === 'file' ? Number(size) : 0, mode: mode & 0o7777, uid: Number(uid), gid: Number(gid), mtime: Number(mtime), linkTarget});
  });
  tree.delete('');
  return tree;
}

/** What differs between two trees, in a few words per path; empty when they are equal. */
export function treeDifferences(expected: Tree, actual: Tree, limit = 5): string[] {
  const problems: string[] = [];
  for (const [path, want] of expected) {
    const got = actual.get(path);
    if (!got) problems.push(`${path}: missing`);
    else {
      // A symlink's own mode is not kept everywhere (Linux shows 777): its target is what counts.
      const fields = (Object.keys(want) as Array<keyof TreeEntry>).filter((key) => want[key] !== got[key] && !(key === 'mode' && want.kind === 'symlink'));
      if (fields.length) problems.push(`${path}: ${fields.map((key) => `${key} ${show(key, want[key])} here, ${show(key, got[key])} there`).join(', ')}`);
    }
    if (problems.length >= limit) return problems;
  }
  for (const path of actual.keys()) {
    if (!expected.has(path)) problems.push(`${path}: not in the source`);
    if (problems.length >= limit) break;
  }
  return problems;
}

const show = (key: keyof TreeEntry, value: unknown) => (key === 'mode' ? (value as number).toString(8) : String(value));
