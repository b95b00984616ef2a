import {Readable} from 'node:stream';
import {FileError, type FileSession} from '../docker/gateway.js';
import type {FileKey, Unlock} from '../local/age.js';
import {type OpenedArchive, openArchive} from '../local/archive-open.js';
import {selectedTar} from '../local/sub-tar.js';
import type {IndexEntry} from '../model/archive-index.js';
import {childrenOf, planSelection} from '../model/archive-selection.js';
import type {DiskUsageItem} from '../model/disk-usage.js';
import {archiveName, displayBytes, entryKey, type FileEntry, type FileKind, type VolumePath} from '../model/files.js';
import type {HelperProgress} from '../model/records.js';
import {entryPath, headerSize} from '../model/tar-scan.js';

const KIND: Record<string, FileKind> = {
  '0': 'file',
  '7': 'file',
  '1': 'file',
  '2': 'link',
  '5': 'dir',
  '6': 'fifo',
  '3': 'char',
  '4': 'block',
};

/**
 * A backup opened in the file browser, read-only: listings, sizes and "what is big" come from
 * the index (or the one scan of an archive without one) and cost nothing; a preview reads only
 * the bytes it shows, by seeking. Closing it closes the archive (an sftp connection, say).
 */
export class ArchiveSession implements FileSession {
  private readonly folders: Map<string, IndexEntry[]>;

  constructor(readonly opened: OpenedArchive) {
    this.folders = childrenOf(opened.entries);
  }

  /** An entry by its path, found in its folder's list (a map of every path would cost ~10 MB at 200,000 entries). */
  private entryAt(path: string): IndexEntry | undefined {
    const slash = path.lastIndexOf('/');
    return this.folders.get(slash < 0 ? '' : path.slice(0, slash))?.find((entry) => entry.path === path);
  }

  /** Opens a backup here or on a target; `onProgress` hears of the scan of an archive without an index. */
  static async open(
    text: string,
    unlock: Unlock | FileKey | undefined,
    onProgress: (progress: HelperProgress) => void = () => {},
  ): Promise<ArchiveSession> {
    const archive = await openArchive(text, {
      unlock,
      onScan: (bytes) => onProgress({phase: 'scanning', current: bytes}),
    });
    return new ArchiveSession(archive);
  }

  async list(path: VolumePath, onEntries: (entries: FileEntry[]) => void): Promise<{skipped: number}> {
    const key = archiveName(path);
    const children = this.folders.get(key);
    if (!children) {
      const entry = this.entryAt(key);
      if (entry && entry.type !== '5') throw new FileError('notDirectory', `${key} is not a folder in the archive.`);
      if (key !== '') throw new FileError('gone', `The archive holds no ${key}.`);
    }
    onEntries((children ?? []).map((entry) => this.fileEntry(entry)));
    return {skipped: 0};
  }

  private fileEntry(entry: IndexEntry): FileEntry {
    const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const raw = Buffer.from(name);
    const source = this.contentOf(entry);
    return {
      raw,
      name: displayBytes(raw),
      key: entryKey(raw),
      kind: KIND[entry.type] ?? 'other',
      perm: entry.mode,
      size: source?.size ?? entry.size,
      uid: entry.uid,
      gid: entry.gid,
      mtimeMs: entry.mtime * 1000,
      ...(entry.type === '2' ? {target: Buffer.from(entry.link)} : {}),
    };
  }

  /** The entry holding a file's bytes: itself, or a hard link's target. */
  private contentOf(entry: IndexEntry): IndexEntry | undefined {
    if (entry.type === '1') return this.entryAt(entryPath(entry.link));
    return entry.type === '0' || entry.type === '7' ? entry : undefined;
  }

  async read(path: VolumePath, limit: number): Promise<Buffer> {
    const key = archiveName(path);
    const entry = this.entryAt(key);
    if (!entry) throw new FileError('gone', `The archive holds no ${key}.`);
    const content = this.contentOf(entry);
    if (!content) throw new FileError('notFile', `${key} is not a regular file.`);
    const {plan} = planSelection(this.opened, [content.path]);
    const chunks: Buffer[] = [];
    const [start, end] = plan.ranges[0]!;
    // Headers first (a pax header can be long), then only as much content as is shown.
    const reach = Math.min(end, start + 64 * 1024 + limit);
    for await (const chunk of this.opened.ranges([[start, reach]])) chunks.push(chunk);
    const bytes = Buffer.concat(chunks);
    const data = dataOffset(bytes);
    if (data < 0) throw new FileError('failed', `Cannot read the headers of ${key} in the archive.`);
    return bytes.subarray(data, data + Math.min(limit, content.size));
  }

  async diskUsage(path: VolumePath, onItems: (items: DiskUsageItem[]) => void): Promise<{total: number | undefined}> {
    const key = archiveName(path);
    const prefix = key ? `${key}/` : '';
    const sums = new Map<string, number>();
    for (const entry of this.opened.entries) {
      if (!entry.path.startsWith(prefix) || entry.path === key) continue;
      const rest = entry.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      const child = slash < 0 ? rest : rest.slice(0, slash);
      // A hard link's bytes are counted once, with the file it links to.
      const bytes = entry.type === '0' || entry.type === '7' ? entry.size : 0;
      sums.set(child, (sums.get(child) ?? 0) + bytes);
    }
    const items = [...sums].map(([name, bytes]) => ({key: entryKey(Buffer.from(name)), bytes}));
    onItems(items);
    return {total: items.reduce((sum, item) => sum + item.bytes, 0)};
  }

  /** One file or folder as a tar whose single top-level entry is it (what the export unpacks). */
  async archive(path: VolumePath): Promise<NodeJS.ReadableStream> {
    const key = archiveName(path);
    const parent = key.includes('/') ? key.slice(0, key.lastIndexOf('/') + 1) : '';
    const {plan} = planSelection(this.opened, [key]);
    return Readable.from(selectedTar(this.opened.ranges(plan.ranges), plan, (p) => p.slice(parent.length)));
  }

  close(): Promise<void> {
    return this.opened.close();
  }
}

/** Where an entry's content starts: after its pax or long-name headers and its own header; -1 if they are cut. */
function dataOffset(tar: Buffer): number {
  for (let at = 0; at + 512 <= tar.length; ) {
    const type = String.fromCharCode(tar[at + 156]!);
    if (type !== 'x' && type !== 'L' && type !== 'K' && type !== 'g') return at + 512;
    const size = headerSize(tar.subarray(at, at + 512));
    if (!(size >= 0)) return -1;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return -1;
}
