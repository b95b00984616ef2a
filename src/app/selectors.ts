import {prunesByLabel} from '../model/api-version.js';
import {pruneCandidates} from '../model/cleanup.js';
import type {VolumeRow} from '../model/types.js';
import type {EngineData} from '../model/records.js';
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
  /** Each engine prunes by its own rule (its API version), so each one's candidates are its own. */
  readonly engines: readonly EngineData[];
}

export function selectedRow(state: VolumeListState): VolumeRow | undefined {
  return state.visible[state.cursor];
}

/**
 * The rows a prune in this scope would take, as the dialog shows them (the same list is removed):
 * engine by engine, each decided as that engine's own prune would decide.
 */
export function pruneRows(state: Pick<VolumeListState, 'engines'>, scope: 'anonymous' | 'all'): VolumeRow[] {
  return state.engines.flatMap((engine) =>
    pruneCandidates(engine.rows, scope, {
      labelledOnly: engine.pruneByLabel ?? prunesByLabel(engine.snapshot?.apiVersion),
    }),
  );
}

/** Where something new goes unless the user says otherwise: the selected row's engine, else the first. */
export function defaultEngine(state: VolumeListState): string {
  return selectedRow(state)?.engine ?? state.engines[0]?.name ?? '';
}

/** The engine after `current` in the session's order, round again at the end (Ctrl+T in a dialog). */
export function nextEngine(state: VolumeListState, current: string): string {
  const names = state.engines.map((e) => e.name);
  return names[(names.indexOf(current) + 1) % names.length] ?? current;
}

/** More than one engine: rows and dialogs name the engine. */
export function manyEngines(state: {readonly engines: readonly unknown[]}): boolean {
  return state.engines.length > 1;
}

/** The rows `d` and `b` act on: the marked ones if any, else the selected one. */
export function removalRows(state: VolumeListState): VolumeRow[] {
  if (state.marks.size) return state.rows.filter((row) => state.marks.has(row.key));
  const row = selectedRow(state);
  return row ? [row] : [];
}
