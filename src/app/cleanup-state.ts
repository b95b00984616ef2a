import type {RemoveOutcome} from '../model/cleanup.js';
import type {PruneScope} from '../model/cleanup.js';

type Focus = 'cancel' | 'confirm';

/** A volume the user asked to remove that a container holds: named with its holders, never tried. */
export interface Blocked {
  readonly name: string;
  readonly holders: string;
  readonly hint: string;
}

/** The clean-up dialog on top of the table; one at a time. */
export type Dialog =
  | {readonly kind: 'remove'; readonly names: readonly string[]; readonly blocked: readonly Blocked[]; readonly focus: Focus; readonly scroll: number}
  | {readonly kind: 'blocked'; readonly blocked: readonly Blocked[]}
  | {readonly kind: 'prune'; readonly scope: PruneScope; readonly focus: Focus; readonly typed: string; readonly scroll: number}
  | {
      readonly kind: 'running';
      /** Exactly the names confirmed, frozen at the keypress. */
      readonly names: readonly string[];
      readonly sizes: ReadonlyMap<string, number | null | undefined>;
      readonly outcomes: readonly RemoveOutcome[];
      /** Why a name was skipped, in words (container names rather than ids). */
      readonly why: ReadonlyMap<string, string>;
      readonly seq: number;
    }
  | {readonly kind: 'summary'; readonly outcomes: readonly RemoveOutcome[]; readonly reclaimed: number; readonly why: ReadonlyMap<string, string>}
  | {readonly kind: 'create'; readonly fields: CreateFields; readonly field: number; readonly error?: string; readonly submitting?: number}
  | {readonly kind: 'backupPrompt'; readonly names: readonly string[]; readonly text: string; readonly stamp: string; readonly warning?: string; readonly stop: boolean}
  | {
      readonly kind: 'backingUp';
      readonly seq: number;
      readonly jobs: readonly BackupJob[];
      readonly results: readonly BackupOutcome[];
      readonly progress?: {readonly rawBytes: number; readonly writtenBytes: number; readonly startedMs: number};
      readonly cancelled: boolean;
      /** Stop the running containers that use each volume for its backup, start them again after. */
      readonly stop: boolean;
    }
  | {readonly kind: 'backupDone'; readonly results: readonly BackupOutcome[]}
  | {readonly kind: 'clonePrompt'; readonly source: string; readonly text: string; readonly labels: boolean; readonly error?: string}
  | {readonly kind: 'cloning'; readonly seq: number; readonly source: string; readonly target: string; readonly labels: boolean}
  | {readonly kind: 'cloneDone'; readonly outcome: BackupOutcome}
  | {readonly kind: 'restorePrompt'; readonly file: string; readonly volume: string; readonly field: 0 | 1; readonly error?: string}
  | {readonly kind: 'restoring'; readonly seq: number; readonly file: string; readonly volume: string}
  | {readonly kind: 'restoreDone'; readonly outcome: BackupOutcome};

export interface BackupJob {
  readonly name: string;
  readonly path: string;
  /** The volume's measured size: what the progress bar and ETA are of. */
  readonly expected: number | undefined;
}

export interface BackupOutcome {
  readonly name: string;
  readonly ok: boolean;
  /** Written and checked (path, sizes, sha256), or what went wrong. */
  readonly message: string;
}

export interface CreateFields {
  readonly name: string;
  readonly driver: string;
  readonly labels: string;
  readonly options: string;
}

export const CREATE_FIELDS: ReadonlyArray<{readonly key: keyof CreateFields; readonly label: string; readonly placeholder: string}> = [
  {key: 'name', label: 'Name', placeholder: 'letters, digits, _ . - (empty: not allowed here)'},
  {key: 'driver', label: 'Driver', placeholder: 'local'},
  {key: 'labels', label: 'Labels', placeholder: 'key=value, key=value'},
  {key: 'options', label: 'Driver options', placeholder: 'key=value (e.g. type=tmpfs,device=tmpfs)'},
];
