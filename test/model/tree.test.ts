import {describe, expect, it} from 'vitest';
import {Tree, type TreeEntry, treeDifferences} from '../../src/model/tree.js';
import {TreeListingParser} from '../../src/model/tree-listing.js';

const file = (size: number, mtime = 1_700_000_000): TreeEntry => ({
  kind: 'file',
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtime,
  linkTarget: '',
});

function treeOf(
  count: number,
  change?: (path: string, entry: TreeEntry) => TreeEntry,
  order: 'forward' | 'backward' = 'forward',
): Tree {
  const tree = new Tree();
  for (let i = 0; i < count; i++) {
    const n = order === 'forward' ? i : count - 1 - i;
    const path = `d${n % 100}/f${n}`;
    const entry = file(n % 977);
    tree.add(path, change ? change(path, entry) : entry);
  }
  return tree;
}

describe('trees as a clone and a restore compare them', () => {
  it('names what differs by path while a tree is small', () => {
    const changed = treeOf(1000, (path, entry) => (path === 'd7/f7' ? {...entry, mtime: 5} : entry));
    expect(treeDifferences(treeOf(1000), treeOf(1000, undefined, 'backward'))).toEqual([]);
    expect(treeDifferences(treeOf(1000), changed)).toEqual(['d7/f7: mtime 1700000000 here, 5 there']);
    expect(treeDifferences(treeOf(1000), treeOf(999))).toEqual(['d99/f999: missing']);
  });

  it('keeps only a digest past 50,000 entries, in any order, and still finds one changed field or one missing entry', () => {
    const big = treeOf(200_000);
    expect(big.kept).toBeUndefined();
    expect(big.entries).toBe(200_000);
    expect(treeDifferences(big, treeOf(200_000, undefined, 'backward'))).toEqual([]);
    const oneOff = treeOf(200_000, (path, entry) => (path === 'd3/f123403' ? {...entry, uid: 1000} : entry));
    expect(treeDifferences(big, oneOff)).toEqual([
      '200,000 entries here, 200,000 there, and their digests differ (trees of over 50,000 entries are compared by digest, so the paths are not named)',
    ]);
    expect(treeDifferences(big, treeOf(199_999))[0]).toMatch(/^200,000 entries here, 199,999 there/);
  });

  it('a path named twice counts as its last entry, as on disk', () => {
    const twice = new Tree();
    twice.add('a', file(1));
    twice.add('a', file(2));
    const once = new Tree();
    once.add('a', file(2));
    expect(treeDifferences(twice, once)).toEqual([]);
    expect(twice.entries).toBe(1);
    expect(twice.contentBytes).toBe(2);
  });

  it("leaves out a hard link's size and kind on both sides, and a symlink's own mode", () => {
    const linked = new Set(['hard']);
    const fromTar = new Tree(linked);
    fromTar.add('big', file(700));
    fromTar.add('hard', {...file(-1), kind: 'file'});
    fromTar.add('link', {kind: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, mtime: 1, linkTarget: 'big'});
    const listed = new Tree(linked);
    listed.add('big', file(700));
    listed.add('hard', file(700));
    listed.add('link', {kind: 'symlink', size: 0, mode: 0o755, uid: 0, gid: 0, mtime: 1, linkTarget: 'big'});
    expect(treeDifferences(fromTar, listed)).toEqual([]);
    listed.add('big', file(699));
    expect(treeDifferences(fromTar, listed)).toEqual(['big: size 700 here, 699 there']);
  });

  const names = Buffer.concat([Buffer.from('.\0./a\nb\0./l\0./'), Buffer.from([0xff, 0xfe]), Buffer.from('\0./m\0\0')]);
  const stats = Buffer.from(
    `${['41ed 4096 0 0 10', '81a4 3 1000 1000 11', 'a1ff 6 0 0 12', '81a4 0 0 0 13', 'a1ff 1 0 0 14'].join('\n')}\n\0`,
  );
  const links = Buffer.from("'./l' -> 'x -> y'\n'./m' -> '\n'\n\0");
  const listing = Buffer.concat([names, stats, links]);

  function parse(chunks: Buffer[], count = 1): Tree[] {
    const parser = new TreeListingParser();
    for (const chunk of chunks) parser.push(chunk);
    return parser.finish(count);
  }

  it('parses the helper listing: names with newlines, invalid UTF-8 and symlink targets read by length', () => {
    const [tree] = parse([listing]);
    expect(tree!.entries).toBe(4);
    expect(tree!.kept!.get('a\nb')).toEqual({
      kind: 'file',
      size: 3,
      mode: 0o644,
      uid: 1000,
      gid: 1000,
      mtime: 11,
      linkTarget: '',
    });
    expect(tree!.kept!.get('l')).toMatchObject({kind: 'symlink', linkTarget: 'x -> y', mtime: 12});
    expect(tree!.kept!.get('m')).toMatchObject({kind: 'symlink', linkTarget: '\n', mtime: 14});
    expect(tree!.kept!.get(Buffer.from([0xff, 0xfe]).toString('utf8'))).toMatchObject({
      kind: 'file',
      size: 0,
      mtime: 13,
    });
  });

  it('reads the same trees whatever the chunks the stream brings, two listings back to back', () => {
    const whole = parse([listing])[0]!;
    for (let cut = 1; cut < listing.length; cut++) {
      const [tree] = parse([listing.subarray(0, cut), listing.subarray(cut)]);
      expect(treeDifferences(whole, tree!), `cut at ${cut}`).toEqual([]);
      expect(tree!.sameDigest(whole)).toBe(true);
    }
    const bytes = [...Buffer.concat([listing, listing])].map((byte) => Buffer.from([byte]));
    const [first, second] = parse(bytes, 2);
    expect(first!.sameDigest(whole) && second!.sameDigest(whole)).toBe(true);
    expect(parse([Buffer.from('\0\0\0')])[0]!.entries).toBe(0);
  });

  it('refuses a listing cut short or out of step, without throwing inside the stream', () => {
    for (const cut of [0, 5, names.length, names.length + stats.length, listing.length - 1]) {
      expect(() => parse([listing.subarray(0, cut)]), `cut at ${cut}`).toThrow(/cut short/);
    }
    expect(() => parse([listing], 2)).toThrow(/cut short/);
    const extraStat = Buffer.concat([names, Buffer.from('81a4 0 0 0 1\n'), stats, links]);
    const parser = new TreeListingParser();
    expect(() => parser.push(extraStat)).not.toThrow();
    expect(() => parser.finish(1)).toThrow(/more stat lines/);
  });
});
