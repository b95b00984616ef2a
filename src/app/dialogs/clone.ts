import {volumeNameProblem} from '../../model/cleanup.js';
import {fieldOf, type TextField} from '../../model/text-field.js';
import {nextEngine, selectedRow} from '../selectors.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';

/** `engine` holds the source; `targetEngine` takes the copy (the same one unless Ctrl+T chose another). */
export type CloneDialog = {
  readonly kind: 'clonePrompt';
  readonly engine: string;
  readonly source: string;
  readonly targetEngine: string;
  readonly target: TextField;
  readonly labels: boolean;
  readonly error?: string;
};

/** Esc aborts it: a target volume it created is removed again. */
export const cloneJob: JobSpec<'clone'> = {kind: 'clone', cancellable: true};

/** `c`: the selected volume into a new name, `NAME-copy` to start with, on the same engine to start with. */
export function openClone<S extends DialogHost>(state: S): S {
  const row = selectedRow(state);
  return row
    ? withDialog(state, {
        kind: 'clonePrompt',
        engine: row.engine,
        source: row.volume.name,
        targetEngine: row.engine,
        target: fieldOf(`${row.volume.name}-copy`),
        labels: true,
      })
    : state;
}

export const clone: DialogFlow<CloneDialog> = {
  context: () => 'clone',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit':
        return editField(state, dialog, 'target', action.op);
      case 'dialogToggle':
        return withDialog(state, {...dialog, labels: !dialog.labels});
      case 'dialogEngine':
        return withDialog(state, {...dialog, targetEngine: nextEngine(state, dialog.targetEngine), error: undefined});
      case 'dialogSubmit': {
        const target = dialog.target.text.trim();
        const taken = state.rows.some((row) => row.engine === dialog.targetEngine && row.volume.name === target);
        const elsewhere = state.engines.length > 1 ? ` on ${dialog.targetEngine}` : '';
        const problem =
          volumeNameProblem(target) ??
          (taken ? `A volume named ${target} exists already${elsewhere}: choose a new name.` : undefined);
        if (problem) return withDialog(state, {...dialog, error: problem});
        const expected =
          state.rows.find((row) => row.engine === dialog.engine && row.volume.name === dialog.source)?.size ??
          undefined;
        const {engine, source, targetEngine, labels} = dialog;
        return startJob(state, cloneJob, [{engine, source, targetEngine, target, labels, expected}]);
      }
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
