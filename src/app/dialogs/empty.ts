import {isLive} from '../../model/running-users.js';
import {EMPTY_FIELD, type TextField} from '../../model/text-field.js';
import {selectedRow} from '../selectors.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';

/** `E`: everything inside the volume goes, the volume stays; its name typed to confirm. */
export type EmptyDialog = {
  readonly kind: 'emptyPrompt';
  readonly engine: string;
  readonly volume: string;
  /** As measured by the last size scan (undefined: not yet, null: the driver cannot tell). */
  readonly size: number | null | undefined;
  /** Live containers that use it: refused unless `stop`. */
  readonly runningUsers: readonly string[];
  readonly stop: boolean;
  readonly typed: TextField;
  readonly error?: string;
};

/** Once begun it finishes and reports: the containers it stopped are started again either way. */
export const emptyJob: JobSpec<'empty'> = {kind: 'empty', cancellable: false};

export function openEmpty<S extends DialogHost>(state: S): S {
  const row = selectedRow(state);
  if (!row) return state;
  const runningUsers = row.containers.filter((c) => isLive(c.state)).map((c) => c.name);
  return withDialog(state, {
    kind: 'emptyPrompt',
    engine: row.engine,
    volume: row.volume.name,
    size: row.size,
    runningUsers,
    stop: false,
    typed: EMPTY_FIELD,
  });
}

export const empty: DialogFlow<EmptyDialog> = {
  context: () => 'empty',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit':
        return editField(state, dialog, 'typed', action.op);
      case 'dialogToggle':
        return dialog.runningUsers.length
          ? withDialog(state, {...dialog, stop: !dialog.stop, error: undefined})
          : state;
      case 'dialogSubmit': {
        if (dialog.typed.text.trim() !== dialog.volume)
          return withDialog(state, {
            ...dialog,
            error: `Type ${dialog.volume} to confirm; nothing is deleted until then.`,
          });
        const users = dialog.runningUsers;
        if (users.length && !dialog.stop) {
          return withDialog(state, {
            ...dialog,
            error: `${users.join(', ')} ${users.length === 1 ? 'uses' : 'use'} it now: Tab lets volscope stop ${users.length === 1 ? 'it' : 'them'} for the duration.`,
          });
        }
        return startJob(state, emptyJob, [{engine: dialog.engine, volume: dialog.volume, stopContainers: dialog.stop}]);
      }
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
