import type {Unlock} from '../local/age.js';
import {readBackup, verifyBackupFile} from '../local/read-backup.js';
import {isRemoteAddress, splitArchive} from '../model/store-address.js';
import {openStore} from '../targets/open.js';
import type {ArchiveReport} from '../model/job-results.js';
import {ageFailure} from './age-failure.js';
import {OpError} from './errors.js';

/**
 * Reads a backup end to end (gzip, tar, names, manifest, .sha256; an encrypted one opened with
 * `unlock`, else only its outer checksum); its problems are in the report.
 */
export async function verifyBackup(path: string, unlock?: Unlock): Promise<ArchiveReport> {
  const reading = isRemoteAddress(path) ? verifyStored(path, unlock) : verifyBackupFile(path, unlock);
  return reading.catch((error: NodeJS.ErrnoException) => {
    throw ageFailure(error, path, '') ?? new OpError('unreadable', `Cannot read ${path}: ${error.message}`);
  });
}

/** An archive on an sftp:// or rclone: target, streamed once (no local copy), its .sha256 read beside it. */
async function verifyStored(text: string, unlock: Unlock | undefined): Promise<ArchiveReport> {
  const {target, name} = splitArchive(text);
  const store = openStore(target);
  try {
    const expectedSha256 = (await store.readSmall(`${name}.sha256`))?.trim().split(/\s+/)[0]?.toLowerCase();
    return await readBackup(store.read(name), {expectedSha256, unlock});
  } finally {
    await store.close();
  }
}
