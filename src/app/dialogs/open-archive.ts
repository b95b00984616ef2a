import {joinTarget} from '../../model/store-address.js';
import {EMPTY_FIELD, fieldOf, type TextField} from '../../model/text-field.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';

/** `o`: which backup to open in the file browser (a path here, sftp://…, rclone:…). */
export type OpenArchiveDialog = {
  readonly kind: 'openArchivePrompt';
  readonly archive: TextField;
  /** Which folder used before (↑/↓) fills the field. */
  readonly recent?: number;
  readonly error?: string;
  /** Submitted: the reducer opens this archive in the browser in the dialog's place. */
  readonly opening?: string;
};

export function openArchivePrompt<S extends DialogHost>(state: S): S {
  const folder = state.recentTargets[0];
  return withDialog(state, {
    kind: 'openArchivePrompt',
    archive: folder ? fieldOf(joinTarget(folder, '')) : EMPTY_FIELD,
    ...(folder ? {recent: 0} : {}),
  } satisfies OpenArchiveDialog);
}

/**
 * Enter leaves `opening` for the reducer (app/reducer.ts), which opens the archive's browser in
 * the dialog's place: a flow sees only the dialog host, not the views.
 */
export const openArchive: DialogFlow<OpenArchiveDialog> = {
  context: () => 'openArchive',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit':
        return editField(state, dialog, 'archive', action.op);
      case 'recentTarget': {
        const count = state.recentTargets.length;
        if (count === 0) return state;
        const recent = ((dialog.recent ?? -1) + action.delta + count) % count;
        return withDialog(state, {...dialog, recent, archive: fieldOf(joinTarget(state.recentTargets[recent]!, ''))});
      }
      case 'dialogSubmit': {
        const archive = dialog.archive.text.trim();
        if (!archive || archive.endsWith('/'))
          return withDialog(state, {...dialog, error: 'Which backup? Complete the path with its file name.'});
        return withDialog(state, {...dialog, error: undefined, opening: archive});
      }
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};

/** The archive the prompt was submitted with, if it was. */
export function submittedArchive(dialog: {readonly kind: string} | undefined): string | undefined {
  return dialog?.kind === 'openArchivePrompt' ? (dialog as OpenArchiveDialog).opening : undefined;
}
