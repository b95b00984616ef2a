import {pack as tarPack} from 'tar-stream';
import type {DiskUsageItem} from '../model/disk-usage.js';
import {
  displayBytes,
  displayPath,
  entryKey,
  type FileEntry,
  type FileKind,
  resolveLink,
  type VolumePath,
} from '../model/files.js';
import {FileError, type FileService, type FileSession, type HelperProgress} from '../docker/gateway.js';

/** A file tree for UI tests and fault injection: the shape the real helper reports, no engine. */
export interface MemoryNode {
  readonly name: string | Buffer;
  readonly kind?: FileKind;
  readonly content?: string | Buffer;
  readonly size?: number;
  readonly target?: string;
  readonly children?: readonly MemoryNode[];
  readonly mtimeMs?: number;
}

export class MemoryFileService implements FileService {
  readonly opened: string[] = [];
  openSessions = 0;
  /** Makes the next open() fail with this message (e.g. an image that cannot be pulled). */
  failOpen: string | undefined;
  /** Progress reported before the helper is ready. */
  progress: HelperProgress[] = [];

  constructor(private readonly volumes: Record<string, readonly MemoryNode[]>) {}

  async open(volume: string, onProgress: (progress: HelperProgress) => void): Promise<FileSession> {
    for (const step of this.progress) onProgress(step);
    if (this.failOpen) throw new Error(this.failOpen);
    this.opened.push(volume);
    this.openSessions += 1;
    return new MemoryFileSession(this.volumes[volume] ?? [], () => (this.openSessions -= 1));
  }

  /** Host paths for openBind, by path; a path not here is missing on the host. */
  readonly binds: Record<string, readonly MemoryNode[]> = {};

  async openBind(path: string, onProgress: (progress: HelperProgress) => void): Promise<FileSession> {
    for (const step of this.progress) onProgress(step);
    if (!(path in this.binds))
      throw new FileError('gone', `${path} no longer exists on the engine's host. volscope does not create it.`);
    this.opened.push(`bind:${path}`);
    this.openSessions += 1;
    return new MemoryFileSession(this.binds[path] ?? [], () => (this.openSessions -= 1));
  }

  async probeBinds(paths: readonly string[]): Promise<Map<string, boolean>> {
    return new Map(paths.map((path) => [path, path in this.binds]));
  }

  async closeAll(): Promise<void> {}
}

class MemoryFileSession implements FileSession {
  private closed = false;

  constructor(
    private readonly root: readonly MemoryNode[],
    private readonly onClose: () => void,
  ) {}

  async list(path: VolumePath, onEntries: (entries: FileEntry[]) => void): Promise<{skipped: number}> {
    const node = this.find(path);
    if (node && kindOf(node) !== 'dir') throw new FileError('notDirectory', `${displayPath(path)} is not a directory`);
    const children = node ? (node.children ?? []) : this.root;
    // Two batches, as a stream would deliver them.
    const entries = children.map(toEntry);
    const half = Math.ceil(entries.length / 2);
    if (half) onEntries(entries.slice(0, half));
    if (entries.length > half) onEntries(entries.slice(half));
    return {skipped: 0};
  }

  async read(path: VolumePath, limit: number): Promise<Buffer> {
    let node = this.find(path);
    if (node?.kind === 'link') {
      const inside = resolveLink(path.slice(0, -1), Buffer.from(node.target ?? ''));
      if (!inside) throw new FileError('outside', `${displayPath(path)} leads outside the volume`);
      node = this.find(inside);
    }
    if (!node) throw new FileError('gone', `${displayPath(path)} no longer exists`);
    if (kindOf(node) === 'dir') throw new FileError('notFile', `${displayPath(path)} is not a regular file`);
    return contentOf(node).subarray(0, limit);
  }

  async diskUsage(path: VolumePath, onItems: (items: DiskUsageItem[]) => void): Promise<{total: number | undefined}> {
    const children = path.length ? (this.find(path)?.children ?? []) : this.root;
    const items = children.map((child) => ({key: entryKey(nameOf(child)), bytes: usageOf(child)}));
    onItems(items);
    return {total: items.reduce((sum, item) => sum + item.bytes, 4096)};
  }

  async archive(path: VolumePath): Promise<NodeJS.ReadableStream> {
    const node = this.find(path);
    if (!node) throw new FileError('gone', `${displayPath(path)} no longer exists`);
    // As the engine's archive API answers: the entry under its own name, a folder with all below it.
    const pack = tarPack();
    const add = (entry: MemoryNode, prefix: string) => {
      const name = `${prefix}${nameOf(entry)}`;
      const kind = kindOf(entry);
      if (kind === 'dir') {
        pack.entry({name: `${name}/`, type: 'directory', mode: 0o755});
        for (const child of entry.children ?? []) add(child, `${name}/`);
      } else if (kind === 'link') {
        pack.entry({name, type: 'symlink', linkname: entry.target ?? ''});
      } else {
        pack.entry({name, mode: 0o644}, Buffer.from(entry.content ?? ''));
      }
    };
    add(node, '');
    pack.finalize();
    return pack as unknown as NodeJS.ReadableStream;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private find(path: VolumePath): MemoryNode | undefined {
    let nodes = this.root;
    let found: MemoryNode | undefined;
    for (const part of path) {
      found = nodes.find((node) => nameOf(node).equals(part));
      if (!found) throw new FileError('gone', `${displayPath(path)} no longer exists`);
      nodes = found.children ?? [];
    }
    return found;
  }
}

function kindOf(node: MemoryNode): FileKind {
  return node.kind ?? (node.children ? 'dir' : 'file');
}

function nameOf(node: MemoryNode): Buffer {
  return typeof node.name === 'string' ? Buffer.from(node.name) : node.name;
}

function contentOf(node: MemoryNode): Buffer {
  return typeof node.content === 'string' ? Buffer.from(node.content) : (node.content ?? Buffer.alloc(node.size ?? 0));
}

function usageOf(node: MemoryNode): number {
  if (node.children) return node.children.reduce((sum, child) => sum + usageOf(child), 4096);
  return Math.ceil(contentOf(node).length / 4096) * 4096;
}

function toEntry(node: MemoryNode): FileEntry {
  const raw = nameOf(node);
  const kind = kindOf(node);
  return {
    raw,
    name: displayBytes(raw),
    key: entryKey(raw),
    kind,
    perm: kind === 'dir' ? 0o755 : 0o644,
    size: kind === 'dir' ? 4096 : kind === 'link' ? Buffer.byteLength(node.target ?? '') : contentOf(node).length,
    uid: 0,
    gid: 0,
    mtimeMs: node.mtimeMs ?? Date.UTC(2026, 10, 1, 12, 0),
    ...(node.target !== undefined ? {target: Buffer.from(node.target)} : {}),
  };
}
