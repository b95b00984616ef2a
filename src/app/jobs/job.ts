import type {
  BackupOutcome,
  CloneResult,
  CopyInResult,
  EditResult,
  EmptyOutcome,
  ExportResult,
  JobResult,
  RenameResult,
  RestoreFilesResult,
  RestoreResult,
} from '../../model/job-results.js';
import type {VolumePath} from '../../model/files.js';
import type {EmptyPhase} from '../../model/records.js';

/**
 * One job runner for every engine-side operation the app starts from a dialog. An operation is
 * described once — its request (here), its spec (`run` through the VolumeJobs port, in its flow's
 * module under app/dialogs/) and its view (ui/dialogs/) — and shares one working/done dialog state,
 * one progress/finished action pair and one hook (use-job.ts) where abort, errors and the seq guard live.
 */

/** What one job of each kind is asked to do, and what it returns. Adding an operation starts here. */
export interface JobTypes {
  backup: {request: BackupRequest; value: BackupOutcome};
  clone: {request: CloneRequest; value: CloneResult};
  restore: {request: RestoreRequest; value: RestoreResult};
  empty: {request: EmptyRequest; value: EmptyOutcome};
  rename: {request: RenameRequest; value: RenameResult};
  export: {request: ExportRequest; value: ExportResult};
  restoreFiles: {request: RestoreFilesRequest; value: RestoreFilesResult};
  copyIn: {request: CopyInRequest; value: CopyInResult};
  edit: {request: EditRequest; value: EditResult};
}

export type JobKind = keyof JobTypes;
export type RequestOf<K extends JobKind> = JobTypes[K]['request'];
export type ValueOf<K extends JobKind> = JobTypes[K]['value'];

export interface BackupRequest {
  readonly engine: string;
  readonly volume: string;
  readonly path: string;
  /** The volume's measured size: what the progress bar and ETA are of. */
  readonly expected: number | undefined;
  /** Stop the running containers that use it for its backup, start them again after. */
  readonly stopContainers: boolean;
}

/** `engine` holds the source; `targetEngine` takes the copy. */
export interface CloneRequest {
  readonly engine: string;
  readonly source: string;
  readonly targetEngine: string;
  readonly target: string;
  readonly labels: boolean;
  readonly expected: number | undefined;
}

export interface RestoreRequest {
  readonly engine: string;
  readonly file: string;
  readonly volume: string;
}

/** R in an archive's browser: the marked files of a backup into a volume that keeps its others. */
export interface RestoreFilesRequest {
  readonly engine: string;
  readonly archive: string;
  /** As the archive names them. */
  readonly paths: readonly string[];
  readonly volume: string;
  /** Files already there: unset, the job refuses and names them (the result offers the choice). */
  readonly existing?: 'overwrite' | 'skip';
  readonly stopContainers: boolean;
}

export interface EmptyRequest {
  readonly engine: string;
  readonly volume: string;
  readonly stopContainers: boolean;
}

export interface RenameRequest {
  readonly engine: string;
  readonly volume: string;
  readonly target: string;
  readonly expected: number | undefined;
}

/**
 * The browser's `x`: a file or folder of a volume (or of a bind source) to a local path; in an
 * archive's browser, the marked files (or the selected one) into a local folder, paths kept.
 */
export interface ExportRequest {
  /** Browsing a backup: extract `paths` from it into `destination`, a folder. */
  readonly archive?: {readonly text: string; readonly paths: readonly string[]};
  readonly engine: string;
  /** The volume, or the host path for a bind source. */
  readonly volume: string;
  readonly bind: boolean;
  readonly path: VolumePath;
  /** The entry's name, as the dialog shows it. */
  readonly name: string;
  readonly destination: string;
  /** The user said to replace what is there. */
  readonly overwrite: boolean;
  /** The file's size or the folder's measured usage, when known: what the progress is of. */
  readonly expected: number | undefined;
}

/** `u` in a volume's browser: a file or folder of this machine into the folder shown. */
export interface CopyInRequest {
  readonly engine: string;
  readonly volume: string;
  readonly folder: VolumePath;
  /** As typed (resolved by the job as the prompt resolved it). */
  readonly source: string;
  /** Content bytes the plan counted: what the progress is of. */
  readonly expected: number;
}

/** `e` once the editor closed on a change: write the edit (session `id`) back, keeping the old content or not, or discard it. */
export interface EditRequest {
  readonly engine: string;
  readonly volume: string;
  readonly path: VolumePath;
  readonly id: string;
  readonly mode: 'write' | 'backup' | 'discard';
}

/** What a job is doing now, for a progress line; new phases join here as operations need them. */
export type JobPhase = EmptyPhase;

/** Bytes so far (and, for a backup, bytes written), or the phase under way; `nowMs` is when they were counted. */
export interface JobProgress {
  readonly bytes?: number;
  readonly written?: number;
  readonly phase?: JobPhase;
  readonly startedMs: number;
  readonly nowMs: number;
}

/** Handed to a job's run: aborting it is Esc; progress reports may come per chunk (the runner throttles them). */
export interface JobContext {
  readonly signal: AbortSignal;
  onProgress(bytes: number, written?: number): void;
  onPhase(phase: JobPhase): void;
}

/** Requests run one after another (a backup of several volumes); `results` holds one per finished request. */
export interface JobWorking<K extends JobKind> {
  readonly kind: 'working';
  readonly job: K;
  readonly seq: number;
  readonly cancellable: boolean;
  readonly requests: readonly RequestOf<K>[];
  readonly results: readonly JobResult<ValueOf<K>>[];
  /** Of the request under way; cleared when the next one starts. */
  readonly progress?: JobProgress;
  readonly cancelled: boolean;
}

export interface JobDone<K extends JobKind> {
  readonly kind: 'done';
  readonly job: K;
  readonly requests: readonly RequestOf<K>[];
  readonly results: readonly JobResult<ValueOf<K>>[];
}

/** The dialog of every job once started: one union over the kinds, so views and specs stay typed per kind. */
export type JobDialog = {[K in JobKind]: JobWorking<K> | JobDone<K>}[JobKind];

/** Any kind's result, as the finished action carries it (the seq says whose it is). */
export type AnyJobResult = {[K in JobKind]: JobResult<ValueOf<K>>}[JobKind];
