import {volumeNameProblem} from '../../model/cleanup.js';
import type {JobOutcome} from '../../model/records.js';
import {edit, fieldOf, type TextField} from '../../model/text-field.js';
import {selectedRow} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

/** `M`: a new name for a volume no container uses (copy, compare, remove the old one). */
export type RenameDialog =
  | {
      readonly kind: 'renamePrompt';
      readonly engine: string;
      readonly volume: string;
      readonly target: TextField;
      /** Compose finds its volumes by name: the dialog says what a rename means to it. */
      readonly composeProject: string | null;
      /** Containers that use it (any state): a rename is refused, and the dialog says why up front. */
      readonly users: readonly string[];
      readonly size: number | null | undefined;
      readonly error?: string;
    }
  | {
      readonly kind: 'renaming';
      readonly seq: number;
      readonly engine: string;
      readonly volume: string;
      readonly target: string;
      readonly expected: number | undefined;
      readonly progress?: {readonly bytes: number; readonly startedMs: number; readonly nowMs: number};
      readonly cancelled: boolean;
    }
  | {readonly kind: 'renameDone'; readonly outcome: JobOutcome};

export function openRename<S extends DialogHost>(state: S): S {
  const row = selectedRow(state);
  if (!row) return state;
  return withDialog(state, {
    kind: 'renamePrompt',
    engine: row.engine,
    volume: row.volume.name,
    target: fieldOf(row.volume.name),
    composeProject: row.composeProject,
    users: row.containers.map((c) => `${c.name} (${c.state})`),
    size: row.size,
  });
}

export const rename: DialogFlow<RenameDialog> = {
  context: (dialog) => (dialog.kind === 'renamePrompt' ? 'rename' : dialog.kind === 'renaming' ? 'working' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit': {
        if (dialog.kind !== 'renamePrompt') return state;
        const target = edit(dialog.target, action.op);
        return target === dialog.target ? state : withDialog(state, {...dialog, target, error: undefined});
      }
      case 'dialogSubmit': {
        if (dialog.kind !== 'renamePrompt' || dialog.users.length) return state;
        const target = dialog.target.text.trim();
        const taken = state.rows.some((row) => row.engine === dialog.engine && row.volume.name === target);
        const problem =
          target === dialog.volume ? 'Type the new name.' : (volumeNameProblem(target) ?? (taken ? `A volume named ${target} exists already: choose another name.` : undefined));
        if (problem) return withDialog(state, {...dialog, error: problem});
        const {engine, volume, size} = dialog;
        return startWork(state, (seq): RenameDialog => ({kind: 'renaming', seq, engine, volume, target, expected: size ?? undefined, cancelled: false}));
      }
      case 'renameProgress':
        if (dialog.kind !== 'renaming' || dialog.seq !== action.seq) return state;
        return withDialog(state, {...dialog, progress: {bytes: action.bytes, startedMs: action.startedMs, nowMs: action.nowMs}});
      case 'renameFinished':
        return dialog.kind === 'renaming' && dialog.seq === action.seq ? withDialog(state, {kind: 'renameDone', outcome: action.outcome}) : state;
      case 'dialogCancel':
        // Cancelled mid-copy: the hook aborts it; the old volume stays as it was, the new one goes.
        if (dialog.kind === 'renaming') return dialog.cancelled ? state : withDialog(state, {...dialog, cancelled: true});
        return withDialog(state, undefined);
      case 'dialogPress':
        return dialog.kind === 'renameDone' ? withDialog(state, undefined) : state;
      default:
        return state;
    }
  },
};
