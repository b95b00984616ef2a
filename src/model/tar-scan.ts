/**
 * A tar reader that only looks: header by header, it checks the structure, counts entries and
 * content bytes, flags names a restore must never write, and reads the leading pax global
 * header (where a volscope backup keeps its manifest). It never buffers content, so the same
 * bytes can be forwarded to the engine as they are checked. Sizes follow Go's archive/tar — the
 * engine's extractor — so both agree on where each header is.
 */

const BLOCK = 512;
/** Types whose size field does not announce data (Go: isHeaderOnlyType). */
const HEADER_ONLY = new Set(['1', '2', '3', '4', '5', '6']);

/** One entry as the archive index keeps it: what it is and where its first header starts in the tar. */
export interface ScannedEntry {
  /** As an extractor writes it (`./a//b/` → `a/b`); '' for the root. */
  readonly path: string;
  /** The tar typeflag: '0' file, '1' hard link, '2' symlink, '5' directory, '6' fifo… */
  readonly type: string;
  readonly size: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since 1970. */
  readonly mtime: number;
  readonly link: string;
  /** Byte offset in the tar of the entry's first header (its pax or long-name header, if any). */
  readonly start: number;
}

export interface TarScanResult {
  readonly entries: number;
  readonly contentBytes: number;
  /** Records of the first pax global header, if the archive starts with one. */
  readonly globalRecords: Readonly<Record<string, string>> | undefined;
  readonly problems: readonly string[];
}

/** `./a//b/` → `a/b`: the path an extractor writes, for comparing entries with each other. */
export function entryPath(name: string): string {
  return name
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

/** An entry a restore must never write: absolute, or climbing out with `..`. */
export function unsafeEntryName(name: string): boolean {
  return name.startsWith('/') || name.split('/').some((part) => part === '..');
}

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function numeric(block: Buffer, start: number, length: number): number {
  const field = block.subarray(start, start + length);
  if (field[0]! & 0x80) {
    // GNU base-256 for values octal cannot hold (files over 8 GiB).
    let value = field[0]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + field[i]!;
    return value;
  }
  const text = field
    .toString('ascii')
    .replace(/[\0 ]+$/, '')
    .trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/** The size field of a header block: what follows it before the next header (before padding). */
export function headerSize(block: Buffer): number {
  return numeric(block, 124, 12);
}

function checksumOk(block: Buffer): boolean {
  const stored = numeric(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum === stored;
}

export function parsePaxRecords(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number.parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!(length > 0) || at + length > data.length) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    at += length;
  }
  return records;
}

export class TarScanner {
  private entries = 0;
  private contentBytes = 0;
  private globalRecords: Record<string, string> | undefined;
  private readonly problems: string[] = [];
  private offset = 0;
  /** A header (or metadata) split across chunks. */
  private partial = Buffer.alloc(0);
  /** Data bytes (content and padding) still to skip. */
  private skip = 0;
  /** Metadata (pax or GNU long name) being gathered, and its padded size. */
  private meta: {type: string; size: number; padded: number} | undefined;
  private next: {path?: string; linkpath?: string; size?: number; mtime?: number; uid?: number; gid?: number} = {};
  /** Where the entry being read began: its first pax or long-name header. */
  private entryStart: number | undefined;
  private zeroBlocks = 0;
  /** Offset of the first of the two zero blocks that end the archive, once read. */
  private endMarker: number | undefined;
  private ended = false;
  private headersSeen = 0;
  /**
   * Symlinks the archive made so far. An entry below one would be written wherever the link
   * points — the engine's extractor follows it (`./out -> /tmp`, then `./out/x`): out of the
   * volume, into the helper's own filesystem. Such an archive is refused, whatever the link's target.
   */
  private readonly links = new Set<string>();

  /** `onEntry` hears every entry as its header is read (the archive index is made from these). */
  constructor(private readonly onEntry?: (entry: ScannedEntry) => void) {}

  /** Where the end-of-archive marker starts, once the scanner has read it. */
  get endOffset(): number | undefined {
    return this.endMarker;
  }

  /** Bytes read so far. */
  get position(): number {
    return this.offset;
  }

  /** True once the first real entry was read: a leading pax global header, if any, is known. */
  get pastHead(): boolean {
    return this.entries > 0;
  }

  /** The first pax global header's records so far. */
  get leadingRecords(): Readonly<Record<string, string>> | undefined {
    return this.globalRecords;
  }

  /** Takes the next bytes of tar; false once the archive has a problem (forward nothing more). */
  write(chunk: Buffer): boolean {
    let at = 0;
    while (at < chunk.length && !this.ended && this.problems.length === 0) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        this.offset += n;
        at += n;
        continue;
      }
      const need = (this.meta ? this.meta.padded : BLOCK) - this.partial.length;
      const take = Math.min(need, chunk.length - at);
      const piece = chunk.subarray(at, at + take);
      at += take;
      if (take < need) {
        this.partial = Buffer.concat([this.partial, piece]);
        continue;
      }
      const whole = this.partial.length ? Buffer.concat([this.partial, piece]) : piece;
      this.partial = Buffer.alloc(0);
      if (this.meta) this.finishMeta(whole);
      else this.header(whole);
      this.offset += whole.length;
    }
    return this.problems.length === 0;
  }

  private header(block: Buffer): void {
    if (block.every((byte) => byte === 0)) {
      this.zeroBlocks += 1;
      // Two zero blocks end the archive; what follows is padding to the record size.
      if (this.zeroBlocks >= 2) {
        this.ended = true;
        this.endMarker = this.offset - BLOCK;
      }
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(block)) {
      this.problems.push(
        this.headersSeen === 0
          ? 'not a tar archive (the first header is not valid)'
          : `the archive is damaged: bad tar header at byte ${this.offset}`,
      );
      return;
    }
    this.headersSeen += 1;
    const type = String.fromCharCode(block[156]!);
    const size = this.next.size ?? numeric(block, 124, 12);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (type !== 'g') this.entryStart ??= this.offset;
      this.meta = {type, size, padded: Math.ceil(size / BLOCK) * BLOCK};
      if (size === 0) this.finishMeta(Buffer.alloc(0));
      return;
    }
    const magic = block.subarray(257, 263).toString('latin1');
    // POSIX ustar splits long names into prefix/name; old GNU headers use those bytes for times.
    const prefix = magic === 'ustar\0' ? cString(block, 345, 155) : '';
    const name = this.next.path ?? (prefix ? `${prefix}/${cString(block, 0, 100)}` : cString(block, 0, 100));
    const linkname = this.next.linkpath ?? cString(block, 157, 100);
    this.onEntry?.({
      path: entryPath(name),
      type: type === '\0' ? '0' : type,
      size: HEADER_ONLY.has(type) ? 0 : size,
      mode: numeric(block, 100, 8) & 0o7777,
      uid: this.next.uid ?? numeric(block, 108, 8),
      gid: this.next.gid ?? numeric(block, 116, 8),
      mtime: this.next.mtime ?? numeric(block, 136, 12),
      link: linkname,
      start: this.entryStart ?? this.offset,
    });
    this.entryStart = undefined;
    this.next = {};
    this.entries += 1;
    if (unsafeEntryName(name))
      this.problems.push(`entry ${JSON.stringify(name)} would be written outside the volume (absolute path or ..)`);
    else if (type === '1' && unsafeEntryName(linkname))
      this.problems.push(`hard link ${JSON.stringify(name)} points outside the volume (${JSON.stringify(linkname)})`);
    else if (type === '3' || type === '4')
      this.problems.push(
        `entry ${JSON.stringify(name)} is a device node: volscope does not restore device nodes (a container mounting the volume could reach the host's device)`,
      );
    else if (name.split('/').some((part) => Buffer.byteLength(part) > 255))
      this.problems.push(
        `entry ${JSON.stringify(name.slice(0, 80))}… has a name part longer than 255 bytes, which no Linux filesystem holds`,
      );
    else this.checkLinks(type, entryPath(name), linkname);
    const data = HEADER_ONLY.has(type) ? 0 : size;
    if (type === '0' || type === '\0' || type === '7') this.contentBytes += size;
    this.skip = Math.ceil(data / BLOCK) * BLOCK;
  }

  private checkLinks(type: string, path: string, linkname: string): void {
    const target = type === '1' ? entryPath(linkname) : '';
    const through = this.linkAbove(path) ?? (type === '1' ? this.linkAbove(target) : undefined);
    if (through !== undefined) {
      this.problems.push(
        `entry ${JSON.stringify(path)} would be written through the link ${JSON.stringify(through)} the archive made (it could lead outside the volume)`,
      );
      return;
    }
    // A hard link to a link is a link too; the same name again as something else replaces the link.
    if (type === '2' || (type === '1' && this.links.has(target))) this.links.add(path);
    else this.links.delete(path);
  }

  /** The link among this path's parents. */
  private linkAbove(path: string): string | undefined {
    if (this.links.size === 0) return undefined;
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (this.links.has(parent)) return parent;
    }
    return undefined;
  }

  private finishMeta(padded: Buffer): void {
    const {type, size} = this.meta!;
    this.meta = undefined;
    const data = padded.subarray(0, size);
    if (type === 'x') {
      const records = parsePaxRecords(data);
      if (records.path !== undefined) this.next.path = records.path;
      if (records.linkpath !== undefined) this.next.linkpath = records.linkpath;
      if (records.size !== undefined) this.next.size = Number(records.size);
      if (records.mtime !== undefined) this.next.mtime = Math.floor(Number(records.mtime));
      if (records.uid !== undefined) this.next.uid = Number(records.uid);
      if (records.gid !== undefined) this.next.gid = Number(records.gid);
    } else if (type === 'g') {
      if (this.headersSeen === 1) this.globalRecords = parsePaxRecords(data);
    } else {
      const text = cString(data, 0, data.length);
      if (type === 'L') this.next.path = text;
      else this.next.linkpath = text;
    }
  }

  /** At the end of the bytes: whether the archive was whole. */
  finish(): TarScanResult {
    const problems = [...this.problems];
    if (problems.length === 0) {
      if (this.entries === 0 && this.headersSeen === 0)
        problems.push('the archive holds no entries: not a tar archive, or empty');
      else if (!this.ended)
        problems.push('the archive is damaged or cut short: it ends before the end-of-archive marker');
    }
    return {entries: this.entries, contentBytes: this.contentBytes, globalRecords: this.globalRecords, problems};
  }
}
