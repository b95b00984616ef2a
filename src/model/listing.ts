import {displayBytes, entryKey, type FileEntry, type FileKind} from './files.js';

/**
 * The helper lists a directory with `find . -mindepth 1 -maxdepth 1 -exec stat -c FORMAT {} +`,
 * FORMAT being the one below. busybox has no `find -printf` and no NUL-terminated stat output,
 * so the format is built to be parsed exactly whatever a name holds:
 * - the fields before the name are numbers, separated by `/`;
 * - `%n` is `./NAME`, and a name cannot contain `/`, so the next `/` ends it;
 * - `%N` repeats the name, plus ` -> 'TARGET'` for a symlink, and a symlink's size is the length
 *   of its target, so even a target holding newlines and slashes is read by length.
 * A file that vanishes between find and stat is simply missing from the output (stat warns on
 * stderr), which cannot shift the other records.
 */
export const STAT_FORMAT = '/%f/%s/%u/%g/%Y/%n/%N';

const SLASH = 0x2f;
const NEWLINE = 0x0a;
const FIELDS = 5;

const KIND_BY_TYPE: Record<number, FileKind> = {
  0o040000: 'dir',
  0o100000: 'file',
  0o120000: 'link',
  0o010000: 'fifo',
  0o140000: 'socket',
  0o020000: 'char',
  0o060000: 'block',
};

/** Parses the helper's listing as it streams in: feed chunks, get whole entries back. */
export class ListingParser {
  private pending: Buffer = Buffer.alloc(0);
  /** Records that could not be read (should not happen; counted so the UI can say so). */
  skipped = 0;

  push(chunk: Buffer): FileEntry[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    return this.drain(false);
  }

  end(): FileEntry[] {
    const entries = this.drain(true);
    if (this.pending.length) this.skipped += 1;
    this.pending = Buffer.alloc(0);
    return entries;
  }

  private drain(final: boolean): FileEntry[] {
    const entries: FileEntry[] = [];
    let pos = 0;
    const buf = this.pending;
    while (pos < buf.length) {
      const result = readRecord(buf, pos, final);
      if (result === 'incomplete') break;
      if (result.entry) entries.push(result.entry);
      else this.skipped += 1;
      pos = result.next;
    }
    this.pending = buf.subarray(pos);
    return entries;
  }
}

type ReadResult = 'incomplete' | {entry?: FileEntry; next: number};

function readRecord(buf: Buffer, start: number, final: boolean): ReadResult {
  if (buf[start] !== SLASH) return resync(buf, start, final);
  const numbers: number[] = [];
  let pos = start + 1;
  for (let i = 0; i < FIELDS; i++) {
    const end = buf.indexOf(SLASH, pos);
    if (end < 0) return final ? resync(buf, start, final) : 'incomplete';
    numbers.push(i === 0 ? parseInt(buf.toString('latin1', pos, end), 16) : Number(buf.toString('latin1', pos, end)));
    pos = end + 1;
  }
  if (buf.length < pos + 2) return final ? resync(buf, start, final) : 'incomplete';
  if (buf[pos] !== 0x2e || buf[pos + 1] !== SLASH) return resync(buf, start, final);
  const nameStart = pos + 2;
  const nameEnd = buf.indexOf(SLASH, nameStart);
  if (nameEnd < 0) return final ? resync(buf, start, final) : 'incomplete';
  const raw = Buffer.from(buf.subarray(nameStart, nameEnd));
  const [mode, size, uid, gid, mtime] = numbers as [number, number, number, number, number];
  const kind = KIND_BY_TYPE[mode & 0o170000] ?? 'other';
  const rest = nameEnd + 1;
  let target: Buffer | undefined;
  let next: number;
  if (kind === 'link') {
    const head = Buffer.concat([Buffer.from("'./"), raw, Buffer.from("' -> '")]);
    const targetStart = rest + head.length;
    const targetEnd = targetStart + size;
    if (buf.length < targetEnd + 2) return final ? resync(buf, start, final) : 'incomplete';
    if (!buf.subarray(rest, targetStart).equals(head)) return resync(buf, start, final);
    if (buf[targetEnd] === 0x27 && buf[targetEnd + 1] === NEWLINE) {
      target = Buffer.from(buf.subarray(targetStart, targetEnd));
      next = targetEnd + 2;
    } else {
      // The link changed between stat and readlink: its target is not `size` long. Take it up to
      // the first `'\n` that is followed by another record or the end.
      const found = findTargetEnd(buf, targetStart, final);
      if (found === 'incomplete') return found;
      if (found < 0) return resync(buf, start, final);
      target = Buffer.from(buf.subarray(targetStart, found));
      next = found + 2;
    }
  } else {
    const end = rest + 2 + raw.length;
    if (buf.length < end + 1) return final ? resync(buf, start, final) : 'incomplete';
    if (buf[end] !== NEWLINE) return resync(buf, start, final);
    next = end + 1;
  }
  const entry: FileEntry = {
    raw,
    name: displayBytes(raw),
    key: entryKey(raw),
    kind,
    perm: mode & 0o7777,
    size,
    uid,
    gid,
    mtimeMs: mtime * 1000,
    ...(target ? {target} : {}),
  };
  return {entry, next};
}

function findTargetEnd(buf: Buffer, from: number, final: boolean): number | 'incomplete' {
  let at = buf.indexOf("'\n", from, 'latin1');
  while (at >= 0) {
    if (at + 2 === buf.length) return final ? at : 'incomplete';
    if (buf[at + 2] === SLASH) return at;
    at = buf.indexOf("'\n", at + 1, 'latin1');
  }
  return final ? -1 : 'incomplete';
}

/** Skips a damaged record: records start right after a newline with `/`, which no name can hold. */
function resync(buf: Buffer, start: number, final: boolean): ReadResult {
  const at = buf.indexOf('\n/', start + 1, 'latin1');
  if (at < 0) return final ? {next: buf.length} : 'incomplete';
  return {next: at + 1};
}
