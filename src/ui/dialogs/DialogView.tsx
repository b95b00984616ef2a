import React from 'react';
import type {Dialog} from '../../app/dialogs/index.js';
import type {VolumeRef} from '../../model/engines.js';
import {BackupDialog} from './BackupDialog.js';
import {CloneDialog} from './CloneDialog.js';
import {CreateDialog} from './CreateDialog.js';
import {EmptyDialog} from './EmptyDialog.js';
import {RenameDialog} from './RenameDialog.js';
import type {DialogFrame} from './parts.js';
import {PruneDialog} from './PruneDialog.js';
import {RemovalDialog} from './RemovalDialog.js';
import {RestoreDialog} from './RestoreDialog.js';

export interface DialogViewProps {
  readonly dialog: Dialog;
  readonly frame: DialogFrame;
  /** The volumes a prune in the dialog's scope removes (the same list the reducer removes). */
  readonly pruneList: readonly VolumeRef[];
  /** Lines the remove or prune list may use. */
  readonly listRoom: number;
}

/** The open dialog, drawn by its flow's view. */
export function DialogView({dialog, frame, pruneList, listRoom}: DialogViewProps) {
  switch (dialog.kind) {
    case 'remove':
    case 'blocked':
    case 'removing':
    case 'removed':
      return <RemovalDialog dialog={dialog} listRoom={listRoom} frame={frame} />;
    case 'prune':
      return <PruneDialog dialog={dialog} candidates={pruneList} listRoom={listRoom} frame={frame} />;
    case 'create':
      return <CreateDialog dialog={dialog} frame={frame} />;
    case 'backupPrompt':
    case 'backingUp':
    case 'backupDone':
      return <BackupDialog dialog={dialog} frame={frame} />;
    case 'clonePrompt':
    case 'cloning':
    case 'cloneDone':
      return <CloneDialog dialog={dialog} frame={frame} />;
    case 'restorePrompt':
    case 'restoring':
    case 'restoreDone':
      return <RestoreDialog dialog={dialog} frame={frame} />;
    case 'emptyPrompt':
    case 'emptying':
    case 'emptyDone':
      return <EmptyDialog dialog={dialog} frame={frame} />;
    case 'renamePrompt':
    case 'renaming':
    case 'renameDone':
      return <RenameDialog dialog={dialog} frame={frame} />;
  }
}
