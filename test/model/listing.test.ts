import {describe, expect, it} from 'vitest';
import {DiskUsageParser} from '../../src/model/disk-usage.js';
import {displayBytes, encodePathArg, encodePathQuery, resolveLink} from '../../src/model/files.js';
import {modeString, sortFiles} from '../../src/model/file-list.js';
import {ListingParser} from '../../src/model/listing.js';
import {PREVIEW_LIMIT, buildPreview} from '../../src/model/preview.js';

const b = (text: string) => Buffer.from(text, 'latin1');

/** What busybox `stat -c '/%f/%s/%u/%g/%Y/%n/%N'` prints for one entry. */
function record(
  name: string,
  {mode = '81a4', size = 1, target}: {mode?: string; size?: number; target?: string} = {},
): string {
  const n = target === undefined ? `./${name}` : `'./${name}' -> '${target}'`;
  return `/${mode}/${target === undefined ? size : Buffer.byteLength(target, 'latin1')}/1000/1000/1700000000/./${name}/${n}\n`;
}

describe('listing parser', () => {
  it('reads names with newlines, tabs, escapes, quotes, arrows and bytes that are not UTF-8 exactly', () => {
    const names = [
      'plain',
      'new\nline',
      'tab\there',
      'esc\u001b]2;x\u0007',
      "q' -> 'x",
      'bad\xff\xfe',
      'trailing\n',
      '-dash',
      '\n/looks-like-a-record'.replace('/', ''),
    ];
    const parser = new ListingParser();
    const entries = [...parser.push(b(names.map((name) => record(name)).join(''))), ...parser.end()];
    expect(entries.map((e) => e.raw.toString('latin1'))).toEqual(names);
    expect(entries.find((e) => e.key === 'bad\xff\xfe')?.name).toBe('bad\\xff\\xfe');
    expect(parser.skipped).toBe(0);
  });

  it('reads symlink targets by length, even one holding a newline and a slash', () => {
    const parser = new ListingParser();
    const text = record('odd', {mode: 'a1ff', target: 'a\n/b'}) + record('next');
    const entries = [...parser.push(b(text)), ...parser.end()];
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({kind: 'link', perm: 0o777});
    expect(entries[0]!.target?.toString()).toBe('a\n/b');
    expect(entries[1]!.name).toBe('next');
  });

  it('gives the same entries whatever the chunk boundaries', () => {
    const text = b(
      ['a', 'new\nline', 'c'].map((n) => record(n, {mode: '41ed', size: 4096})).join('') +
        record('l', {mode: 'a1ff', target: 'x/y'}),
    );
    for (let size = 1; size < 20; size++) {
      const parser = new ListingParser();
      const entries = [];
      for (let i = 0; i < text.length; i += size) entries.push(...parser.push(text.subarray(i, i + size)));
      entries.push(...parser.end());
      expect(entries.map((e) => `${e.kind}:${e.raw.toString('latin1')}`)).toEqual([
        'dir:a',
        'dir:new\nline',
        'dir:c',
        'link:l',
      ]);
    }
  });

  it('takes a link whose target changed length meanwhile up to the next record', () => {
    const parser = new ListingParser();
    const text = `/a1ff/3/0/0/1700000000/./l/'./l' -> 'longer-now'\n${record('after')}`;
    const entries = [...parser.push(b(text)), ...parser.end()];
    expect(entries.map((e) => e.target?.toString() ?? e.name)).toEqual(['longer-now', 'after']);
  });

  it('skips a damaged record and carries on', () => {
    const parser = new ListingParser();
    const entries = [...parser.push(b(`garbage\n${record('ok')}`)), ...parser.end()];
    expect(entries.map((e) => e.name)).toEqual(['ok']);
  });
});

describe('disk usage parser', () => {
  it('reads every entry and the total, names with newlines and tabs included, across chunks', () => {
    const text = b('8\t./a\n12\t./new\n5\t.\n4\t./tab\there\n300\t./bad\xff\n329\t.\n');
    for (const size of [1, 3, 7, text.length]) {
      const parser = new DiskUsageParser();
      const items = [];
      for (let i = 0; i < text.length; i += size) items.push(...parser.push(text.subarray(i, i + size)));
      items.push(...parser.end());
      expect(items).toEqual([
        {key: 'a', bytes: 8 * 1024},
        {key: 'new\n5\t.', bytes: 12 * 1024},
        {key: 'tab\there', bytes: 4 * 1024},
        {key: 'bad\xff', bytes: 300 * 1024},
      ]);
      expect(parser.total).toBe(329 * 1024);
    }
  });

  it('reads an empty directory (only the total)', () => {
    const parser = new DiskUsageParser();
    expect([...parser.push(b('4\t.\n')), ...parser.end()]).toEqual([]);
    expect(parser.total).toBe(4096);
  });
});

describe('paths and names', () => {
  it('encodes a path for the helper as octal escapes outside a safe set, slashes between parts', () => {
    expect(encodePathArg([b('docs'), b('a b'), b('-x%\\\xff')])).toBe('docs/a\\040b/\\055x\\045\\134\\377');
    expect(encodePathArg([])).toBe('');
    expect(encodePathQuery(b('/volume/a b/\xff'))).toBe('/volume/a%20b/%FF');
  });

  it('resolves links lexically and refuses those that leave the volume', () => {
    const show = (path: readonly Buffer[] | undefined) => path?.map((p) => p.toString()).join('/');
    expect(show(resolveLink([b('a')], b('b/c')))).toBe('a/b/c');
    expect(show(resolveLink([b('a'), b('b')], b('../c/./d')))).toBe('a/c/d');
    expect(resolveLink([b('a')], b('../../etc'))).toBeUndefined();
    expect(resolveLink([], b('/etc/passwd'))).toBeUndefined();
  });

  it('shows invalid UTF-8 as \\x escapes and keeps valid multi-byte characters', () => {
    expect(displayBytes(Buffer.from([0x64, 0xc3, 0xa9, 0xff, 0xe2, 0x82]))).toBe('dé\\xff\\xe2\\x82');
  });

  it('writes modes as ls does, setuid and sticky included', () => {
    const entry = (kind: 'dir' | 'file', perm: number) => ({
      raw: b('x'),
      name: 'x',
      key: 'x',
      kind,
      perm,
      size: 0,
      uid: 0,
      gid: 0,
      mtimeMs: 0,
    });
    expect(modeString(entry('dir', 0o755))).toBe('drwxr-xr-x');
    expect(modeString(entry('file', 0o4755))).toBe('-rwsr-xr-x');
    expect(modeString(entry('dir', 0o1777))).toBe('drwxrwxrwt');
    expect(modeString(entry('file', 0o2644))).toBe('-rw-r-Sr--');
  });

  it('sorts directories first; by measured size all mixed, largest first', () => {
    const e = (name: string, kind: 'dir' | 'file', size: number) => ({
      raw: b(name),
      name,
      key: name,
      kind,
      perm: 0,
      size,
      uid: 0,
      gid: 0,
      mtimeMs: 0,
    });
    const entries = [e('b.txt', 'file', 50), e('z', 'dir', 4096), e('a.txt', 'file', 10), e('m', 'dir', 4096)];
    expect(sortFiles(entries, {key: 'name', descending: false}).map((x) => x.name)).toEqual([
      'm',
      'z',
      'a.txt',
      'b.txt',
    ]);
    const usage = new Map([
      ['z', 9000],
      ['m', 100],
      ['a.txt', 4096],
      ['b.txt', 4096],
    ]);
    expect(sortFiles(entries, {key: 'size', descending: true}, usage).map((x) => x.name)).toEqual([
      'z',
      'a.txt',
      'b.txt',
      'm',
    ]);
  });
});

describe('preview', () => {
  it('shows text with escape sequences escaped and tabs expanded', () => {
    const preview = buildPreview(Buffer.from('a\tb\n\u001b]2;t\u0007x\r\n'));
    expect(preview).toMatchObject({kind: 'text', truncated: false});
    expect(preview.lines(0, 10)).toEqual(['a       b', '\\e]2;t\\x07x']);
  });

  it('shows binary as hex, and says when the file was cut at 1 MiB', () => {
    expect(buildPreview(Buffer.from([0, 65])).lines(0, 5)).toEqual([
      expect.stringMatching(/^00000000 {2}00 41 +\|\.A\|$/),
    ]);
    const full = buildPreview(Buffer.alloc(16, 0xff)).lines(0, 1)[0]!;
    expect(full).toBe(`00000000  ${'ff '.repeat(8)} ${'ff '.repeat(8)} |${'.'.repeat(16)}|`);
    expect(buildPreview(Buffer.from([0, 65])).lines(0, 1)[0]!.length).toBe(full.length - 14);
    const long = buildPreview(Buffer.alloc(PREVIEW_LIMIT + 1, 0x61));
    expect(long).toMatchObject({kind: 'text', truncated: true, shownBytes: PREVIEW_LIMIT});
    // A multi-byte character cut by the limit does not make a text file binary.
    const cut = Buffer.concat([Buffer.alloc(PREVIEW_LIMIT - 1, 0x61), Buffer.from('é')]);
    expect(buildPreview(cut).kind).toBe('text');
  });
});
