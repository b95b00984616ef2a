import type {Hash} from 'node:crypto';
import type {BackupResult} from '../model/job-results.js';
import type {RemoteStore} from '../targets/store.js';
import type {ArchiveReport} from '../model/job-results.js';

export interface UploadState {
  readonly hash: Hash;
  readonly counts: {rawBytes: number; writtenBytes: number};
  readonly report: () => void;
  /** The archive checked from the bytes as they were made (plaintext, for an encrypted one). */
  readonly check: Promise<ArchiveReport>;
}

/**
 * An archive uploaded to a store off this machine. The archive is checked as it is made (gzip,
 * tar, names, the manifest; before encryption for an encrypted one), and what arrived is checked
 * against their SHA-256 by the store before it takes its name. Nothing stays under a temporary
 * name when it fails or is cancelled, as far as the target can still be reached.
 */
export async function writeUpload(
  members: AsyncIterable<Buffer[]>,
  store: RemoteStore,
  name: string,
  {hash, counts, report, check: checked}: UploadState,
): Promise<BackupResult> {
  const upload = await store.upload(name);
  try {
    for await (const parts of members) {
      for (const part of parts) {
        hash.update(part);
        await upload.write(part);
        counts.writtenBytes += part.length;
      }
      report();
    }
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
    await upload.abort();
    throw error;
  }
}
