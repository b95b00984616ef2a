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
    const digest = hash(
      'sha256',
      `${path}\0${entry.kind}\0${entry.size}\0${entry.mode}\0${entry.uid}\0${entry.gid}\0${entry.mtime}\0${entry.linkTarget}`,
      'buffer',
    );
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

/** What differs between two trees, in a few words per path; empty when they are equal. */
export function treeDifferences(expected: Tree, actual: Tree, limit = 5): string[] {
  const want = expected.kept;
  const have = actual.kept;
  if (!want || !have) {
    if (expected.sameDigest(actual)) return [];
    return [
      `${expected.entries.toLocaleString('en-US')} entries here, ${actual.entries.toLocaleString('en-US')} there, and their digests differ (trees of over ${DETAIL_LIMIT.toLocaleString('en-US')} entries are compared by digest, so the paths are not named)`,
    ];
  }
  const problems: string[] = [];
  for (const [path, wanted] of want) {
    const got = have.get(path);
    if (!got) problems.push(`${path}: missing`);
    else {
      const fields = (Object.keys(wanted) as Array<keyof TreeEntry>).filter((key) => wanted[key] !== got[key]);
      if (fields.length)
        problems.push(
          `${path}: ${fields.map((key) => `${key} ${show(key, wanted[key])} here, ${show(key, got[key])} there`).join(', ')}`,
        );
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
