/**
 * Names on screen before Ink: Ink, React and yoga take ~150 ms more to load than the first list
 * takes to land, so the frame the app will draw first is written as plain styled lines as soon as
 * the list is in — from the same state (app/seed.ts) and the same line functions the components
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

/** Takes the alternate screen and writes the first frame, when stdout is a terminal and the app opens on the table. */
export function drawFirstFrame(stdout: NodeJS.WriteStream, input: Omit<FirstFrameInput, 'columns' | 'rows'>): boolean {
  if (!stdout.isTTY) return false;
  const lines = firstFrameLines({...input, columns: stdout.columns || 80, rows: stdout.rows || 24});
  if (!lines) return false;
  enterAltScreen(stdout);
  stdout.write(HIDE_CURSOR + lines.join('\n'));
  return true;
}
