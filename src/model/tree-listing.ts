import {Tree, type TreeKind, treePath} from './tree.js';

const KIND_BY_TYPE: Record<number, TreeKind> = {
  0o100000: 'file',
  0o040000: 'directory',
  0o120000: 'symlink',
  0o010000: 'fifo',
  0o020000: 'character-device',
  0o060000: 'block-device',
  0o140000: 'socket',
};

interface PendingLink {
  readonly name: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  readonly length: number;
}

/**
 * Reads the helper's tree listings (docker/helper-scripts.ts treeScript) as they stream in, one tree
 * after another: the paths, NUL-terminated, closed by one more NUL; then one `%f %s %u %g %Y` line
 * per path in the same order (a walk of the same unchanged tree), closed by a NUL; then the
 * symlinks' `%N` = `'NAME' -> 'TARGET'` lines, whose target is read by its length (a symlink's %s),
 * closed by a NUL. Names and targets may hold anything but NUL.
 *
 * Only the names section is held (packed into one buffer) until its stat lines arrive: the whole
 * listing of a 200,000-path volume, ~25 MB, was collected and then parsed, twice for a clone.
 */
export class TreeListingParser {
  private readonly trees: Tree[] = [];
  private failure: Error | undefined;
  private phase: 'names' | 'stats' | 'links' = 'names';
  private carry: Buffer = Buffer.alloc(0);
  private names = new PackedNames();
  private statIndex = 0;
  private pending: PendingLink[] = [];
  private linkIndex = 0;
  private tree: Tree;

  constructor(private readonly linked?: ReadonlySet<string>) {
    this.tree = new Tree(linked);
  }

  /** Never throws (it runs inside a stream's data handler): a malformed listing fails finish(). */
  push(chunk: Buffer): void {
    if (this.failure) return;
    try {
      this.consume(chunk);
    } catch (error) {
      this.failure = error as Error;
      this.carry = Buffer.alloc(0);
    }
  }

  private consume(chunk: Buffer): void {
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const used = this.step(data, at);
      if (used < 0) break;
      at = used;
    }
    // Kept by copy: a subarray would pin the whole chunk it came from.
    this.carry = at < data.length ? Buffer.from(data.subarray(at)) : Buffer.alloc(0);
  }

  /** The trees read, exactly `count` of them; throws when the listing stopped early. */
  finish(count: number): Tree[] {
    if (this.failure) throw this.failure;
    if (this.trees.length !== count || this.phase !== 'names' || this.carry.length)
      throw new Error('the tree listing was cut short');
    return this.trees;
  }

  /** Consumes one unit (a name, a stat line, a link line or a section's end) at `at`: where the next starts, or -1 for more bytes. */
  private step(data: Buffer, at: number): number {
    if (at >= data.length) return -1;
    if (this.phase === 'names') {
      const end = data.indexOf(0, at);
      if (end < 0) return -1;
      if (end === at) this.phase = 'stats';
      else this.names.add(data.subarray(at, end));
      return end + 1;
    }
    if (this.phase === 'stats') {
      if (data[at] === 0) {
        if (this.statIndex !== this.names.count) throw new Error('the tree listing has fewer stat lines than paths');
        this.phase = 'links';
        return at + 1;
      }
      const end = data.indexOf(0x0a, at);
      if (end < 0) return -1;
      this.stat(data.toString('latin1', at, end));
      return end + 1;
    }
    if (data[at] === 0 && this.linkIndex === this.pending.length) {
      this.closeTree();
      return at + 1;
    }
    const link = this.pending[this.linkIndex];
    if (!link) throw new Error('the tree listing has more symlink lines than symlinks');
    const nameLength = this.names.length(link.name);
    const start = at + nameLength + 7; // 'NAME' -> '
    const end = start + link.length + 2; // the target, the closing quote and the newline
    if (end > data.length) return -1;
    this.linkIndex += 1;
    this.add(link.name, {
      kind: 'symlink',
      size: 0,
      mode: link.mode,
      uid: link.uid,
      gid: link.gid,
      mtime: link.mtime,
      linkTarget: data.toString('utf8', start, start + link.length),
    });
    return end;
  }

  private stat(line: string): void {
    const index = this.statIndex++;
    if (index >= this.names.count) throw new Error('the tree listing has more stat lines than paths');
    const [hexMode = '0', size = '0', uid = '0', gid = '0', mtime = '0'] = line.split(' ');
    const mode = Number.parseInt(hexMode, 16);
    const kind = KIND_BY_TYPE[mode & 0o170000] ?? 'file';
    const fields = {mode: mode & 0o7777, uid: Number(uid), gid: Number(gid), mtime: Number(mtime)};
    // A symlink waits for its target, which the third section gives.
    if (kind === 'symlink') this.pending.push({name: index, ...fields, length: Number(size)});
    else this.add(index, {kind, size: kind === 'file' ? Number(size) : 0, ...fields, linkTarget: ''});
  }

  private add(name: number, entry: Parameters<Tree['add']>[1]): void {
    this.tree.add(treePath(this.names.text(name)), entry);
  }

  private closeTree(): void {
    this.trees.push(this.tree);
    this.tree = new Tree(this.linked);
    this.names = new PackedNames();
    this.statIndex = 0;
    this.pending = [];
    this.linkIndex = 0;
    this.phase = 'names';
  }
}

/** Paths packed end to end in one growing buffer: 200,000 small Buffers or strings cost far more. */
class PackedNames {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  private ends = new Uint32Array(1024);
  private used = 0;
  count = 0;

  add(name: Buffer): void {
    if (this.used + name.length > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + name.length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    name.copy(this.bytes, this.used);
    this.used += name.length;
    this.ends[this.count++] = this.used;
  }

  length(index: number): number {
    return this.ends[index]! - this.start(index);
  }

  text(index: number): string {
    return this.bytes.toString('utf8', this.start(index), this.ends[index]);
  }

  private start(index: number): number {
    return index === 0 ? 0 : this.ends[index - 1]!;
  }
}
