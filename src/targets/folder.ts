import {createReadStream} from 'node:fs';
import {mkdir, readdir, readFile, stat, unlink} from 'node:fs/promises';
import {join} from 'node:path';
import {type BackupStore, StoreError, type StoredFile} from './store.js';

/** A folder on this machine as a store: what --keep, verify and `volscope backups` read. */
export class FolderStore implements BackupStore {
  constructor(readonly label: string) {}

  async ensureFolder(): Promise<void> {
    await mkdir(this.label, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
      throw new StoreError(
        'unavailable',
        `Cannot use ${this.label} for the backups: ${error.code === 'EEXIST' || error.code === 'ENOTDIR' ? 'it is a file, not a folder' : error.message}.`,
      );
    });
  }

  async list(): Promise<StoredFile[]> {
    const files: StoredFile[] = [];
    for (const entry of await readdir(this.label, {withFileTypes: true})) {
      if (!entry.isFile()) continue;
      const info = await stat(join(this.label, entry.name)).catch(() => undefined);
      if (info) files.push({name: entry.name, size: info.size, modified: info.mtime});
    }
    return files;
  }

  read(name: string, range?: {offset: number; length: number}): AsyncIterable<Buffer> {
    return createReadStream(join(this.label, name), {
      highWaterMark: 1 << 20,
      ...(range ? {start: range.offset, end: range.offset + range.length - 1} : {}),
    }) as AsyncIterable<Buffer>;
  }

  readSmall(name: string): Promise<string | undefined> {
    return readFile(join(this.label, name), 'utf8').catch(() => undefined);
  }

  async remove(name: string): Promise<void> {
    await unlink(join(this.label, name));
  }

  async close(): Promise<void> {}
}
