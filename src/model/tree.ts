import {hash} from 'node:crypto';

/**
 * A volume's tree as a clone or a restore compares it: what the source's tar said, and what a
 * listing of the target finds after the unpack. Paths are relative to the root (`a/b`), the root
 * left out.
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

/**
 * Up to this many entries a tree keeps each one, so a difference is named by its path; beyond it
 * only a digest, so a 200,000-file volume is compared in bounded memory (a kept entry costs ~140
 * bytes of heap: 27 MB per tree at 200,000, and a compare holds two).
 */
const DETAIL_LIMIT = 50_000;

/**
 * A tree reduced to what a comparison needs: the entry count, the content bytes, an order-free
 * digest of every entry (the sum of 128 bits of each entry's SHA-256, so the tar's order and
 * find's need not agree), and — while there are at most DETAIL_LIMIT — the entries themselves.
 *
 * A hard link's tar entry carries neither the size nor the kind of what it links to, so both
 * sides leave those two out for the paths in `linked` (the tar's hard links): the entry it links
 * to is compared in full under its own path.
 */
export class Tree {
  entries = 0;
  contentBytes = 0;
  /** 128 bits of the sum, as four 32-bit lanes (BigInt arithmetic was 3x slower at 200,000 entries). */
  private readonly sum = new Uint32Array(4);
  private detail: Map<string, TreeEntry> | undefined = new Map();

  constructor(readonly linked: ReadonlySet<string> = new Set()) {}

  add(path: string, entry: TreeEntry): void {
    if (path === '') return;
    const kept = this.canonical(path, entry);
    const before = this.detail?.get(path);
    // A path named twice (a tar may) is what the second one says, as on disk. Past DETAIL_LIMIT the
    // first is no longer known and both count: such a tar is reported as differing from its copy.
    if (before) this.count(path, before, -1);
    this.count(path, kept, 1);
    if (this.detail) {
      this.detail.set(path, kept);
      if (this.detail.size > DETAIL_LIMIT) this.detail = undefined;
    }
  }

  /** Every entry, when the tree is small enough to keep them. */
  get kept(): ReadonlyMap<string, TreeEntry> | undefined {
    return this.detail;
  }

  sameDigest(other: Tree): boolean {
    return this.entries === other.entries && this.sum.every((lane, i) => lane === other.sum[i]);
  }

  private canonical(path: string, entry: TreeEntry): TreeEntry {
    // A symlink's own mode is not kept everywhere (Linux shows 777): its target is what counts.
    const mode = entry.kind === 'symlink' ? 0 : entry.mode;
    if (this.linked.has(path)) return {...entry, kind: 'file', size: -1, mode, linkTarget: ''};
    return mode === entry.mode ? entry : {...entry, mode};
  }

  private count(path: string, entry: TreeEntry, sign: 1 | -1): void {
    const digest = hash('sha256', `${path}\0${entry.kind}\0${entry.size}\0${entry.mode}\0${entry.uid}\0${entry.gid}\0${entry.mtime}\0${entry.linkTarget}`, 'buffer');
    // Lanes wrap on their own (a Uint32Array keeps the low 32 bits): a sum modulo 2^32 per lane.
    for (let lane = 0; lane < 4; lane++) this.sum[lane] = this.sum[lane]! + sign * digest.readUInt32LE(lane * 4);
    this.entries += sign;
    if (entry.size > 0) this.contentBytes += sign * entry.size;
  }
}

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
export function parseTreeSections(output: Buffer, at = 0, linked?: ReadonlySet<string>): {tree: Tree; next: number} {
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
  return {tree: parseTreeListing(names, output.subarray(end + 1, statsEnd), output.subarray(statsEnd + 1, linksEnd), linked), next: linksEnd + 1};
}

/**
 * Parses the three parts of a tree listing: every path NUL-terminated; one `%f %s %u %g %Y`
 * line per path in the same order (a walk of the same unchanged tree); and for the symlinks, in
 * that order, `%N` = `'NAME' -> 'TARGET'` lines whose target is read by its length (a symlink's
 * %s), so names and targets may hold anything but NUL. Walks the bytes entry by entry: a listing
 * of 200,000 paths is never split into arrays of strings at once.
 */
export function parseTreeListing(names: Buffer, stats: Buffer, links: Buffer, linked?: ReadonlySet<string>): Tree {
  const tree = new Tree(linked);
  let nameAt = 0;
  let statAt = 0;
  let linkAt = 0;
  while (nameAt < names.length) {
    let nameEnd = names.indexOf(0, nameAt);
    if (nameEnd < 0) nameEnd = names.length;
    const raw = names.subarray(nameAt, nameEnd);
    nameAt = nameEnd + 1;
    let statEnd = stats.indexOf(0x0a, statAt);
    if (statEnd < 0) statEnd = stats.length;
    const [hexMode = '0', size = '0', uid = '0', gid = '0', mtime = '0'] = stats.toString('latin1', statAt, statEnd).split(' ');
    statAt = statEnd + 1;
    const mode = Number.parseInt(hexMode, 16);
    const kind = KIND_BY_TYPE[mode & 0o170000] ?? 'file';
    let linkTarget = '';
    if (kind === 'symlink') {
      const length = Number(size);
      const start = linkAt + raw.length + 7; // 'NAME' -> '
      linkTarget = links.toString('utf8', start, start + length);
      linkAt = start + length + 2; // the closing quote and the newline
    }
    tree.add(treePath(raw.toString('utf8')), {kind, size: kind === 'file' ? Number(size) : 0, mode: mode & 0o7777, uid: Number(uid), gid: Number(gid), mtime: Number(mtime), linkTarget});
  }
  return tree;
}

/** What differs between two trees, in a few words per path; empty when they are equal. */
export function treeDifferences(expected: Tree, actual: Tree, limit = 5): string[] {
  const want = expected.kept;
  const have = actual.kept;
  if (!want || !have) {
    if (expected.sameDigest(actual)) return [];
    return [`${expected.entries.toLocaleString('en-US')} entries here, ${actual.entries.toLocaleString('en-US')} there, and their digests differ (trees of over ${DETAIL_LIMIT.toLocaleString('en-US')} entries are compared by digest, so the paths are not named)`];
  }
  const problems: string[] = [];
  for (const [path, wanted] of want) {
    const got = have.get(path);
    if (!got) problems.push(`${path}: missing`);
    else {
      const fields = (Object.keys(wanted) as Array<keyof TreeEntry>).filter((key) => wanted[key] !== got[key]);
      if (fields.length) problems.push(`${path}: ${fields.map((key) => `${key} ${show(key, wanted[key])} here, ${show(key, got[key])} there`).join(', ')}`);
    }
    if (problems.length >= limit) return problems;
  }
  for (const path of have.keys()) {
    if (!want.has(path)) problems.push(`${path}: not in the source`);
    if (problems.length >= limit) break;
  }
  return problems;
}

const show = (key: keyof TreeEntry, value: unknown) => (key === 'mode' ? (value as number).toString(8) : String(value));
