import {freeHint, holdersText, type RemoveOutcome} from '../../model/cleanup.js';
import {refOf, type VolumeRef, volumeKey} from '../../model/engines.js';
import {scroll as scrollList} from '../../model/list-view.js';
import {dialogListRoom} from '../../model/screen-layout.js';
import {removalRows} from '../selectors.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

type Focus = 'cancel' | 'confirm';

/** A volume the user asked to remove that a container holds: named with its holders, never tried. */
export interface Blocked extends VolumeRef {
  readonly holders: string;
  readonly hint: string;
}

/** How one volume of a confirmed removal ended, on its engine. */
export interface EngineOutcome {
  readonly engine: string;
  readonly outcome: RemoveOutcome;
}

/** Removing exactly what was confirmed (from `d`, or from a prune), then what came of it. */
export type RemovalDialog =
  | {
      readonly kind: 'remove';
      readonly volumes: readonly VolumeRef[];
      readonly blocked: readonly Blocked[];
      readonly focus: Focus;
      readonly scroll: number;
    }
  | {readonly kind: 'blocked'; readonly blocked: readonly Blocked[]}
  | {
      readonly kind: 'removing';
      /** Exactly the volumes confirmed, frozen at the keypress, grouped by engine. */
      readonly volumes: readonly VolumeRef[];
      /** By volume key. */
      readonly sizes: ReadonlyMap<string, number | null | undefined>;
      readonly outcomes: readonly EngineOutcome[];
      /** Why a volume was skipped, in words (container names rather than ids), by volume key. */
      readonly why: ReadonlyMap<string, string>;
      readonly seq: number;
    }
  | {
      readonly kind: 'removed';
      readonly outcomes: readonly EngineOutcome[];
      readonly reclaimed: number;
      readonly why: ReadonlyMap<string, string>;
    };

/** `d`: the marked volumes, else the selected one; those a container holds are named and kept. */
export function openRemove<S extends DialogHost>(state: S): S {
  const rows = removalRows(state);
  if (rows.length === 0) return state;
  const blocked: Blocked[] = rows
    .filter((row) => row.containers.length)
    .map((row) => ({...refOf(row), holders: holdersText(row), hint: freeHint(row)}));
  const volumes = grouped(rows.filter((row) => row.containers.length === 0).map(refOf));
  return withDialog(
    state,
    volumes.length ? {kind: 'remove', volumes, blocked, focus: 'cancel', scroll: 0} : {kind: 'blocked', blocked},
  );
}

/** Engine by engine, in the order the engines first appear: each group is one `docker volume rm`. */
function grouped(volumes: readonly VolumeRef[]): VolumeRef[] {
  const order = [...new Set(volumes.map((v) => v.engine))];
  return order.flatMap((engine) => volumes.filter((v) => v.engine === engine));
}

/** Freezes exactly these volumes for the removal; their marks go, the rest stay. */
export function startRemoving<S extends DialogHost>(state: S, chosen: readonly VolumeRef[]): S {
  if (chosen.length === 0) return withDialog(state, undefined);
  const volumes = grouped(chosen);
  const keys = new Set(volumes.map((v) => volumeKey(v.engine, v.name)));
  const sizes = new Map(state.rows.filter((row) => keys.has(row.key)).map((row) => [row.key, row.size]));
  const marks = new Set([...state.marks].filter((key) => !keys.has(key)));
  return startWork(
    {...state, marks},
    (seq): RemovalDialog => ({kind: 'removing', volumes, sizes, outcomes: [], why: new Map(), seq}),
  );
}

export const removal: DialogFlow<RemovalDialog> = {
  context: (dialog) => (dialog.kind === 'remove' ? 'remove' : dialog.kind === 'removing' ? 'working' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'dialogFocus':
        return dialog.kind === 'remove'
          ? withDialog(state, {...dialog, focus: dialog.focus === 'cancel' ? 'confirm' : 'cancel'})
          : state;
      case 'dialogScroll': {
        if (dialog.kind !== 'remove') return state;
        const scroll = scrollList(
          dialog.scroll,
          action.delta,
          dialog.volumes.length + dialog.blocked.length,
          dialogListRoom(state.pageSize, 'remove'),
        );
        return scroll === dialog.scroll ? state : withDialog(state, {...dialog, scroll});
      }
      case 'dialogPress':
        if (dialog.kind === 'remove')
          return dialog.focus === 'confirm' ? startRemoving(state, dialog.volumes) : withDialog(state, undefined);
        return dialog.kind === 'removing' ? state : withDialog(state, undefined);
      case 'dialogCancel':
        // A removal under way finishes and reports; it is not abandoned half-told.
        return dialog.kind === 'removing' ? state : withDialog(state, undefined);
      case 'removed': {
        if (dialog.kind !== 'removing' || dialog.seq !== action.seq) return state;
        const outcomes = [...dialog.outcomes, {engine: action.engine, outcome: action.outcome}];
        const why =
          action.why === undefined
            ? dialog.why
            : new Map(dialog.why).set(volumeKey(action.engine, action.outcome.name), action.why);
        if (outcomes.length < dialog.volumes.length) return withDialog(state, {...dialog, outcomes, why});
        const reclaimed = outcomes.reduce(
          (sum, {engine, outcome}) =>
            sum + (outcome.removed ? Math.max(0, dialog.sizes.get(volumeKey(engine, outcome.name)) ?? 0) : 0),
          0,
        );
        return withDialog(state, {kind: 'removed', outcomes, reclaimed, why});
      }
      default:
        return state;
    }
  },
};
