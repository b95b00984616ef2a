import {freeHint, holdersText, type RemoveOutcome} from '../../model/cleanup.js';
import {scroll as scrollList} from '../../model/list-view.js';
import {dialogListRoom} from '../../model/screen-layout.js';
import type {VolumeRow} from '../../model/types.js';
import {removalRows} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

type Focus = 'cancel' | 'confirm';

/** A volume the user asked to remove that a container holds: named with its holders, never tried. */
export interface Blocked {
  readonly name: string;
  readonly holders: string;
  readonly hint: string;
}

/** Removing exactly what was confirmed (from `d`, or from a prune), then what came of it. */
export type RemovalDialog =
  | {readonly kind: 'remove'; readonly names: readonly string[]; readonly blocked: readonly Blocked[]; readonly focus: Focus; readonly scroll: number}
  | {readonly kind: 'blocked'; readonly blocked: readonly Blocked[]}
  | {
      readonly kind: 'removing';
      /** Exactly the names confirmed, frozen at the keypress. */
      readonly names: readonly string[];
      readonly sizes: ReadonlyMap<string, number | null | undefined>;
      readonly outcomes: readonly RemoveOutcome[];
      /** Why a name was skipped, in words (container names rather than ids). */
      readonly why: ReadonlyMap<string, string>;
      readonly seq: number;
    }
  | {readonly kind: 'removed'; readonly outcomes: readonly RemoveOutcome[]; readonly reclaimed: number; readonly why: ReadonlyMap<string, string>};

/** `d`: the marked volumes, else the selected one; those a container holds are named and kept. */
export function openRemove<S extends DialogHost>(state: S): S {
  const rows = removalRows(state);
  if (rows.length === 0) return state;
  const blocked: Blocked[] = rows.filter((row) => row.containers.length).map((row) => ({name: row.volume.name, holders: holdersText(row), hint: freeHint(row)}));
  const names = rows.filter((row) => row.containers.length === 0).map((row) => row.volume.name);
  return withDialog(state, names.length ? {kind: 'remove', names, blocked, focus: 'cancel', scroll: 0} : {kind: 'blocked', blocked});
}

/** Freezes exactly these names for the removal; their marks go, the rest stay. */
export function startRemoving<S extends DialogHost>(state: S, names: readonly string[]): S {
  if (names.length === 0) return withDialog(state, undefined);
  const sizes = new Map(state.rows.filter((row: VolumeRow) => names.includes(row.volume.name)).map((row) => [row.volume.name, row.size]));
  const marks = new Set([...state.marks].filter((name) => !names.includes(name)));
  return startWork({...state, marks}, (seq): RemovalDialog => ({kind: 'removing', names: [...names], sizes, outcomes: [], why: new Map(), seq}));
}

export const removal: DialogFlow<RemovalDialog> = {
  context: (dialog) => (dialog.kind === 'remove' ? 'remove' : dialog.kind === 'removing' ? 'working' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'dialogFocus':
        return dialog.kind === 'remove' ? withDialog(state, {...dialog, focus: dialog.focus === 'cancel' ? 'confirm' : 'cancel'}) : state;
      case 'dialogScroll': {
        if (dialog.kind !== 'remove') return state;
        const scroll = scrollList(dialog.scroll, action.delta, dialog.names.length + dialog.blocked.length, dialogListRoom(state.pageSize, 'remove'));
        return scroll === dialog.scroll ? state : withDialog(state, {...dialog, scroll});
      }
      case 'dialogPress':
        if (dialog.kind === 'remove') return dialog.focus === 'confirm' ? startRemoving(state, dialog.names) : withDialog(state, undefined);
        return dialog.kind === 'removing' ? state : withDialog(state, undefined);
      case 'dialogCancel':
        // A removal under way finishes and reports; it is not abandoned half-told.
        return dialog.kind === 'removing' ? state : withDialog(state, undefined);
      case 'removed': {
        if (dialog.kind !== 'removing' || dialog.seq !== action.seq) return state;
        const outcomes = [...dialog.outcomes, action.outcome];
        const why = action.why === undefined ? dialog.why : new Map(dialog.why).set(action.outcome.name, action.why);
        if (outcomes.length < dialog.names.length) return withDialog(state, {...dialog, outcomes, why});
        const reclaimed = outcomes.reduce((sum, o) => sum + (o.removed ? Math.max(0, dialog.sizes.get(o.name) ?? 0) : 0), 0);
        return withDialog(state, {kind: 'removed', outcomes, reclaimed, why});
      }
      default:
        return state;
    }
  },
};
