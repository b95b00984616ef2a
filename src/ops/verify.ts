import type {Unlock} from '../local/age.js';
import {verifyBackupFile} from '../local/read-backup.js';
import type {ArchiveReport} from '../model/job-results.js';
import {ageFailure} from './age-failure.js';
import {OpError} from './errors.js';

/**
 * Reads a backup end to end (gzip, tar, names, manifest, .sha256; an encrypted one opened with
 * `unlock`, else only its outer checksum); its problems are in the report.
 */
export async function verifyBackup(path: string, unlock?: Unlock): Promise<ArchiveReport> {
  return verifyBackupFile(path, unlock).catch((error: NodeJS.ErrnoException) => {
    throw ageFailure(error, path, '') ?? new OpError('unreadable', `Cannot read ${path}: ${error.message}`);
  });
}
