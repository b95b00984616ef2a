import {useApp, useStdin} from 'ink';
import React, {type Dispatch, useEffect, useMemo, useReducer, useSyncExternalStore} from 'react';
import type {FileService} from '../docker/gateway.js';
import type {Snapshot} from '../docker/live-store.js';
import {commandsIn} from '../keymap/match.js';
import {parseKeys} from '../keymap/parse.js';
import {CHROME_LINES, Screen} from '../ui/Screen.js';
import type {Theme} from '../ui/theme.js';
import type {Action} from './actions.js';
import {reducer} from './reducer.js';
import {activeContext} from './router.js';
import {type AppState, initialState} from './state.js';
import {type BackupService, useBackup, useCloneAndRestore} from './use-backup.js';
import {useBrowserSession} from './use-browser-session.js';
import {useCleanup, type VolumeWriter} from './use-cleanup.js';
import {type EngineSwitcher, useEnginePicker} from './use-engine-picker.js';
import {usePendingClock} from './use-pending-clock.js';
import {useTerminalSize} from './use-terminal-size.js';

/** What the app needs of the live data: the LiveStore, or anything shaped like it in tests. */
export interface DataSource {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Snapshot;
  refreshAll(): Promise<void>;
  /** Esc: the size scan or list waiting now gives up. */
  cancelPending(): void;
}

export interface AppProps {
  readonly source: DataSource;
  readonly theme: Theme;
  /** Browsing files through helper containers; without it the browser says it is unavailable. */
  readonly files?: FileService;
  /** Removes and creates volumes; without it clean-up reports it is not connected. */
  readonly writer?: VolumeWriter;
  /** Backups to local files; without it the backup dialog says they are unavailable. */
  readonly backups?: BackupService;
  /** --read-only: destructive keys do not exist, nor their help and hints. */
  readonly readOnly?: boolean;
  /** The engine's API is >= 1.42: prune previews decide anonymity by label, as the engine does. */
  readonly pruneByLabel?: boolean;
  /** Called once when the user asks to quit; the CLI tears down and exits. */
  readonly onQuit?: () => void;
  /** The terminal itself: clipboard and job control. Without it, y and Ctrl+Z say so. */
  readonly terminal?: TerminalControl;
  /** Docker contexts to switch to (e); without it the picker says switching is not available. */
  readonly engines?: EngineSwitcher;
}

export interface TerminalControl {
  /** Puts text on the clipboard of the terminal the user looks at; false when there is none. */
  copy(text: string): boolean;
  /** Leaves the screen and stops the process; calls onResume after `fg`. */
  suspend(onResume: () => void): void;
}

export function App({source, theme, files, writer, backups, readOnly = false, pruneByLabel = true, onQuit, terminal, engines}: AppProps) {
  const {exit} = useApp();
  const {columns, rows} = useTerminalSize();
  // Seeded with what the store already holds, so the very first frame is a full one.
  const [state, dispatch] = useReducer(reducer, undefined, () =>
    reducer(reducer({...initialState, readOnly, pruneByLabel}, {type: 'resize', pageSize: pageSizeFor(rows)}), {type: 'data', snapshot: source.getSnapshot()}),
  );
  const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot);

  useEffect(() => dispatch({type: 'data', snapshot}), [snapshot]);
  useEffect(() => dispatch({type: 'resize', pageSize: pageSizeFor(rows)}), [rows]);
  useEffect(() => {
    if (state.refreshSeq > 0) void source.refreshAll();
  }, [state.refreshSeq, source]);
  useEffect(() => {
    if (state.cancelSeq > 0) source.cancelPending();
  }, [state.cancelSeq, source]);
  useEffect(() => {
    if (!state.quitRequested) return;
    onQuit?.();
    exit();
  }, [state.quitRequested, exit, onQuit]);

  useTerminalRequests(terminal, state, dispatch);
  useKeys(dispatch);
  useBrowserSession(files, state.view === 'browser' ? state.browser : undefined, dispatch);
  useCleanup(writer, state.dialog, dispatch);
  useBackup(backups, state.dialog, dispatch);
  useCloneAndRestore(backups, state.dialog, dispatch);
  useEnginePicker(engines, state.picker, dispatch);

  const context = activeContext(state);
  const hints = useMemo(() => commandsIn(context, readOnly).filter((command) => command.hint), [context, readOnly]);
  // Ages have minute precision, so "now" only moves per minute: a keypress then rebuilds no cell.
  const nowMs = Math.floor(Date.now() / 60_000) * 60_000;
  const pendingClockMs = usePendingClock(snapshot);
  return <Screen state={state} columns={columns} rows={rows} hints={hints} nowMs={nowMs} pendingClockMs={pendingClockMs} theme={theme} />;
}

/** Clipboard and Ctrl+Z: carried out once per request; after a resume one blank frame forces a full redraw. */
function useTerminalRequests(terminal: TerminalControl | undefined, state: AppState, dispatch: Dispatch<Action>): void {
  const request = state.terminalRequest;
  useEffect(() => {
    if (!request) return;
    if (request.kind === 'copy') dispatch({type: 'copied', text: request.text, ok: terminal?.copy(request.text) ?? false});
    else terminal?.suspend(() => dispatch({type: 'resumed'}));
  }, [request, terminal, dispatch]);
  useEffect(() => {
    if (!state.blank) return;
    // Long enough apart that Ink's frame throttle writes both frames.
    const timer = setTimeout(() => dispatch({type: 'repainted'}), 30);
    return () => clearTimeout(timer);
  }, [state.blank, dispatch]);
}

function pageSizeFor(rows: number): number {
  return Math.max(1, rows - 1 - CHROME_LINES);
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
      for (const {input, key} of parseKeys(chunk.toString())) dispatch({type: 'key', input, key});
    };
    stdin.on('data', onData);
    return () => {
      stdin.off('data', onData);
      setRawMode(false);
    };
  }, [stdin, setRawMode, dispatch]);
}
