/**
 * Names on screen before Ink: Ink, React and yoga take ~150 ms more to load than the first list
 * takes to land, so the frame the app will draw first is written as plain styled lines as soon as
 * the list is in (tui/early-frame.ts: before the engine session has loaded) — from the same state (app/seed.ts) and the same line functions the components
 * use (ui/volume-table-lines.ts, ui/lines.ts, ui/status-facts.ts). Ink then draws the same frame
 * over it from the top-left corner: nothing moves. No React, Ink or yoga is imported here.
 */
import {seededState} from '../app/seed.js';
import {activeContext} from '../app/router.js';
import {commandsIn} from '../keymap/match.js';
import {fleetStatus} from '../model/fleet.js';
import type {GrowthWindow} from '../model/growth.js';
import type {Snapshot} from '../model/records.js';
import {summarize} from '../model/summary.js';
import {statusLines} from '../ui/lines.js';
import {growerText, marksTotal, statusFacts} from '../ui/status-facts.js';
import type {Theme} from '../ui/theme.js';
import {volumeTableLines} from '../ui/volume-table-lines.js';
import {enterAltScreen} from './terminal.js';

const HIDE_CURSOR = '\u001b[?25l';
const ERASE_LINE = '\u001b[2K';

export interface FirstFrameInput {
  readonly engines: ReadonlyArray<{readonly name: string; readonly snapshot: Snapshot}>;
  readonly readOnly: boolean;
  readonly growthWindow: GrowthWindow;
  readonly columns: number;
  readonly rows: number;
  readonly theme: Theme;
}

/** The lines of the app's first frame when it opens on the table; undefined when it opens elsewhere. */
export function firstFrameLines(input: FirstFrameInput): string[] | undefined {
  const {columns, rows, theme, readOnly} = input;
  const state = seededState({
    engines: input.engines.map((engine) => ({...engine, dockerFlags: ''})),
    readOnly,
    growthWindow: input.growthWindow,
    recentTargets: [],
    columns,
    rows,
  });
  if (state.view !== 'table' || state.dialog || state.helpFor || state.picker) return undefined;
  const data = fleetStatus(state.engines);
  const table = volumeTableLines({
    visible: state.visible,
    totalCount: state.rows.length,
    top: state.top,
    pageSize: state.pageSize,
    selectedKey: state.selectedKey,
    engines: state.engines,
    sort: state.sort,
    marks: state.marks,
    filter: state.filter.text,
    unusedOnly: state.unusedOnly,
    loading: !data.listed,
    width: columns,
    // As the app rounds it: minute precision.
    nowMs: Math.floor(Date.now() / 60_000) * 60_000,
    growthWindow: state.growthWindow,
    theme,
  });
  const hints = commandsIn(activeContext(state), readOnly).filter((command) => command.hint);
  const status = statusLines(
    statusFacts(
      state,
      {data, summary: summarize(state.rows, data.sizesKnown), grower: growerText(state), marks: marksTotal(state)},
      {hints, columns, pendingClockMs: undefined, theme},
    ),
  );
  // The filter bar is one blank line until a filter starts.
  return [...table, ' ', ...status];
}

/**
 * Takes the alternate screen and writes the first frame, when stdout is a terminal and the app
 * opens on the table. Called again, it writes the frame over the last one (each line erased first).
 */
export function drawFirstFrame(stdout: NodeJS.WriteStream, input: Omit<FirstFrameInput, 'columns' | 'rows'>): boolean {
  if (!stdout.isTTY) return false;
  const lines = firstFrameLines({...input, columns: stdout.columns || 80, rows: stdout.rows || 24});
  if (!lines) return false;
  enterAltScreen(stdout);
  stdout.write(HIDE_CURSOR + lines.map((line) => ERASE_LINE + line).join('\n'));
  return true;
}

/**
 * How long Ink's load waits, after the first frame, for the other engines' first lists. Ink's
 * chunk holds the thread for 150-300 ms once it loads: started on the first engine's rows, it kept
 * the others' answers unread behind it. Four local engines with 1,000 volumes each: Podman 4.3's
 * container list (330 ms on an idle engine) landed 290-550 ms after the first frame. Keys typed
 * meanwhile are kept for the app (tui/early-keys.ts); an engine that is slower still joins Ink's frames.
 */
export const OTHER_ENGINES_WAIT_MS = 750;

interface ListedSource {
  readonly store: {subscribe(listener: () => void): () => void; getSnapshot(): Snapshot};
}

/**
 * Resolves once every engine's first list has landed or failed, or OTHER_ENGINES_WAIT_MS from now;
 * `redraw` runs for each engine that lands meanwhile (several in one turn: once). At once when there
 * is nothing to wait beside: one engine, or none listed yet (all slow: the frame came after the
 * start's own wait, and q and Esc should work as soon as Ink can make them).
 */
export function untilEveryEngineListed(engines: readonly ListedSource[], redraw: () => void): Promise<void> {
  const listedCount = () => engines.filter(({store}) => store.getSnapshot().listed).length;
  const settled = () =>
    engines.every(({store}) => store.getSnapshot().listed || store.getSnapshot().error !== undefined);
  if (engines.length < 2 || listedCount() === 0 || settled()) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = listedCount();
    let pending: NodeJS.Immediate | undefined;
    const finish = () => {
      clearTimeout(deadline);
      for (const unsubscribe of unsubscribes) unsubscribe();
      resolve();
    };
    // A redraw already asked for still goes up: its rows are on screen before Ink's.
    const flush = () => {
      pending = undefined;
      redraw();
      if (settled()) finish();
    };
    const deadline = setTimeout(finish, OTHER_ENGINES_WAIT_MS);
    const unsubscribes = engines.map(({store}) =>
      store.subscribe(() => {
        const listed = listedCount();
        if (listed !== seen) {
          seen = listed;
          pending ??= setImmediate(flush);
        } else if (!pending && settled()) finish();
      }),
    );
  });
}
