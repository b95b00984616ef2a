import type {Hash} from 'node:crypto';
import type {BackupResult} from '../model/job-results.js';
import type {RemoteStore} from '../targets/store.js';
import {readArchive} from './verify.js';

/** Bytes handed to the checker and not read by it yet; past this the upload waits for it. */
const CHECK_AHEAD = 16 * 1024 * 1024;

/** A queue of chunks with backpressure: the producer waits while the consumer is far behind. */
class Relay {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  async push(chunk: Buffer): Promise<void> {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.wakeReader?.();
    while (this.bytes > CHECK_AHEAD && !this.ended) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
  }

  end(): void {
    this.ended = true;
    this.wakeReader?.();
    this.wakeWriter?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        while (!this.chunks.length && !this.ended) await new Promise<void>((resolve) => (this.wakeReader = resolve));
        const chunk = this.chunks.shift();
        if (!chunk) return;
        this.bytes -= chunk.length;
        this.wakeWriter?.();
        yield chunk;
      }
    } finally {
      // A checker that gave up must not hold the upload.
      this.end();
    }
  }
}

export interface UploadState {
  readonly hash: Hash;
  readonly counts: {rawBytes: number; writtenBytes: number};
  readonly report: () => void;
  /** What the checker passes the bytes through before reading the archive in them (age). */
  readonly open: (bytes: AsyncIterable<Buffer>) => AsyncIterable<Buffer>;
}

/**
 * An archive uploaded to a store off this machine. The bytes are checked as they are sent (gzip,
 * tar, names, the manifest — decrypted first for an encrypted one), and what arrived is checked
 * against their SHA-256 by the store before it takes its name. Nothing stays under a temporary
 * name when it fails or is cancelled, as far as the target can still be reached.
 */
export async function writeUpload(
  members: AsyncIterable<Buffer[]>,
  store: RemoteStore,
  name: string,
  {hash, counts, report, open}: UploadState,
): Promise<BackupResult> {
  const upload = await store.upload(name);
  const relay = new Relay();
  const checked = readArchive(open(relay), {expectedSha256: undefined});
  checked.catch(() => undefined);
  try {
    for await (const parts of members) {
      for (const part of parts) {
        hash.update(part);
        await upload.write(part);
        await relay.push(part);
        counts.writtenBytes += part.length;
      }
      report();
    }
    relay.end();
    const sha256 = hash.digest('hex');
    const check = await checked;
    if (check.problems.length)
      throw new Error(`the archive did not check out as it was sent: ${check.problems.join('; ')}`);
    await upload.commit(sha256);
    return {
      path: `${store.label.replace(/\/$/, '')}/${name}`,
      ...counts,
      sha256,
      check: {...check, sha256, expectedSha256: sha256},
    };
  } catch (error) {
    relay.end();
    await upload.abort();
    throw error;
  }
}
