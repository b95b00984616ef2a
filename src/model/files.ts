/**
 * Files inside a volume. Names are kept as the raw bytes the file system holds: a name may be
 * invalid UTF-8 or hold control characters, and a path built from a decoded name would point at
 * a different file (or none).
 */
export type FileKind = 'dir' | 'file' | 'link' | 'fifo' | 'socket' | 'char' | 'block' | 'other';

export interface FileEntry {
  /** The name's bytes exactly as in the directory. */
  readonly raw: Buffer;
  /** For display, filtering and sorting: UTF-8 with invalid bytes shown as \xNN. Never a path. */
  readonly name: string;
  /** Unique per entry (one char per byte): React keys and selection. */
  readonly key: string;
  readonly kind: FileKind;
  /** Permission and special bits (mode & 0o7777). */
  readonly perm: number;
  readonly size: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtimeMs: number;
  /** Symlinks only: where the link points, raw bytes; shown, never followed out of the volume. */
  readonly target?: Buffer;
}

/** A path inside the volume: one Buffer per directory level; [] is the volume's root. */
export type VolumePath = readonly Buffer[];

const STRICT = new TextDecoder('utf-8', {fatal: true});

/** Decodes UTF-8; bytes that are not valid UTF-8 come out as `\xNN` so the user sees them. */
export function displayBytes(bytes: Uint8Array): string {
  try {
    return STRICT.decode(bytes);
  } catch {
    return decodeLossless(bytes);
  }
}

function decodeLossless(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      out += `\\x${bytes[i]!.toString(16).padStart(2, '0')}`;
      i += 1;
    } else {
      out += STRICT.decode(bytes.subarray(i, i + length));
      i += length;
    }
  }
  return out;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const need = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (need <= 1) return need;
  if (i + need > bytes.length) return 0;
  try {
    STRICT.decode(bytes.subarray(i, i + need));
    return need;
  } catch {
    return 0;
  }
}

export function entryKey(raw: Buffer): string {
  return raw.toString('latin1');
}

/** A path of the browser as an archive's index names it (`conf/app.yml`): its parts as UTF-8. */
export function archiveName(path: VolumePath): string {
  return path.map((part) => part.toString('utf8')).join('/');
}

/** A marked entry of the browser, by its path from the root ('/'-joined, byte for byte). */
export function markKey(path: VolumePath, entry: FileEntry): string {
  return [...path.map((part) => part.toString('latin1')), entry.key].join('/');
}

export function pathKey(path: VolumePath): string {
  return path.map(entryKey).join('/');
}

/** `/a/b` for the breadcrumb (display form, not a path to use). */
export function displayPath(path: VolumePath): string {
  return `/${path.map(displayBytes).join('/')}`;
}

export function childPath(path: VolumePath, name: Buffer): VolumePath {
  return [...path, name];
}

const SLASH = 0x2f;

/**
 * Where a symlink leads, as a path inside the volume, or undefined when it leaves the volume.
 * Absolute targets are resolved against the volume root only in the sense of "we cannot know":
 * the container that wrote them mounted the volume somewhere we do not know, so they count as out.
 */
export function resolveLink(dir: VolumePath, target: Buffer): VolumePath | undefined {
  if (target.length === 0 || target[0] === SLASH) return undefined;
  const parts: Buffer[] = [...dir];
  let start = 0;
  for (let i = 0; i <= target.length; i++) {
    if (i < target.length && target[i] !== SLASH) continue;
    const part = target.subarray(start, i);
    start = i + 1;
    const text = part.toString('latin1');
    if (text === '' || text === '.') continue;
    if (text === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(Buffer.from(part));
    }
  }
  return parts;
}

const SAFE_BYTE = /[A-Za-z0-9._/]/;

/**
 * A path for the helper's argv. The exec API takes JSON, which cannot carry bytes that are not
 * UTF-8, so every byte outside a small safe set goes as a `\NNN` octal escape that the helper's
 * fixed script turns back into bytes with printf. Nothing of it is ever parsed as shell code.
 */
export function encodePathArg(path: VolumePath): string {
  let out = '';
  path.forEach((part, index) => {
    if (index > 0) out += '/';
    for (const byte of part) {
      const char = String.fromCharCode(byte);
      out += SAFE_BYTE.test(char) && char !== '/' ? char : `\\${byte.toString(8).padStart(3, '0')}`;
    }
  });
  return out;
}

/** The same path for the engine's archive API query string: every byte percent-encoded as needed. */
export function encodePathQuery(absolute: Buffer): string {
  let out = '';
  for (const byte of absolute) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9._~/-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function joinBytes(path: VolumePath): Buffer {
  return Buffer.concat(path.flatMap((part, index) => (index > 0 ? [Buffer.from('/'), part] : [part])));
}
