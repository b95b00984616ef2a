/**
 * Tar headers written from bytes, not strings: a name that is not UTF-8 (a volume may hold any)
 * must reach the engine as it is, and tar-stream's packer encodes names as UTF-8. Ustar when the
 * fields fit, a pax record ahead of it when they do not (long names and link targets, sizes over
 * 8 GiB, large ids): Go's archive/tar (the engine's extractor) and busybox tar read both.
 */

export type TarType = 'file' | 'directory' | 'symlink' | 'link';

export interface TarEntry {
  readonly name: Buffer;
  readonly type: TarType;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Bytes that follow the header (files only). */
  readonly size: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly linkname?: Buffer;
}

const BLOCK = 512;
const TYPE_FLAG: Record<TarType, string> = {file: '0', link: '1', symlink: '2', directory: '5'};
const MAX_OCTAL_8 = 0o7777777;
const MAX_OCTAL_12 = 0o77777777777;

/** The header block(s) of one entry: a pax extended header first when ustar cannot hold it. */
export function tarHeader(entry: TarEntry): Buffer {
  const name =
    entry.type === 'directory' && !entry.name.toString('latin1').endsWith('/') ? withSlash(entry.name) : entry.name;
  const linkname = entry.linkname ?? Buffer.alloc(0);
  const records: Buffer[] = [];
  if (name.length > 100) records.push(paxRecord('path', name));
  if (linkname.length > 100) records.push(paxRecord('linkpath', linkname));
  const size = entry.type === 'file' ? entry.size : 0;
  if (size > MAX_OCTAL_12) records.push(paxRecord('size', Buffer.from(String(size))));
  if (entry.uid > MAX_OCTAL_8) records.push(paxRecord('uid', Buffer.from(String(entry.uid))));
  if (entry.gid > MAX_OCTAL_8) records.push(paxRecord('gid', Buffer.from(String(entry.gid))));
  const main = ustar({
    name: name.length > 100 ? name.subarray(0, 100) : name,
    type: TYPE_FLAG[entry.type],
    mode: entry.mode & 0o7777,
    uid: Math.min(entry.uid, MAX_OCTAL_8),
    gid: Math.min(entry.gid, MAX_OCTAL_8),
    size: Math.min(size, MAX_OCTAL_12),
    mtime: Math.max(0, Math.min(Math.floor(entry.mtime), MAX_OCTAL_12)),
    linkname: linkname.length > 100 ? linkname.subarray(0, 100) : linkname,
  });
  if (records.length === 0) return main;
  const body = Buffer.concat(records);
  const pax = ustar({
    name: Buffer.from('PaxHeader'),
    type: 'x',
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: body.length,
    mtime: 0,
    linkname: Buffer.alloc(0),
  });
  return Buffer.concat([pax, body, padding(body.length), main]);
}

/** Zeros up to the next 512-byte boundary after `size` bytes of content. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}

/** The two zero blocks that end an archive. */
export const TAR_END = Buffer.alloc(2 * BLOCK);

function withSlash(name: Buffer): Buffer {
  return Buffer.concat([name, Buffer.from('/')]);
}

/** `LEN key=value\n`, where LEN counts its own digits too. */
function paxRecord(key: string, value: Buffer): Buffer {
  const rest = Buffer.byteLength(` ${key}=`) + value.length + 1;
  let length = rest + String(rest).length;
  if (String(length).length !== String(rest).length) length = rest + String(length).length;
  return Buffer.concat([Buffer.from(`${length} ${key}=`), value, Buffer.from('\n')]);
}

interface UstarFields {
  readonly name: Buffer;
  readonly type: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly mtime: number;
  readonly linkname: Buffer;
}

function ustar(f: UstarFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  f.name.copy(block, 0);
  octal(block, 100, 8, f.mode);
  octal(block, 108, 8, f.uid);
  octal(block, 116, 8, f.gid);
  octal(block, 124, 12, f.size);
  octal(block, 136, 12, f.mtime);
  block.write(f.type, 156, 'latin1');
  f.linkname.copy(block, 157);
  block.write('ustar\u000000', 257, 'latin1');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'latin1');
}
