import type {KeyContext} from '../../keymap/types.js';
import type {JobDialog} from '../jobs/job.js';
import {jobFlow} from '../jobs/job-flow.js';
import {backup, type BackupDialog} from './backup.js';
import {clone, type CloneDialog} from './clone.js';
import {create, type CreateDialog} from './create.js';
import {empty, type EmptyDialog} from './empty.js';
import {rename, type RenameDialog} from './rename.js';
import type {DialogFlow, DialogHost, DialogInput} from './flow.js';
import {prune, type PruneDialog} from './prune.js';
import {removal, type RemovalDialog} from './remove.js';
import {restore, type RestoreDialog} from './restore.js';
import {restoreFiles, type RestoreFilesDialog} from './restore-files.js';
import {openArchive, type OpenArchiveDialog} from './open-archive.js';
import {copyIn, type CopyInDialog} from './copy-in.js';
import {editFile, type EditFileDialog} from './edit-file.js';

/** The dialog on top of the table; one at a time. */
export type Dialog =
  | RemovalDialog
  | PruneDialog
  | CreateDialog
  | BackupDialog
  | CloneDialog
  | RestoreDialog
  | RestoreFilesDialog
  | OpenArchiveDialog
  | CopyInDialog
  | EditFileDialog
  | EmptyDialog
  | RenameDialog
  | JobDialog;

type FlowTable = {[K in Dialog['kind']]: DialogFlow<Extract<Dialog, {kind: K}>>};

/** Which flow owns each kind of dialog: a kind added to Dialog without a flow here is a compile error. */
const FLOWS: FlowTable = {
  remove: removal,
  blocked: removal,
  removing: removal,
  removed: removal,
  prune,
  create,
  backupPrompt: backup,
  clonePrompt: clone,
  restorePrompt: restore,
  restoreFilesPrompt: restoreFiles,
  openArchivePrompt: openArchive,
  copyInPrompt: copyIn,
  editFile,
  emptyPrompt: empty,
  renamePrompt: rename,
  // Every job once started, whatever its kind (app/jobs).
  working: jobFlow,
  done: jobFlow,
};

function flowOf<D extends Dialog>(dialog: D): DialogFlow<D> {
  return FLOWS[dialog.kind] as unknown as DialogFlow<D>;
}

export function dialogContext(dialog: Dialog): KeyContext {
  return flowOf(dialog).context(dialog);
}

/** Hands the action to the open dialog's flow; without a dialog it means nothing. */
export function reduceDialog<S extends DialogHost & {readonly dialog?: Dialog}>(state: S, action: DialogInput): S {
  const dialog = state.dialog;
  return dialog ? flowOf(dialog).reduce(state, dialog, action) : state;
}
