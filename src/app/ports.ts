import type {FileService, FileSession, HelperProgress, VolumeSpec} from '../docker/gateway.js';
import type {RemoveOutcome} from '../model/cleanup.js';
import type {GrowthWindow, HistoryView, SizePoint} from '../model/growth.js';
import type {BindState, TmpfsDetail} from '../model/mounts.js';
import type {JobResult} from '../model/job-results.js';
import type {CopyInPlan} from '../model/copy-plan.js';
import type {VolumePath} from '../model/files.js';
import type {EngineChoice, Snapshot} from '../model/records.js';
import type {JobContext, JobKind, RequestOf, ValueOf} from './jobs/job.js';

/**
 * Everything the interactive app needs of the world, in one place: the engine's live data, its
 * writes, the helper containers, the volume operations, local files and the terminal. The TUI
 * bootstrap (src/tui) provides the real ones; UI tests provide in-memory ones. The app reaches the
 * engine and the local disk through these and nothing else.
 */

/** The live data: the LiveStore, or anything shaped like it in tests. */
export interface DataSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Snapshot;
  refreshAll(): Promise<void>;
  /** Esc: the size scan or list waiting now gives up. */
  cancelPending(): void;
}

/** Removing and creating volumes on one engine: writes that need no helper and report no progress. */
export interface VolumeWriter {
  /**
   * Removes exactly these names one by one (never the prune endpoint), each outcome as it ends;
   * for one kept, `why` names what kept it (a container that started using it meanwhile).
   */
  removeExactly(names: readonly string[], onOutcome: (outcome: RemoveOutcome, why?: string) => void): Promise<void>;
  /** Rejects with the engine's refusal in words. */
  create(spec: VolumeSpec): Promise<void>;
}

/** What the mounts view asks of one engine: reads only (a bind is measured by a read-only helper). */
export interface MountProbe {
  /** tmpfs sizes and modes of these containers. */
  inspectTmpfs(ids: readonly string[], signal: AbortSignal): Promise<ReadonlyMap<string, readonly TmpfsDetail[]>>;
  /** Which of these host paths exist on the engine's host (never creating one). */
  probeBinds(paths: readonly string[]): Promise<ReadonlyMap<string, boolean>>;
  measureBind(path: string): Promise<BindState>;
}

export type {FileService};

/**
 * The volume operations (src/ops) bound to one engine, one method per kind of job (app/jobs): each
 * takes the job's request and returns what was done or why not — typed, never thrown, worded by
 * the views. A clone's target may be another engine of the session.
 */
export type VolumeJobs = {
  readonly [K in JobKind]: (request: RequestOf<K>, context: JobContext) => Promise<JobResult<ValueOf<K>>>;
};

/** What `u` asks before it copies: the path typed, completed; what it holds and what it would replace in the volume. */
export interface CopyInPlanner {
  complete(text: string): Promise<string>;
  plan(request: {
    readonly engine: string;
    readonly volume: string;
    readonly folder: VolumePath;
    readonly source: string;
  }): Promise<CopyInPlan>;
}

/** How an edit ended once the editor closed: `id` names the session the edit job writes back or discards. */
export interface EditOutcome {
  readonly id: string;
  readonly changed: boolean;
  readonly added: number;
  readonly removed: number;
}

/**
 * `e`: reads the file (text, at most 10 MB), hands the terminal to $VISUAL/$EDITOR until it
 * closes, and reads the edit back; rejects with what to do when the file cannot be edited.
 */
export interface FileEditor {
  open(request: {
    readonly engine: string;
    readonly volume: string;
    readonly path: VolumePath;
    readonly name: string;
  }): Promise<EditOutcome>;
}

/** Files on this machine: what the export prompt asks before the export job writes there. */
export interface LocalFiles {
  exists(destination: string): Promise<boolean>;
  /** A backup (here, sftp://…, rclone:…) opened for the file browser, read-only. */
  openArchive?(archive: string, onProgress: (progress: HelperProgress) => void): Promise<FileSession>;
  /** Folders backups last went to, newest first (read once, at start). */
  readonly recentTargets?: readonly string[];
}

export interface TerminalControl {
  /** Puts text on the clipboard of the terminal the user looks at; false when there is none. */
  copy(text: string): boolean;
  /** Leaves the screen and stops the process; calls onResume after `fg`. */
  suspend(onResume: () => void): void;
}

/**
 * One engine of the session and what the app may do there. Every action goes to the row's engine
 * through its link: its store, its writes, its helpers, its jobs.
 */
export interface EngineLink {
  /** As the ENGINE column and the dialogs name it: the context, else the address. */
  readonly name: string;
  readonly source: DataSource;
  readonly writer?: VolumeWriter;
  readonly mounts?: MountProbe;
  readonly files?: FileService;
  readonly jobs?: VolumeJobs;
  /** u in its volumes' browser: completion and what a copy in would write. */
  readonly copyIn?: CopyInPlanner;
  /** e in its volumes' browser. */
  readonly editor?: FileEditor;
  /** Its size history (growth, last users); absent under --no-history. */
  readonly history?: HistorySource;
  /** A fixed prune rule (tests); without it the engine's API version decides (>= 1.42: by label), as its prune does. */
  readonly pruneByLabel?: boolean;
  /** How the docker CLI reaches it, for the equivalent commands a dialog shows (`--context prod`, `-H ssh://…`); '' for the CLI's own default. */
  readonly dockerFlags: string;
}

/**
 * One engine's size history as the app reads it (local/history/recorder.ts records every scan the
 * store makes, off the render path, and publishes what it knows).
 */
export interface HistorySource {
  subscribe(listener: () => void): () => void;
  /** undefined until first read; `note` says when history is off or its file was moved aside. */
  getSnapshot(): {readonly view: HistoryView | undefined; readonly note: string | undefined};
  setWindow(window: GrowthWindow): void;
  /** The volume's sizes over the window, for the sparkline. */
  series(name: string, window: GrowthWindow): Promise<{fromMs: number; toMs: number; points: SizePoint[]}>;
}

/** Lists docker contexts and moves the session to another engine; the TUI bootstrap provides it. */
export interface EngineSwitcher {
  list(): Promise<EngineChoice[]>;
  /** Connects to these contexts and swaps the session over to them once they answer; rejects with words otherwise. */
  switchTo(names: readonly string[], signal: AbortSignal): Promise<void>;
}
