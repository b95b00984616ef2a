import type {EngineGateway, FileService} from '../docker/gateway.js';
import type {EmptyPhase, EngineChoice, JobOutcome, Snapshot} from '../model/records.js';

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

/** What removal and create need of the engine. */
export type VolumeWriter = Pick<EngineGateway, 'removeVolume' | 'createVolume' | 'listContainers'>;

export type {FileService};

/** Backup, restore and clone (src/ops) bound to the engine in use, each outcome in one line. */
export interface VolumeJobs {
  /** Backs one volume up to a local file (written atomically, then read back and checked). */
  backup(volume: string, path: string, options: {signal: AbortSignal; stopContainers: boolean; onProgress: (rawBytes: number, writtenBytes: number) => void}): Promise<JobOutcome>;
  /** Restores a backup file into a volume that is new or empty (never replaces content); aborting undoes it. */
  restore(file: string, volume: string, options: {signal: AbortSignal; onProgress: (bytes: number) => void}): Promise<JobOutcome>;
  /**
   * Copies a volume of this engine into a new one, here or on another engine of the session
   * (`target.engine`, undefined for this one); verified, and a target it created is removed again
   * if it fails or is cancelled.
   */
  clone(source: string, target: {readonly engine: string | undefined; readonly name: string}, options: {labels: boolean; signal: AbortSignal; onProgress: (bytes: number) => void}): Promise<JobOutcome>;
  /** Deletes everything inside the volume, keeps the volume; live users stopped for it only if asked. */
  empty(volume: string, options: {stopContainers: boolean; onPhase: (phase: EmptyPhase) => void}): Promise<JobOutcome>;
  /** Copy inside the engine, compare, remove the old one; a failure or cancel leaves the old one and no new one. */
  rename(volume: string, target: string, options: {signal: AbortSignal; onProgress: (bytes: number) => void}): Promise<JobOutcome>;
}

/** Files on this machine: where an export out of the browser lands. */
export interface LocalFiles {
  exists(destination: string): Promise<boolean>;
  /** Unpacks a tar stream at the destination atomically (nothing under the final name until done). */
  exportArchive(archive: NodeJS.ReadableStream, destination: string, options: {overwrite: boolean; onBytes: (bytes: number) => void; signal: AbortSignal; expected?: number}): Promise<{bytes: number}>;
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
  /** Container inspect for the mounts view (tmpfs sizes and modes); reads only. */
  readonly inspector?: Pick<EngineGateway, 'inspectTmpfs'>;
  readonly files?: FileService;
  readonly jobs?: VolumeJobs;
  /** A fixed prune rule (tests); without it the engine's API version decides (>= 1.42: by label), as its prune does. */
  readonly pruneByLabel?: boolean;
  /** How the docker CLI reaches it, for the equivalent commands a dialog shows (`--context prod`, `-H ssh://…`); '' for the CLI's own default. */
  readonly dockerFlags: string;
}

/** Lists docker contexts and moves the session to another engine; the TUI bootstrap provides it. */
export interface EngineSwitcher {
  list(): Promise<EngineChoice[]>;
  /** Connects to these contexts and swaps the session over to them once they answer; rejects with words otherwise. */
  switchTo(names: readonly string[], signal: AbortSignal): Promise<void>;
}
