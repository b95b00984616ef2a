import type {BackupStore} from '../targets/store.js';

/** A file read at offsets: an archive on this machine, over sftp or through rclone, or the plaintext of an age file. */
export interface RandomAccess {
  /** As a person names it, for messages. */
  readonly label: string;
  readonly size: number;
  /** Exactly `length` bytes from `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Promise<Buffer>;
  /** The whole file as one stream, where the store has one (a scan: one sftp open, not one per MiB). */
  stream?(): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

/** A stored file as random access: every store reads ranges (sftp at offsets, rclone with --offset/--count). */
export async function storeAccess(store: BackupStore, name: string): Promise<RandomAccess> {
  const file = (await store.list()).find((f) => f.name === name);
  if (!file) throw new Error(`${store.label}: there is no ${name}`);
  return {
    label: `${store.label.replace(/\/$/, '')}/${name}`,
    size: file.size,
    async read(offset, length) {
      const wanted = Math.max(0, Math.min(length, file.size - offset));
      if (wanted === 0) return Buffer.alloc(0);
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of store.read(name, {offset, length: wanted})) {
        chunks.push(chunk);
        total += chunk.length;
        if (total >= wanted) break;
      }
      return Buffer.concat(chunks, total).subarray(0, wanted);
    },
    stream: () => store.read(name),
    close: () => store.close(),
  };
}
