import {type ArchiveReport, verifyArchive} from '../local/verify.js';
import {OpError} from './errors.js';

/** Reads a backup end to end (gzip, tar, names, manifest, .sha256); its problems are in the report. */
export async function verifyBackup(path: string): Promise<ArchiveReport> {
  return verifyArchive(path).catch((error: NodeJS.ErrnoException) => {
    throw new OpError('unreadable', `Cannot read ${path}: ${error.message}`);
  });
}
