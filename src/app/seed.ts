import type {GrowthWindow} from '../model/growth.js';
import {tablePageSize} from '../model/screen-layout.js';
import type {Snapshot} from '../model/records.js';
import {reducer} from './reducer.js';
import {type AppState, engineSlots, initialState} from './state.js';

/** What the app starts from: each engine with what its store already holds, and the terminal's size. */
export interface SeedInput {
  readonly engines: ReadonlyArray<{
    readonly name: string;
    readonly pruneByLabel?: boolean;
    readonly dockerFlags: string;
    readonly snapshot: Snapshot;
  }>;
  readonly readOnly: boolean;
  readonly growthWindow: GrowthWindow;
  readonly recentTargets: readonly string[];
  readonly columns: number;
  readonly rows: number;
  readonly archive?: string | undefined;
}

/**
 * The state of the very first frame: the app's own seed (app/use-volscope.ts) and the frame drawn
 * before Ink has loaded (tui/first-frame.ts) both come from here, so the two are the same frame.
 */
export function seededState(input: SeedInput): AppState {
  const sized = reducer(
    {
      ...initialState,
      readOnly: input.readOnly,
      growthWindow: input.growthWindow,
      engines: engineSlots(input.engines),
      recentTargets: input.recentTargets,
    },
    {type: 'resize', pageSize: tablePageSize(input.rows), columns: input.columns},
  );
  const seeded = input.engines.reduce(
    (state, engine) => reducer(state, {type: 'data', engine: engine.name, snapshot: engine.snapshot}),
    sized,
  );
  return input.archive ? reducer(seeded, {type: 'browseArchive', archive: input.archive}) : seeded;
}
