import {createHash} from 'node:crypto';
import {gzipSync} from 'node:zlib';
import tar from 'tar-stream';
import {gzipMembers} from '../../src/local/parallel-gzip.js';
import {encodeManifest, manifestFor, paxGlobalHeader} from '../../src/model/backup-manifest.js';
import {volume} from './fixtures.js';

/**
 * A generated corpus of archives for verify and restore: damaged variants of a real volscope
 * backup (cut, bit-flipped, re-packed wrong) and hand-made hostile ones. Deterministic: the same
 * seed gives the same variants, so a failure names one that can be made again.
 */
export interface Variant {
  /** The class it belongs to, for the report. */
  readonly kind: string;
  readonly name: string;
  readonly bytes: Buffer;
  /** The backup's own .sha256 goes beside it (damaged copies of a real backup); hostile ones have none. */
  readonly sidecar: boolean;
}

export interface Entry {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'block-device';
  readonly content?: Buffer;
  readonly linkname?: string;
  readonly pax?: Record<string, string>;
}

export async function tarOf(entries: readonly Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => pack.on('end', resolve));
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        {
          name: entry.name,
          type,
          mode: type === 'directory' ? 0o755 : 0o644,
          mtime: new Date(1_700_000_000_000),
          ...(entry.linkname !== undefined ? {linkname: entry.linkname} : {}),
          ...(entry.pax ? {pax: entry.pax} : {}),
          ...(type === 'file' ? {size: entry.content?.length ?? 0} : {}),
        },
        type === 'file' ? (entry.content ?? Buffer.alloc(0)) : undefined,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function patterned(bytes: number, salt: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = salt;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  return out;
}

/** The volume's tree: a few big incompressible files (several gzip members), small ones, a link inside, a hard link, an empty dir. */
export function backupEntries(): Entry[] {
  return [
    {name: './', type: 'directory'},
    {name: './data/', type: 'directory'},
    {name: './data/a.bin', content: patterned(5_000_000, 1)},
    {name: './data/b.bin', content: patterned(4_500_000, 2)},
    ...Array.from(
      {length: 40},
      (_, i): Entry => ({name: `./small/f${i}.txt`, content: Buffer.from(`file ${i}\n`.repeat(i + 1))}),
    ),
    {name: './empty/', type: 'directory'},
    {name: './current', type: 'symlink', linkname: 'data/a.bin'},
    {name: './data/a-again.bin', type: 'link', linkname: './data/a.bin'},
  ];
}

/** A backup as `volscope backup` writes it: manifest header, tar, parallel gzip members; and where each member starts. */
export async function realBackup(
  entries: readonly Entry[] = backupEntries(),
): Promise<{bytes: Buffer; members: number[]; tar: Buffer; sha256: string}> {
  const tarBytes = Buffer.concat([
    paxGlobalHeader(
      {comment: encodeManifest(manifestFor(volume('corpus', {labels: {tier: 'db'}}), new Date(1_700_000_000_000)))},
      1_700_000_000,
    ),
    await tarOf(entries),
  ]);
  async function* source() {
    for (let i = 0; i < tarBytes.length; i += 65536) yield tarBytes.subarray(i, i + 65536);
  }
  const members: Buffer[] = [];
  for await (const member of gzipMembers(source(), {level: 1, parallel: 2})) members.push(Buffer.concat(member.parts));
  const starts: number[] = [];
  let at = 0;
  for (const member of members) {
    starts.push(at);
    at += member.length;
  }
  const bytes = Buffer.concat(members);
  return {bytes, members: starts, tar: tarBytes, sha256: createHash('sha256').update(bytes).digest('hex')};
}

const flip = (bytes: Buffer, at: number, bit: number) => {
  const copy = Buffer.from(bytes);
  copy[at]! ^= 1 << bit;
  return copy;
};

/** The header blocks of a tar (offsets), read the way the scanner does. */
function headerOffsets(tarBytes: Buffer): number[] {
  const offsets: number[] = [];
  let at = 0;
  while (at + 512 <= tarBytes.length) {
    const block = tarBytes.subarray(at, at + 512);
    if (block.every((b) => b === 0)) break;
    offsets.push(at);
    const size = Number.parseInt(block.subarray(124, 136).toString('ascii').replace(/\0.*$/, '').trim() || '0', 8);
    const type = String.fromCharCode(block[156]!);
    const data = ['1', '2', '3', '4', '5', '6'].includes(type) ? 0 : size;
    at += 512 + Math.ceil(data / 512) * 512;
  }
  return offsets;
}

/** At least 500 damaged copies of one real backup, each with its .sha256. */
export async function damagedVariants(seed = 20261201): Promise<Variant[]> {
  const backup = await realBackup();
  const rnd = random(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const variants: Variant[] = [];
  const add = (kind: string, name: string, bytes: Buffer) => variants.push({kind, name, bytes, sidecar: true});
  // Cut at every gzip member boundary (what a full disk or a killed copy leaves), and one byte either side.
  for (const start of backup.members.slice(1)) {
    for (const delta of [-1, 0, 1])
      add('cut at a gzip member boundary', `cut at ${start + delta}`, backup.bytes.subarray(0, start + delta));
  }
  for (let i = 0; i < 150; i++) {
    const at = 1 + pick(backup.bytes.length - 2);
    add('cut at a random offset', `cut at ${at}`, backup.bytes.subarray(0, at));
  }
  // Bit flips in the gzip headers (the first 10 bytes of each member, and its extra field).
  for (const start of backup.members) {
    for (let i = 0; i < 8; i++)
      add('bit flip in a gzip header', `flip at ${start}+${i}`, flip(backup.bytes, start + pick(18), pick(8)));
  }
  for (let i = 0; i < 150; i++) {
    const at = pick(backup.bytes.length);
    add('bit flip in deflate data', `flip at ${at}`, flip(backup.bytes, at, pick(8)));
  }
  // Damage in the tar itself, compressed again as a valid gzip: only the checksum file or the tar's own checks can tell.
  const headers = headerOffsets(backup.tar);
  for (let i = 0; i < 60; i++) {
    const at = headers[pick(headers.length)]! + pick(512);
    add('bit flip in a tar header', `tar flip at ${at}`, gzipSync(flip(backup.tar, at, pick(8))));
  }
  for (let i = 0; i < 60; i++) {
    // Inside file data: past a header, within the big files.
    const at = headers[2]! + 512 + pick(4_000_000);
    add('bit flip in file data', `data flip at ${at}`, gzipSync(flip(backup.tar, at, pick(8))));
  }
  for (let i = 0; i < 20; i++) {
    const at = headers[pick(headers.length)]!;
    const copy = Buffer.from(backup.tar);
    copy.write('0000000\0', at + 148, 'ascii');
    add('wrong tar checksum', `checksum zeroed at ${at}`, gzipSync(copy));
  }
  for (let i = 0; i < 20; i++) {
    // A member (or a tar entry) twice, or two swapped: a valid-looking archive that is not the backup.
    const m = 1 + pick(backup.members.length - 1);
    const start = backup.members[m]!;
    const end = backup.members[m + 1] ?? backup.bytes.length;
    if (i % 2 === 0)
      add(
        'duplicated member',
        `member ${m} twice`,
        Buffer.concat([backup.bytes.subarray(0, end), backup.bytes.subarray(start)]),
      );
    else {
      const prev = backup.members[m - 1]!;
      add(
        'reordered members',
        `members ${m - 1} and ${m} swapped`,
        Buffer.concat([
          backup.bytes.subarray(0, prev),
          backup.bytes.subarray(start, end),
          backup.bytes.subarray(prev, start),
          backup.bytes.subarray(end),
        ]),
      );
    }
  }
  for (let i = 0; i < 20; i++) {
    const entries = backupEntries();
    const a = 3 + pick(entries.length - 3);
    const b = 3 + pick(entries.length - 3);
    [entries[a], entries[b]] = [entries[b]!, entries[a]!];
    entries.splice(a, 0, entries[a]!);
    add('duplicated or reordered tar entries', `entries ${a}/${b}`, (await realBackup(entries)).bytes);
  }
  return variants;
}

/** Hand-made hostile archives: each must be refused by verify and never written outside by a restore. */
export async function hostileVariants(): Promise<Variant[]> {
  const ok = {name: './ok.txt', content: Buffer.from('fine\n')};
  const make = async (name: string, entries: Entry[]) => ({
    kind: 'hostile entry',
    name,
    bytes: gzipSync(await tarOf([{name: './', type: 'directory'}, ok, ...entries])),
    sidecar: false,
  });
  const deep = Array.from({length: 300}, (_, i) => `d${i}`).join('/');
  return [
    await make('../ name', [{name: '../escaped.txt', content: Buffer.from('x')}]),
    await make('./a/../../ name', [{name: './a/../../escaped.txt', content: Buffer.from('x')}]),
    await make('absolute name', [{name: '/tmp/volscope-escaped.txt', content: Buffer.from('x')}]),
    await make('file through a symlink out of the volume', [
      {name: './out', type: 'symlink', linkname: '/tmp'},
      {name: './out/volscope-escaped.txt', content: Buffer.from('x')},
    ]),
    await make('file through a relative symlink climbing out', [
      {name: './up', type: 'symlink', linkname: '../../../../tmp'},
      {name: './up/volscope-escaped.txt', content: Buffer.from('x')},
    ]),
    await make('directory through a symlink', [
      {name: './out', type: 'symlink', linkname: '/tmp'},
      {name: './out/volscope-dir/', type: 'directory'},
    ]),
    await make('hard link to an outside path', [{name: './hard', type: 'link', linkname: '/etc/passwd'}]),
    await make('hard link climbing out', [{name: './hard', type: 'link', linkname: '../../etc/passwd'}]),
    await make('hard link through a symlink', [
      {name: './out', type: 'symlink', linkname: '/etc'},
      {name: './hard', type: 'link', linkname: './out/passwd'},
    ]),
    await make('pax path override', [
      {name: './innocent.txt', content: Buffer.from('x'), pax: {path: '../escaped-by-pax.txt'}},
    ]),
    await make('pax linkpath override', [
      {name: './innocent-link', type: 'link', linkname: './ok.txt', pax: {linkpath: '/etc/shadow'}},
    ]),
    await make('GNU long name out', [
      {name: `./${'a/'.repeat(60)}${'../'.repeat(70)}escaped.txt`, content: Buffer.from('x')},
    ]),
    await make('character device', [{name: './tty', type: 'character-device'}]),
    await make('block device', [{name: './sda', type: 'block-device'}]),
    await make('10,000-character name', [{name: `./${'n'.repeat(10_000)}`, content: Buffer.from('x')}]),
    // Legitimate but extreme: verify reads it, and the report shows the depth was no trouble.
    {
      ...(await make('300-level-deep directories', [{name: `./${deep}/f.txt`, content: Buffer.from('deep')}])),
      kind: 'extreme but valid',
    },
  ];
}

/**
 * About a megabyte per GiB of zeros after a valid tar header: deflate's limit is ~1:1030, so a
 * single gzip layer cannot do better ("a few KB" needs nesting, which no tar reader unpacks).
 */
export async function gzipBomb(gib: number): Promise<Buffer> {
  // One file of `gib` GiB of zeros: a header that announces it, the zeros, the end-of-archive blocks.
  const header = Buffer.from((await tarOf([{name: './huge.bin', content: Buffer.alloc(0)}])).subarray(0, 512));
  header.write(`${(gib * 2 ** 30).toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write('        ', 148, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const member = gzipSync(Buffer.alloc(64 << 20), {level: 9});
  return Buffer.concat([
    gzipSync(header),
    ...Array.from({length: gib * 16}, () => member),
    gzipSync(Buffer.alloc(1024)),
  ]);
}
