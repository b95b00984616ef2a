import {pruneCandidates} from '../model/cleanup.js';
import type {VolumeRow} from '../model/types.js';
/**
 * Facts read off the state in more than one place: by reducers, dialogs and the App. They read
 * only the volume list's part of the state (so the dialogs that use them need not import AppState).
 */
export interface VolumeListState {
  readonly rows: readonly VolumeRow[];
  /** rows after filter and sort. */
  readonly visible: readonly VolumeRow[];
  readonly cursor: number;
  readonly marks: ReadonlySet<string>;
  /** The engine decides anonymity by label (API >= 1.42), as the prune preview must. */
  readonly pruneByLabel: boolean;
}

export function selectedRow(state: VolumeListState): VolumeRow | undefined {
  return state.visible[state.cursor];
}

/** The rows a prune in this scope would take, as the dialog shows them: the same list is removed. */
export function pruneRows(state: VolumeListState, scope: 'anonymous' | 'all'): VolumeRow[] {
  return pruneCandidates(state.rows, scope, {labelledOnly: state.pruneByLabel});
}

/** The rows `d` and `b` act on: the marked ones if any, else the selected one. */
export function removalRows(state: VolumeListState): VolumeRow[] {
  if (state.marks.size) return state.rows.filter((row) => state.marks.has(row.volume.name));
  const row = selectedRow(state);
  return row ? [row] : [];
}
