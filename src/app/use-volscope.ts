import {useApp, useStdin} from 'ink';
import {type Dispatch, useEffect, useMemo, useReducer} from 'react';
import {commandsIn} from '../keymap/match.js';
import {parseKeys} from '../keymap/parse.js';
import {tablePageSize} from '../model/screen-layout.js';
import type {Action} from './actions.js';
import {refOf, type VolumeRef} from '../model/engines.js';
import type {VolumeRow} from '../model/types.js';
import type {GrowthWindow} from '../model/growth.js';
import type {PruneScope} from '../model/cleanup.js';
import type {CommandDef} from '../keymap/types.js';
import type {EngineLink, EngineSwitcher, LocalFiles, TerminalControl} from './ports.js';
import {reducer} from './reducer.js';
import {activeContext} from './router.js';
import {pruneRows, selectedRow} from './selectors.js';
import type {AppState} from './state.js';
import {seededState} from './seed.js';
import {useFileDialogs} from './use-file-dialogs.js';
import {useJob} from './jobs/use-job.js';
import {useMounts} from './use-mounts.js';
import {useBrowserSession} from './use-browser-session.js';
import {useCleanup} from './use-cleanup.js';
import {useEnginePicker} from './use-engine-picker.js';
import {useHistory} from './use-history.js';
import {usePendingClock} from './use-pending-clock.js';
import {useTerminalSize} from './use-terminal-size.js';

/** What the screen draws, as the state container hands it over. */
export interface ScreenModel {
  readonly state: AppState;
  /** The row under the cursor. */
  readonly selected: VolumeRow | undefined;
  /** What a prune in the open dialog's scope removes (the same list the reducer removes), else empty. */
  readonly pruneList: readonly VolumeRef[];
  readonly columns: number;
  readonly rows: number;
  readonly hints: readonly CommandDef[];
  /** Minute precision: ages move per minute, so a keypress rebuilds no cell. */
  readonly nowMs: number;
  /** Ticks each second while a call waits on the engine; undefined otherwise. */
  readonly pendingClockMs?: number | undefined;
}

/** The app's ports (app/ports.ts): the engines, each with its own; without a port, its feature says it is not available. */
export interface AppPorts {
  /** Every engine of the session, in the order the table groups them; at least one. */
  readonly engines: readonly EngineLink[];
  /** Where exports out of the browser land. */
  readonly local?: LocalFiles;
  /** --read-only: destructive keys do not exist, nor their help and hints. */
  readonly readOnly?: boolean;
  /** Called once when the user asks to quit; the CLI tears down and exits. */
  readonly onQuit?: () => void;
  /** The terminal itself: clipboard and job control. Without it, y and Ctrl+Z say so. */
  readonly terminal?: TerminalControl;
  /** Docker contexts to switch to (e); without it the picker says switching is not available. */
  readonly switcher?: EngineSwitcher;
  /** `volscope browse ARCHIVE`: the session opens on this backup's file browser. */
  readonly archive?: string;
  /** --growth: the window the GROWTH column starts with (24h without it). */
  readonly growthWindow?: GrowthWindow;
}

/**
 * The interactive app's state container: the reducer seeded from the stores, the stores' data, the
 * keys, and every effect (jobs, removal, the browser's session, the mounts view, the terminal),
 * each through its port. It returns what the screen draws; the view root (tui/App.tsx) draws it.
 */
export function useVolscope({
  engines,
  local,
  readOnly = false,
  onQuit,
  terminal,
  switcher,
  archive,
  growthWindow = '24h',
}: AppPorts): ScreenModel {
  const {exit} = useApp();
  const {columns, rows} = useTerminalSize();
  const links = useMemo(() => new Map(engines.map((link) => [link.name, link])), [engines]);
  // Seeded with what the stores already hold, so the very first frame is a full one.
  const [state, dispatch] = useReducer(reducer, undefined, () =>
    seededState({
      engines: engines.map((link) => ({...link, snapshot: link.source.getSnapshot()})),
      readOnly,
      growthWindow,
      recentTargets: local?.recentTargets ?? [],
      columns,
      rows,
      archive,
    }),
  );
  useStoreData(engines, dispatch);
  useEffect(() => dispatch({type: 'resize', pageSize: tablePageSize(rows), columns}), [rows, columns]);
  useEngineRequests(engines, state.refreshSeq, state.cancelSeq);
  useQuit(state.quitRequested, exit, onQuit);

  useTerminalRequests(terminal, state, dispatch);
  useKeys(dispatch);
  const browser = state.view === 'browser' ? state.browser : undefined;
  useBrowserSession(browser ? links.get(browser.engine)?.files : undefined, local, browser, dispatch);
  useCleanup(links, state.dialog, dispatch);
  useJob(links, state.dialog, dispatch);
  useFileDialogs(links, state.dialog, dispatch);
  useMounts(links, state.engines, state.mounts, state.view === 'mounts', dispatch);
  useEnginePicker(switcher, state.picker, dispatch);
  useHistory(engines, state.growthWindow, state.view === 'details' ? selectedRow(state) : undefined, dispatch);

  const context = activeContext(state);
  const hints = useMemo(() => commandsIn(context, readOnly).filter((command) => command.hint), [context, readOnly]);
  // Ages have minute precision, so "now" only moves per minute: a keypress then rebuilds no cell.
  const nowMs = Math.floor(Date.now() / 60_000) * 60_000;
  const pendingClockMs = usePendingClock(state.engines);
  const pruneList = usePruneList(state.engines, state.dialog?.kind === 'prune' ? state.dialog.scope : undefined);
  return {state, selected: selectedRow(state), pruneList, columns, rows, hints, nowMs, pendingClockMs};
}

/*
 * The hooks below take values, never the state: a closure that outlives its render (a store
 * subscription, an effect's cleanup) keeps every variable of the function it was made in, so one
 * made beside `state` pinned the first render's state, all its rows, for the whole session.
 */

/** The snapshots live in the state alone: each change of a store is one dispatch and one render. */
function useStoreData(engines: readonly EngineLink[], dispatch: Dispatch<Action>): void {
  // Handed over once more on subscribing, for a change between the seed and now (the reducer keeps
  // the state as it is when it is the same snapshot).
  useEffect(() => {
    const unsubscribes = engines.map((link) => {
      const handOver = () => dispatch({type: 'data', engine: link.name, snapshot: link.source.getSnapshot()});
      const unsubscribe = link.source.subscribe(handOver);
      handOver();
      return unsubscribe;
    });
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
  }, [engines, dispatch]);
}

/** r asks every engine again, Esc gives up on what they are still answering. */
function useEngineRequests(engines: readonly EngineLink[], refreshSeq: number, cancelSeq: number): void {
  useEffect(() => {
    if (refreshSeq > 0) for (const link of engines) void link.source.refreshAll();
  }, [refreshSeq, engines]);
  useEffect(() => {
    if (cancelSeq > 0) for (const link of engines) link.source.cancelPending();
  }, [cancelSeq, engines]);
}

function useQuit(quitRequested: boolean, exit: () => void, onQuit: (() => void) | undefined): void {
  useEffect(() => {
    if (!quitRequested) return;
    onQuit?.();
    exit();
  }, [quitRequested, exit, onQuit]);
}

/** What a prune in the open dialog's scope removes: it depends on the engines' rows and the scope only, not on the cursor or the dialog's focus. */
function usePruneList(engines: AppState['engines'], scope: PruneScope | undefined): readonly VolumeRef[] {
  return useMemo(() => (scope ? pruneRows({engines}, scope).map(refOf) : []), [scope, engines]);
}

/** Clipboard and Ctrl+Z: carried out once per request; after a resume one blank frame forces a full redraw. */
function useTerminalRequests(terminal: TerminalControl | undefined, state: AppState, dispatch: Dispatch<Action>): void {
  const request = state.terminalRequest;
  useEffect(() => {
    if (!request) return;
    if (request.kind === 'copy')
      dispatch({type: 'copied', text: request.text, ok: terminal?.copy(request.text) ?? false});
    else terminal?.suspend(() => dispatch({type: 'resumed'}));
  }, [request, terminal, dispatch]);
  useEffect(() => {
    if (!state.blank) return;
    // Long enough apart that Ink's frame throttle writes both frames.
    const timer = setTimeout(() => dispatch({type: 'repainted'}), 30);
    return () => clearTimeout(timer);
  }, [state.blank, dispatch]);
}

/**
 * Reads keys straight from stdin (see keymap/parse.ts for why not useInput). The handler only
 * forwards each key: the reducer routes it against the state the previous key left, which keeps
 * keys arriving in one chunk in order.
 */
function useKeys(dispatch: Dispatch<Action>): void {
  const {stdin, setRawMode} = useStdin();
  useEffect(() => {
    setRawMode(true);
    const onData = (chunk: Buffer | string) => {
      const nowMs = Date.now();
      for (const {input, key} of parseKeys(chunk.toString())) dispatch({type: 'key', input, key, nowMs});
    };
    stdin.on('data', onData);
    return () => {
      stdin.off('data', onData);
      setRawMode(false);
    };
  }, [stdin, setRawMode, dispatch]);
}
