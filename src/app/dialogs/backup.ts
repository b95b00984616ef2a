import {defaultBackupName, utcStamp} from '../../model/backup-manifest.js';
import {isArchiveName, isRemoteAddress} from '../../model/store-address.js';
import {fieldOf, type TextField} from '../../model/text-field.js';
import {refOf, type VolumeRef, volumeKey} from '../../model/engines.js';
import {manyEngines, removalRows} from '../selectors.js';
import type {BackupRequest} from '../jobs/job.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';

export type BackupDialog = {
  readonly kind: 'backupPrompt';
  readonly volumes: readonly VolumeRef[];
  readonly path: TextField;
  readonly stamp: string;
  readonly warning?: string;
  readonly stop: boolean;
  /** Which of the folders used before is in the field (↑/↓), if one is. */
  readonly recent?: number;
};

export const backupJob: JobSpec<'backup'> = {kind: 'backup', cancellable: true};

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
  return defaultBackupName(
    manyEngines(state) ? `${ref.engine.replace(/[^A-Za-z0-9_.-]+/g, '_')}-${ref.name}` : ref.name,
    stamp,
  );
}

export const backup: DialogFlow<BackupDialog> = {
  context: () => 'backup',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit':
        return editField(state, dialog, 'path', action.op);
      case 'recentTarget': {
        const count = state.recentTargets.length;
        if (count === 0) return state;
        const recent =
          dialog.recent === undefined
            ? action.delta > 0
              ? 0
              : count - 1
            : (dialog.recent + action.delta + count) % count;
        const folder = state.recentTargets[recent]!;
        // One volume into a folder here: the usual file name in it; an sftp:// or rclone: folder gets it when the backup starts.
        const one = dialog.volumes.length === 1 && !isRemoteAddress(folder);
        const path = one
          ? `${folder.replace(/\/+$/, '')}/${fileName(state, dialog.volumes[0]!, dialog.stamp)}`
          : folder;
        return withDialog(state, {...dialog, recent, path: fieldOf(path)});
      }
      case 'dialogToggle':
        // Stopping containers is a write: under --read-only the toggle is not offered.
        return dialog.warning && !state.readOnly ? withDialog(state, {...dialog, stop: !dialog.stop}) : state;
      case 'dialogSubmit': {
        const target = dialog.path.text.trim();
        if (!target) return state;
        const requests = dialog.volumes.map(
          (ref): BackupRequest => ({
            engine: ref.engine,
            volume: ref.name,
            // A file named in the field is that file; a folder (several volumes, or an sftp:// or rclone: one) takes each its usual name.
            path:
              dialog.volumes.length === 1 && (isArchiveName(target) || !isRemoteAddress(target))
                ? target
                : `${target.replace(/\/+$/, '')}/${fileName(state, ref, dialog.stamp)}`,
            expected: state.rows.find((row) => row.key === volumeKey(ref.engine, ref.name))?.size ?? undefined,
            stopContainers: dialog.stop && !state.readOnly,
          }),
        );
        // Offered first next time (the file of remembered folders is written once a backup succeeds).
        const folder = isArchiveName(target) ? target.replace(/\/[^/]*$/, '') || '.' : target;
        const recentTargets = [folder, ...state.recentTargets.filter((t) => t !== folder)].slice(0, 5);
        return startJob({...state, recentTargets}, backupJob, requests);
      }
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
