import type {Volume} from './types.js';

/**
 * What a restore needs to recreate a volume as it was (Compose finds its volumes by their labels).
 * It travels inside the archive as the `comment` of a pax global header — a keyword every tar
 * reader must ignore — so `tar xzf` works as with any archive and nothing extra needs keeping.
 */
export interface BackupManifest {
  readonly format: 'volscope-backup/1';
  readonly volume: {
    readonly name: string;
    readonly driver: string;
    readonly options: Readonly<Record<string, string>>;
    readonly labels: Readonly<Record<string, string>>;
  };
  readonly createdAt: string;
  /** The engine it was read from, as volscope reached it (address or context); absent in older archives. */
  readonly engine?: string;
}

const PREFIX = 'volscope-manifest:';

export function manifestFor(volume: Volume, now: Date, engine?: string): BackupManifest {
  return {
    format: 'volscope-backup/1',
    volume: {name: volume.name, driver: volume.driver, options: {...volume.options}, labels: {...volume.labels}},
    createdAt: now.toISOString(),
    ...(engine ? {engine} : {}),
  };
}

export function encodeManifest(manifest: BackupManifest): string {
  return PREFIX + JSON.stringify(manifest);
}

/** The manifest from a pax `comment`, or undefined when the archive was not made by volscope. */
export function decodeManifest(comment: string | undefined): BackupManifest | undefined {
  if (!comment?.startsWith(PREFIX)) return undefined;
  try {
    const parsed = JSON.parse(comment.slice(PREFIX.length)) as BackupManifest;
    return parsed.format === 'volscope-backup/1' && typeof parsed.volume?.name === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `20261123T140501Z`: UTC, sortable, safe in a file name. */
export function utcStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** The volume and time a backup's file name says (`VOLUME-STAMP.tar.gz[.age]`), for archives whose manifest is sealed or absent. */
export function parseBackupName(name: string): {volume: string; createdAt: string; encrypted: boolean} | undefined {
  const match = /^(.+)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.tar\.gz(\.age)?$/.exec(name);
  if (!match) return undefined;
  const [, volume, y, mo, d, h, mi, sec, age] = match;
  return {volume: volume!, createdAt: `${y}-${mo}-${d}T${h}:${mi}:${sec}.000Z`, encrypted: Boolean(age)};
}

/** `shop_db-20261123T140501Z.tar.gz` */
export function defaultBackupName(volume: string, now: Date | string, encrypted = false): string {
  return `${volume}-${typeof now === 'string' ? now : utcStamp(now)}.tar.gz${encrypted ? '.age' : ''}`;
}

/**
 * The default name, one second on while it is taken: two runs within a second (a run killed just
 * after its archive took its name, then run again) must not collide. The manifest inside keeps
 * the true time; the names still sort by when each run started.
 */
export function freeBackupName(volume: string, now: Date, encrypted: boolean, taken: ReadonlySet<string>): string {
  for (let second = 0; ; second += 1) {
    const name = defaultBackupName(volume, new Date(now.getTime() + second * 1000), encrypted);
    if (!taken.has(name)) return name;
  }
}

/**
 * A pax global extended header (typeflag `g`) carrying the given records, as 512-byte blocks
 * to put in front of a tar stream. tar-stream cannot write one, and the format is small.
 */
export function paxGlobalHeader(records: Readonly<Record<string, string>>, mtimeSeconds: number): Buffer {
  let body = '';
  for (const [key, value] of Object.entries(records)) {
    const line = ` ${key}=${value}\n`;
    const base = Buffer.byteLength(line);
    // The length prefix counts its own digits: settle on a length whose digits make it true.
    let length = base + 1;
    while (length !== base + String(length).length) length = base + String(length).length;
    body += `${length}${line}`;
  }
  const data = Buffer.from(body);
  const header = Buffer.alloc(512);
  header.write('pax_global_header', 0, 'ascii');
  header.write('0000644\0', 100, 'ascii');
  header.write('0000000\0', 108, 'ascii');
  header.write('0000000\0', 116, 'ascii');
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write(`${Math.floor(mtimeSeconds).toString(8).padStart(11, '0')}\0`, 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('g', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const padding = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, padding]);
}
