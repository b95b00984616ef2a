import {volumeNameProblem} from '../../model/cleanup.js';
import type {JobOutcome} from '../../model/records.js';
import {EMPTY_FIELD, edit, type TextField} from '../../model/text-field.js';
import {defaultEngine, nextEngine} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

export type RestoreDialog =
  | {readonly kind: 'restorePrompt'; readonly engine: string; readonly file: TextField; readonly volume: TextField; readonly field: 0 | 1; readonly error?: string}
  | {
      readonly kind: 'restoring';
      readonly seq: number;
      readonly engine: string;
      readonly file: string;
      readonly volume: string;
      /** Bytes of tar handed to the engine: a gzip bomb shows here growing, and Esc stops it. */
      readonly progress?: {readonly bytes: number; readonly startedMs: number; readonly nowMs: number};
      readonly cancelled: boolean;
    }
  | {readonly kind: 'restoreDone'; readonly outcome: JobOutcome};

export function openRestore<S extends DialogHost>(state: S): S {
  return withDialog(state, {kind: 'restorePrompt', engine: defaultEngine(state), file: EMPTY_FIELD, volume: EMPTY_FIELD, field: 0});
}

export const restore: DialogFlow<RestoreDialog> = {
  context: (dialog) => (dialog.kind === 'restorePrompt' ? 'restore' : dialog.kind === 'restoring' ? 'working' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'dialogEngine':
        return dialog.kind === 'restorePrompt' ? withDialog(state, {...dialog, engine: nextEngine(state, dialog.engine), error: undefined}) : state;
      case 'dialogField':
        return dialog.kind === 'restorePrompt' ? withDialog(state, {...dialog, field: dialog.field === 0 ? 1 : 0}) : state;
      case 'edit': {
        if (dialog.kind !== 'restorePrompt') return state;
        const key = dialog.field === 0 ? 'file' : 'volume';
        const next = edit(dialog[key], action.op);
        return next === dialog[key] ? state : withDialog(state, {...dialog, [key]: next, error: undefined});
      }
      case 'dialogSubmit': {
        if (dialog.kind !== 'restorePrompt') return state;
        const file = dialog.file.text.trim();
        const volume = dialog.volume.text.trim();
        const problem = !file ? 'Which backup file? Type its path.' : volumeNameProblem(volume);
        if (problem) return withDialog(state, {...dialog, error: problem});
        return startWork(state, (seq): RestoreDialog => ({kind: 'restoring', seq, engine: dialog.engine, file, volume, cancelled: false}));
      }
      case 'restoreProgress':
        if (dialog.kind !== 'restoring' || dialog.seq !== action.seq) return state;
        return withDialog(state, {...dialog, progress: {bytes: action.bytes, startedMs: action.startedMs, nowMs: action.nowMs}});
      case 'restoreFinished':
        if (dialog.kind !== 'restoring' || dialog.seq !== action.seq) return state;
        return withDialog(state, {kind: 'restoreDone', outcome: action.outcome});
      case 'dialogCancel':
        // A restore under way stops: the hook aborts it, and it is undone as for a damaged archive.
        if (dialog.kind === 'restoring') return dialog.cancelled ? state : withDialog(state, {...dialog, cancelled: true});
        return withDialog(state, undefined);
      case 'dialogPress':
        return dialog.kind === 'restoreDone' ? withDialog(state, undefined) : state;
      default:
        return state;
    }
  },
};
