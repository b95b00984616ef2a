import {volumeNameProblem} from '../../model/cleanup.js';
import type {JobOutcome} from '../../model/records.js';
import {edit, fieldOf, type TextField} from '../../model/text-field.js';
import {selectedRow} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

export type CloneDialog =
  | {readonly kind: 'clonePrompt'; readonly engine: string; readonly source: string; readonly target: TextField; readonly labels: boolean; readonly error?: string}
  | {readonly kind: 'cloning'; readonly seq: number; readonly engine: string; readonly source: string; readonly target: string; readonly labels: boolean}
  | {readonly kind: 'cloneDone'; readonly outcome: JobOutcome};

/** `c`: the selected volume into a new name, `NAME-copy` to start with. */
export function openClone<S extends DialogHost>(state: S): S {
  const row = selectedRow(state);
  return row ? withDialog(state, {kind: 'clonePrompt', engine: row.engine, source: row.volume.name, target: fieldOf(`${row.volume.name}-copy`), labels: true}) : state;
}

export const clone: DialogFlow<CloneDialog> = {
  context: (dialog) => (dialog.kind === 'clonePrompt' ? 'clone' : dialog.kind === 'cloning' ? 'working' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit': {
        if (dialog.kind !== 'clonePrompt') return state;
        const target = edit(dialog.target, action.op);
        return target === dialog.target ? state : withDialog(state, {...dialog, target, error: undefined});
      }
      case 'dialogToggle':
        return dialog.kind === 'clonePrompt' ? withDialog(state, {...dialog, labels: !dialog.labels}) : state;
      case 'dialogSubmit': {
        if (dialog.kind !== 'clonePrompt') return state;
        const target = dialog.target.text.trim();
        const problem = volumeNameProblem(target) ?? (state.rows.some((row) => row.engine === dialog.engine && row.volume.name === target) ? `A volume named ${target} exists already: choose a new name.` : undefined);
        if (problem) return withDialog(state, {...dialog, error: problem});
        return startWork(state, (seq): CloneDialog => ({kind: 'cloning', seq, engine: dialog.engine, source: dialog.source, target, labels: dialog.labels}));
      }
      case 'cloneFinished':
        if (dialog.kind !== 'cloning' || dialog.seq !== action.seq) return state;
        return withDialog(state, {kind: 'cloneDone', outcome: action.outcome});
      case 'dialogCancel':
        // A clone under way finishes and reports.
        return dialog.kind === 'cloning' ? state : withDialog(state, undefined);
      case 'dialogPress':
        return dialog.kind === 'cloneDone' ? withDialog(state, undefined) : state;
      default:
        return state;
    }
  },
};
