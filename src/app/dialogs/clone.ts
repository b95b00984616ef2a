import {volumeNameProblem} from '../../model/cleanup.js';
import type {JobOutcome} from '../../model/records.js';
import {edit, fieldOf, type TextField} from '../../model/text-field.js';
import {nextEngine, selectedRow} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

/** `engine` holds the source; `targetEngine` takes the copy (the same one unless Ctrl+T chose another). */
export type CloneDialog =
  | {readonly kind: 'clonePrompt'; readonly engine: string; readonly source: string; readonly targetEngine: string; readonly target: TextField; readonly labels: boolean; readonly error?: string}
  | {
      readonly kind: 'cloning';
      readonly seq: number;
      readonly engine: string;
      readonly source: string;
      readonly targetEngine: string;
      readonly target: string;
      readonly labels: boolean;
      /** The source's measured size: what the progress and ETA are of. */
      readonly expected: number | undefined;
      readonly progress?: {readonly bytes: number; readonly startedMs: number; readonly nowMs: number};
      readonly cancelled: boolean;
    }
  | {readonly kind: 'cloneDone'; readonly outcome: JobOutcome};

/** `c`: the selected volume into a new name, `NAME-copy` to start with, on the same engine to start with. */
export function openClone<S extends DialogHost>(state: S): S {
  const row = selectedRow(state);
  return row ? withDialog(state, {kind: 'clonePrompt', engine: row.engine, source: row.volume.name, targetEngine: row.engine, target: fieldOf(`${row.volume.name}-copy`), labels: true}) : state;
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
      case 'dialogEngine':
        return dialog.kind === 'clonePrompt' ? withDialog(state, {...dialog, targetEngine: nextEngine(state, dialog.targetEngine), error: undefined}) : state;
      case 'dialogSubmit': {
        if (dialog.kind !== 'clonePrompt') return state;
        const target = dialog.target.text.trim();
        const taken = state.rows.some((row) => row.engine === dialog.targetEngine && row.volume.name === target);
        const problem = volumeNameProblem(target) ?? (taken ? `A volume named ${target} exists already${state.engines.length > 1 ? ` on ${dialog.targetEngine}` : ''}: choose a new name.` : undefined);
        if (problem) return withDialog(state, {...dialog, error: problem});
        const expected = state.rows.find((row) => row.engine === dialog.engine && row.volume.name === dialog.source)?.size ?? undefined;
        const {engine, source, targetEngine, labels} = dialog;
        return startWork(state, (seq): CloneDialog => ({kind: 'cloning', seq, engine, source, targetEngine, target, labels, expected, cancelled: false}));
      }
      case 'cloneProgress':
        if (dialog.kind !== 'cloning' || dialog.seq !== action.seq) return state;
        return withDialog(state, {...dialog, progress: {bytes: action.bytes, startedMs: action.startedMs, nowMs: action.nowMs}});
      case 'cloneFinished':
        if (dialog.kind !== 'cloning' || dialog.seq !== action.seq) return state;
        return withDialog(state, {kind: 'cloneDone', outcome: action.outcome});
      case 'dialogCancel':
        // A clone under way stops: the hook aborts it, and a target it created is removed again.
        if (dialog.kind === 'cloning') return dialog.cancelled ? state : withDialog(state, {...dialog, cancelled: true});
        return withDialog(state, undefined);
      case 'dialogPress':
        return dialog.kind === 'cloneDone' ? withDialog(state, undefined) : state;
      default:
        return state;
    }
  },
};
