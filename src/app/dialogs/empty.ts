import {isLive} from '../../model/running-users.js';
import type {EmptyPhase, JobOutcome} from '../../model/records.js';
import {EMPTY_FIELD, edit, type TextField} from '../../model/text-field.js';
import {selectedRow} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

/** `E`: everything inside the volume goes, the volume stays; its name typed to confirm. */
export type EmptyDialog =
  | {
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
    }
  | {readonly kind: 'emptying'; readonly seq: number; readonly engine: string; readonly volume: string; readonly stop: boolean; readonly phase?: EmptyPhase}
  | {readonly kind: 'emptyDone'; readonly outcome: JobOutcome};

export function openEmpty<S extends DialogHost>(state: S): S {
  const row = selectedRow(state);
  if (!row) return state;
  const runningUsers = row.containers.filter((c) => isLive(c.state)).map((c) => c.name);
  return withDialog(state, {kind: 'emptyPrompt', engine: row.engine, volume: row.volume.name, size: row.size, runningUsers, stop: false, typed: EMPTY_FIELD});
}

export const empty: DialogFlow<EmptyDialog> = {
  context: (dialog) => (dialog.kind === 'emptyPrompt' ? 'empty' : dialog.kind === 'emptying' ? 'working' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit': {
        if (dialog.kind !== 'emptyPrompt') return state;
        const typed = edit(dialog.typed, action.op);
        return typed === dialog.typed ? state : withDialog(state, {...dialog, typed, error: undefined});
      }
      case 'dialogToggle':
        return dialog.kind === 'emptyPrompt' && dialog.runningUsers.length ? withDialog(state, {...dialog, stop: !dialog.stop, error: undefined}) : state;
      case 'dialogSubmit': {
        if (dialog.kind !== 'emptyPrompt') return state;
        if (dialog.typed.text.trim() !== dialog.volume) return withDialog(state, {...dialog, error: `Type ${dialog.volume} to confirm; nothing is deleted until then.`});
        if (dialog.runningUsers.length && !dialog.stop) {
          return withDialog(state, {...dialog, error: `${dialog.runningUsers.join(', ')} ${dialog.runningUsers.length === 1 ? 'uses' : 'use'} it now: Tab lets volscope stop ${dialog.runningUsers.length === 1 ? 'it' : 'them'} for the duration.`});
        }
        const {engine, volume, stop} = dialog;
        return startWork(state, (seq): EmptyDialog => ({kind: 'emptying', seq, engine, volume, stop}));
      }
      case 'emptyPhase':
        return dialog.kind === 'emptying' && dialog.seq === action.seq ? withDialog(state, {...dialog, phase: action.phase}) : state;
      case 'emptyFinished':
        return dialog.kind === 'emptying' && dialog.seq === action.seq ? withDialog(state, {kind: 'emptyDone', outcome: action.outcome}) : state;
      case 'dialogCancel':
        // Emptying under way finishes and reports (the containers it stopped are started again either way).
        return dialog.kind === 'emptying' ? state : withDialog(state, undefined);
      case 'dialogPress':
        return dialog.kind === 'emptyDone' ? withDialog(state, undefined) : state;
      default:
        return state;
    }
  },
};
