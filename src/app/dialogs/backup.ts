import {defaultBackupName, utcStamp} from '../../model/backup-manifest.js';
import type {JobOutcome} from '../../model/records.js';
import {edit, fieldOf, type TextField} from '../../model/text-field.js';
import {refOf, type VolumeRef, volumeKey} from '../../model/engines.js';
import {manyEngines, removalRows} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

export interface BackupJob {
  readonly engine: string;
  readonly name: string;
  readonly path: string;
  /** The volume's measured size: what the progress bar and ETA are of. */
  readonly expected: number | undefined;
}

export type BackupDialog =
  | {readonly kind: 'backupPrompt'; readonly volumes: readonly VolumeRef[]; readonly path: TextField; readonly stamp: string; readonly warning?: string; readonly stop: boolean}
  | {
      readonly kind: 'backingUp';
      readonly seq: number;
      readonly jobs: readonly BackupJob[];
      readonly results: readonly JobOutcome[];
      /** Bytes so far of the job under way; `nowMs` is when they were counted (the rate and ETA are of it). */
      readonly progress?: {readonly rawBytes: number; readonly writtenBytes: number; readonly startedMs: number; readonly nowMs: number};
      readonly cancelled: boolean;
      /** Stop the running containers that use each volume for its backup, start them again after. */
      readonly stop: boolean;
    }
  | {readonly kind: 'backupDone'; readonly results: readonly JobOutcome[]};

/** `b`: the marked volumes, else the selected one; the default file name carries the time of the keypress. */
export function openBackup<S extends DialogHost>(state: S, nowMs: number): S {
  const rows = removalRows(state);
  if (rows.length === 0) return state;
  const stamp = utcStamp(new Date(nowMs));
  const running = rows.filter((row) => row.containers.some((c) => c.running));
  const warning = running.length
    ? `In use by running containers (${running.flatMap((row) => row.containers.filter((c) => c.running).map((c) => c.name)).join(', ')}): files changing during the copy may be inconsistent; stop them first for a consistent backup.`
    : undefined;
  const volumes = rows.map(refOf);
  // One volume: a file name; several: a folder, each file named after its volume (and its engine, when there are several).
  const path = fieldOf(volumes.length === 1 ? `./${fileName(state, volumes[0]!, stamp)}` : '.');
  return withDialog(state, {kind: 'backupPrompt', volumes, path, stamp, stop: false, ...(warning ? {warning} : {})});
}

/** `VOLUME-STAMP.tar.gz`; with several engines `ENGINE-VOLUME-STAMP.tar.gz`, so two engines' `db_data` never share a file. */
function fileName(state: DialogHost, ref: VolumeRef, stamp: string): string {
  return defaultBackupName(manyEngines(state) ? `${ref.engine.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${ref.name}` : ref.name, stamp);
}

export const backup: DialogFlow<BackupDialog> = {
  context: (dialog) => (dialog.kind === 'backupPrompt' ? 'backup' : dialog.kind === 'backingUp' ? 'working' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit': {
        if (dialog.kind !== 'backupPrompt') return state;
        const path = edit(dialog.path, action.op);
        return path === dialog.path ? state : withDialog(state, {...dialog, path});
      }
      case 'dialogToggle':
        return dialog.kind === 'backupPrompt' && dialog.warning ? withDialog(state, {...dialog, stop: !dialog.stop}) : state;
      case 'dialogSubmit': {
        if (dialog.kind !== 'backupPrompt' || !dialog.path.text.trim()) return state;
        const target = dialog.path.text.trim();
        const jobs = dialog.volumes.map((ref) => ({
          engine: ref.engine,
          name: ref.name,
          path: dialog.volumes.length === 1 ? target : `${target.replace(/\/+$/, '')}/${fileName(state, ref, dialog.stamp)}`,
          expected: state.rows.find((row) => row.key === volumeKey(ref.engine, ref.name))?.size ?? undefined,
        }));
        return startWork(state, (seq): BackupDialog => ({kind: 'backingUp', seq, jobs, results: [], cancelled: false, stop: dialog.stop}));
      }
      case 'backupProgress':
        if (dialog.kind !== 'backingUp' || dialog.seq !== action.seq) return state;
        return withDialog(state, {...dialog, progress: {rawBytes: action.rawBytes, writtenBytes: action.writtenBytes, startedMs: action.startedMs, nowMs: action.nowMs}});
      case 'backupFinished': {
        if (dialog.kind !== 'backingUp' || dialog.seq !== action.seq) return state;
        const results = [...dialog.results, action.outcome];
        if (results.length < dialog.jobs.length && !dialog.cancelled) return withDialog(state, {...dialog, results, progress: undefined});
        return withDialog(state, {kind: 'backupDone', results});
      }
      case 'dialogCancel':
        // A backup under way stops (nothing under the final name); the hook reports it cancelled.
        if (dialog.kind === 'backingUp') return dialog.cancelled ? state : withDialog(state, {...dialog, cancelled: true});
        return withDialog(state, undefined);
      case 'dialogPress':
        return dialog.kind === 'backupDone' ? withDialog(state, undefined) : state;
      default:
        return state;
    }
  },
};
