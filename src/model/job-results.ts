import type {BackupManifest} from './backup-manifest.js';

/**
 * What the volume operations (src/ops) return and why they refuse: plain records, declared here so
 * that the app's state, the dialogs that lay a result out and the command line that prints it all
 * read the same types without importing the operations.
 */

/**
 * Why an operation did not do what it was asked, for its caller to map and advise on: the command
 * line turns `badRequest` into exit code 2 and the rest into 1. The operation's message says what
 * happened; what to do next differs per front end (a flag, a key) and is added there.
 */
export type OpFailure =
  /** The request cannot be right (same source and target). */
  | 'badRequest'
  | 'notFound'
  /** The target holds files and the caller did not allow replacing them. */
  | 'notEmpty'
  /** Files the archive would write are in the target already, and the caller chose neither overwrite nor skip. */
  | 'exists'
  /** Running containers use the volume and the caller did not ask to stop them. */
  | 'inUse'
  /** The archive differs from its .sha256: nothing was written. */
  | 'checksum'
  /** The archive is damaged or the engine refused it; the target was put back. */
  | 'damaged'
  | 'unreadable'
  /** The archive is age-encrypted and no key given opens it: nothing was written. */
  | 'locked'
  /** A local file could not be written (nothing under the final name). */
  | 'notWritten'
  /** The caller's question was answered no. */
  | 'declined'
  /** A file to edit is binary or over the limit: nothing was opened. */
  | 'notText'
  /** The file changed in the volume while it was edited: nothing was written, the edit kept locally. */
  | 'changed';

export interface ArchiveReport {
  readonly entries: number;
  /** Bytes of file content in the archive. */
  readonly contentBytes: number;
  readonly compressed: boolean;
  readonly sha256: string;
  /** From FILE.sha256 beside the archive, when there is one. */
  readonly expectedSha256: string | undefined;
  readonly manifest: BackupManifest | undefined;
  /** Everything wrong with it; empty means the archive is whole and safe to restore. */
  readonly problems: readonly string[];
  /** An age-encrypted archive: for whom (in age's words), and whether a key opened it to be read inside. */
  readonly sealed?: {readonly madeFor: string; readonly opened: boolean};
}

export interface BackupResult {
  readonly path: string | undefined;
  readonly rawBytes: number;
  readonly writtenBytes: number;
  /** SHA-256 of the .tar.gz as written, hex. */
  readonly sha256: string;
  /** A file's read-back: its bytes as read from the file, checked end to end (none for a stream). */
  readonly check: ArchiveReport | undefined;
}

export interface BackupOutcome extends BackupResult {
  readonly seconds: number;
}

export interface CloneResult {
  readonly created: boolean;
  readonly labelsCopied: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Entries of the tree (the root left out) and the tar stream's sha256, as read from the source. */
  readonly entries: number;
  /** Of the tar stream between two engines; none for a copy inside one engine (no stream leaves it). */
  readonly sha256?: string;
  /** Inside one engine the helper copies with `cp -a`: nothing passes through volscope. */
  readonly withinEngine: boolean;
  /** Live containers that use the source: the copy may be inconsistent. */
  readonly runningUsers: readonly string[];
  /** For a move: removed, or why it was kept. */
  readonly sourceRemoved?: boolean;
  readonly sourceKept?: string;
}

export interface RestoreResult {
  readonly entries: number;
  readonly contentBytes: number;
  readonly created: boolean;
  /** The volume as the backup recorded it, when it was created that way. */
  readonly recorded: BackupManifest['volume'] | undefined;
}

/** Chosen files of a backup put into a volume (restore --path, R in an archive's browser). */
export interface RestoreFilesResult {
  /** Paths written, as the archive names them (a folder that was not there counts once). */
  readonly written: string[];
  /** Paths left as they were because they were there already. */
  readonly skipped: string[];
  readonly created: boolean;
  /** Why the archive was read whole instead of by seeking (it has no sound index). */
  readonly scanned: string | undefined;
  /** Bytes of the archive file read, and its size. */
  readonly read?: {readonly bytes: number; readonly of: number};
}

/** What an emptying will take away, measured by a read-only helper before anything is touched. */
export interface EmptyPreview {
  readonly volume: string;
  /** Entries below the root (files, directories, links). */
  readonly entries: number;
  /** Bytes of the regular files. */
  readonly bytes: number;
  /** The live containers that use it (running, restarting, paused). */
  readonly runningUsers: readonly string[];
}

export interface EmptyOutcome extends EmptyPreview {
  readonly seconds: number;
  /** Containers stopped for the duration and started again. */
  readonly restarted: readonly string[];
}

export interface RenameResult {
  readonly entries: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly labelsCopied: number;
  /** An earlier run had copied, checked and removed OLD, and was stopped before clearing NEW's mark. */
  readonly finishedEarlier?: boolean;
}

/** A file or folder of a volume written to a local path by the browser's export. */
export interface ExportResult {
  readonly destination: string;
  /** Bytes of the tar the engine sent (what the progress counts). */
  readonly bytes: number;
}

/** `u` in a volume's browser: what landed. */
export interface CopyInResult {
  /** Content bytes sent. */
  readonly bytes: number;
}

/** `e`: the edited file written back (with its old content kept beside it), or the edit discarded. */
export interface EditResult {
  readonly written: boolean;
  readonly backup: boolean;
}

/** How one job of the app ended: its result, or why not (the front end words the advice). */
export type JobResult<V> = {readonly ok: true; readonly value: V} | {readonly ok: false; readonly failure: JobFailure};

export interface JobFailure {
  /** An operation's refusal, `cancelled` (Esc), `engine` (the engine or the connection failed), `unavailable` (no such port here). */
  readonly reason: OpFailure | 'cancelled' | 'engine' | 'unavailable';
  /** What happened, in a sentence; what to do next is the front end's to add (see adviceFor in ui/ and cli/). */
  readonly message: string;
  /** For `inUse`: the live containers that use the volume. */
  readonly users?: readonly string[];
}
