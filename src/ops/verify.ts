import type {Unlock} from '../local/age.js';
import {readBackup, verifyBackupFile} from '../local/read-backup.js';
import {isRemoteAddress} from '../model/store-address.js';
import {storedArchive} from '../targets/open.js';
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
  const {stream, expectedSha256} = await storedArchive(text);
  try {
    return await readBackup(stream, {expectedSha256, unlock});
  } finally {
    await stream.return(undefined);
  }
}
