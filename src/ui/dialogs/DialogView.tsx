import type {ReactElement} from 'react';
import type {Dialog} from '../../app/dialogs/index.js';
import type {VolumeRef} from '../../model/engines.js';
import {BackupDialog, backupJobView} from './BackupDialog.js';
import {CloneDialog, cloneJobView} from './CloneDialog.js';
import {CreateDialog} from './CreateDialog.js';
import {EmptyDialog, emptyJobView} from './EmptyDialog.js';
import {exportJobView} from './ExportJobView.js';
import {JobView, type JobViews} from './JobView.js';
import type {DialogFrame} from './parts.js';
import {PruneDialog} from './PruneDialog.js';
import {RemovalDialog} from './RemovalDialog.js';
import {RenameDialog, renameJobView} from './RenameDialog.js';
import {RestoreDialog, restoreJobView} from './RestoreDialog.js';
import {RestoreFilesDialog, restoreFilesJobView} from './RestoreFilesDialog.js';
import {OpenArchiveDialog} from './OpenArchiveDialog.js';
import {CopyInDialog, copyInJobView} from './CopyInDialog.js';
import {EditFileDialog, editJobView} from './EditFileDialog.js';

export interface DialogViewProps {
  readonly dialog: Dialog;
  readonly frame: DialogFrame;
  /** The volumes a prune in the dialog's scope removes (the same list the reducer removes). */
  readonly pruneList: readonly VolumeRef[];
  /** Lines the remove or prune list may use. */
  readonly listRoom: number;
  /** Folders backups last went to, offered in the backup prompt. */
  readonly recentTargets: readonly string[];
}

/** Each kind of job once started: a kind without its view does not compile. */
const JOB_VIEWS: JobViews = {
  export: exportJobView,
  backup: backupJobView,
  clone: cloneJobView,
  restore: restoreJobView,
  restoreFiles: restoreFilesJobView,
  empty: emptyJobView,
  rename: renameJobView,
  copyIn: copyInJobView,
  edit: editJobView,
};

type Views = {
  readonly [K in Dialog['kind']]: (
    props: DialogViewProps & {readonly dialog: Extract<Dialog, {kind: K}>},
  ) => ReactElement;
};

/** Which view draws each kind of dialog: a kind added to Dialog without a view here is a compile error. */
const VIEWS: Views = {
  remove: (p) => <RemovalDialog dialog={p.dialog} listRoom={p.listRoom} frame={p.frame} />,
  blocked: (p) => <RemovalDialog dialog={p.dialog} listRoom={p.listRoom} frame={p.frame} />,
  removing: (p) => <RemovalDialog dialog={p.dialog} listRoom={p.listRoom} frame={p.frame} />,
  removed: (p) => <RemovalDialog dialog={p.dialog} listRoom={p.listRoom} frame={p.frame} />,
  prune: (p) => <PruneDialog dialog={p.dialog} candidates={p.pruneList} listRoom={p.listRoom} frame={p.frame} />,
  create: (p) => <CreateDialog dialog={p.dialog} frame={p.frame} />,
  backupPrompt: (p) => <BackupDialog dialog={p.dialog} frame={p.frame} recent={p.recentTargets} />,
  clonePrompt: (p) => <CloneDialog dialog={p.dialog} frame={p.frame} />,
  restorePrompt: (p) => <RestoreDialog dialog={p.dialog} frame={p.frame} />,
  restoreFilesPrompt: (p) => <RestoreFilesDialog dialog={p.dialog} frame={p.frame} />,
  openArchivePrompt: (p) => <OpenArchiveDialog dialog={p.dialog} frame={p.frame} />,
  emptyPrompt: (p) => <EmptyDialog dialog={p.dialog} frame={p.frame} />,
  renamePrompt: (p) => <RenameDialog dialog={p.dialog} frame={p.frame} />,
  copyInPrompt: (p) => <CopyInDialog dialog={p.dialog} frame={p.frame} />,
  editFile: (p) => <EditFileDialog dialog={p.dialog} frame={p.frame} />,
  working: (p) => <JobView dialog={p.dialog} views={JOB_VIEWS} frame={p.frame} />,
  done: (p) => <JobView dialog={p.dialog} views={JOB_VIEWS} frame={p.frame} />,
};

/** The open dialog, drawn by its flow's view. */
export function DialogView(props: DialogViewProps): ReactElement {
  // The table pairs each kind with its view; the union cannot carry that pairing through an index.
  const view = VIEWS[props.dialog.kind] as (props: DialogViewProps) => ReactElement;
  return view(props);
}
