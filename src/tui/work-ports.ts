/**
 * What the session's jobs, file dialogs and opened backups are built from: imported on their first
 * use (tui/on-first-use.ts), never with Ink, so the first frame does not wait for node-tar, zlib
 * or tar-stream to load.
 */
export {removeUnfinishedBackups} from '../local/backup-file.js';
export {localFiles, removeUnfinishedExports} from '../local/export.js';
export {ArchiveSession} from '../ops/archive-browse.js';
export {copyInPlanner, fileEditor} from './file-ports.js';
export {volumeJobs} from './volume-jobs.js';
