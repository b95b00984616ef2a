import {volumeNameProblem} from '../../model/cleanup.js';
import {EMPTY_FIELD, type TextField} from '../../model/text-field.js';
import {defaultEngine, nextEngine} from '../selectors.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';

export type RestoreDialog = {
  readonly kind: 'restorePrompt';
  readonly engine: string;
  readonly file: TextField;
  readonly volume: TextField;
  readonly field: 0 | 1;
  readonly error?: string;
};

/** Esc aborts it, and it is undone as for a damaged archive. */
export const restoreJob: JobSpec<'restore'> = {kind: 'restore', cancellable: true};

export function openRestore<S extends DialogHost>(state: S): S {
  return withDialog(state, {
    kind: 'restorePrompt',
    engine: defaultEngine(state),
    file: EMPTY_FIELD,
    volume: EMPTY_FIELD,
    field: 0,
  });
}

export const restore: DialogFlow<RestoreDialog> = {
  context: () => 'restore',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'dialogEngine':
        return withDialog(state, {...dialog, engine: nextEngine(state, dialog.engine), error: undefined});
      case 'dialogField':
        return withDialog(state, {...dialog, field: dialog.field === 0 ? 1 : 0});
      case 'edit':
        return editField(state, dialog, dialog.field === 0 ? 'file' : 'volume', action.op);
      case 'dialogSubmit': {
        const file = dialog.file.text.trim();
        const volume = dialog.volume.text.trim();
        const problem = !file ? 'Which backup file? Type its path.' : volumeNameProblem(volume);
        if (problem) return withDialog(state, {...dialog, error: problem});
        return startJob(state, restoreJob, [{engine: dialog.engine, file, volume}]);
      }
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
