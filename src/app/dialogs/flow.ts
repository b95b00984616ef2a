import type {KeyContext} from '../../keymap/types.js';
import {type EditOp, edit, type TextField} from '../../model/text-field.js';
import type {ActionOf, DialogAction} from '../actions.js';
import type {VolumeListState} from '../selectors.js';

/**
 * What a dialog flow reads and writes of the app's state. Declared here rather than taking
 * AppState, which holds the dialogs: the flows and the state would import each other.
 */
export interface DialogHost extends VolumeListState {
  /** Source of request ids: effects tag their results with one, and stale results are dropped. */
  readonly seq: number;
  /** Volume-table rows on screen: the dialog lists' room follows from it (model/screen-layout). */
  readonly pageSize: number;
  /** --read-only: nothing a dialog offers may write, stop or pause. */
  readonly readOnly: boolean;
  /** Folders backups last went to, newest first. */
  readonly recentTargets: readonly string[];
  readonly dialog?: unknown;
}

/**
 * One dialog flow (remove, prune, create, backup, clone, restore): which keys apply while one of
 * its dialogs is open, and its transitions — keys routed to it and results of the work it started.
 */
export interface DialogFlow<D> {
  context(dialog: D): KeyContext;
  reduce<S extends DialogHost>(state: S, dialog: D, action: DialogInput): S;
}

/** What reaches the open dialog: its own actions, and edits of the line being typed in it. */
export type DialogInput = DialogAction | ActionOf<'edit'>;

export function withDialog<S extends DialogHost>(state: S, dialog: unknown): S {
  return {...state, dialog};
}

/** The dialog replaced by one that starts work: it takes the next request id, which it returns as `seq`. */
export function startWork<S extends DialogHost>(state: S, dialog: (seq: number) => unknown): S {
  const seq = state.seq + 1;
  return {...state, seq, dialog: dialog(seq)};
}

/**
 * One edit of the prompt's text field `key`. A message about what was typed goes with the edit
 * (the user is mending it); an edit that changes nothing keeps the state as it is.
 */
export function editField<S extends DialogHost, D extends object, K extends keyof D>(
  state: S,
  dialog: D,
  key: K,
  op: EditOp,
): S {
  const field = dialog[key] as TextField;
  const next = edit(field, op);
  return next === field
    ? state
    : withDialog(state, {...dialog, [key]: next, ...('error' in dialog ? {error: undefined} : {})});
}
