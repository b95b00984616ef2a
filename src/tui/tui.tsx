import {appendFileSync} from 'node:fs';
import {render} from 'ink';
import type React from 'react';
import {App} from './App.js';
import type {EngineSwitcher} from '../app/ports.js';
import {
  collectConcurrently,
  LARGE_TABLE_ROWS,
  releaseYoungGeneration,
  settleAfterStart,
} from '../local/memory-relief.js';
import {readRecentTargets} from '../local/recent-targets.js';
import {History} from '../local/history/history.js';
import {EngineRecorder} from '../local/history/recorder.js';
import type {GrowthWindow} from '../model/growth.js';
import {
  type Engine,
  engineChoices,
  FrameWatch,
  firstListsDrawn,
  openEngines,
  optionsForContext,
  type SessionOptions,
} from './engine-session.js';
import {attachAll, linksOf, localFilesOf, work} from './engine-links.js';
import type {Theme} from '../ui/theme.js';
import type {EarlyKeys} from './early-keys.js';
import {copyToClipboard, enterFullScreen, handTerminalOver, suspendTo} from './terminal.js';

/**
 * The interactive session, over one engine or several. Kept in its own module because importing
 * Ink costs ~0.5 s (yoga's WebAssembly): the CLI loads it only for the TUI, and while it loads,
 * pings and lists.
 */
export async function runTui(
  first: readonly Engine[],
  options: SessionOptions,
  theme: Theme,
  /** Keys typed while starting: Ink reads them first. */
  early?: EarlyKeys,
): Promise<void> {
  // Read by the bundle's wrapper around Ink's truncation (scripts/bundle-stubs/ink-truncate.js).
  (globalThis as {__volscopeEllipsis?: string}).__volscopeEllipsis = theme.glyphs.ellipsis;
  const frames = new FrameWatch();
  const firstFrame = frames.drawnOnce(() => true);
  // Opened after the first frame, never before it: the table's first frame does not wait for the disk.
  const history =
    options.history === false ? undefined : firstFrame.then(() => History.open({busyMs: HISTORY_BUSY_MS}));
  // The history's first reads (thousands of rows) wait for every engine's first rows on the screen too.
  const recorders = (engines: readonly Engine[]) => {
    if (!history) return [];
    const from = Promise.all([firstFrame, firstListsDrawn(engines, frames)]);
    return engines.map((engine) => recorderOf(engine, history, options.growth ?? '24h', from));
  };
  let active = attachAll(first, options.helperImage, recorders(first));
  // Helper containers go on every way out: q, Ctrl+C, SIGTERM, SIGHUP, a crash; of whichever engines are in use then.
  const cleanups: Array<() => void | Promise<void>> = [
    () => {
      for (const a of active) {
        a.recorder?.stop();
        a.engine.store.stop();
      }
    },
    () => void history?.then((h) => h.close()),
    // Only a session that loaded its jobs can have one unfinished.
    () => work.loaded?.removeUnfinishedExports(),
    () => work.loaded?.removeUnfinishedBackups(),
    () => Promise.all(active.map((a) => a.files.closeAll())).then(() => undefined),
  ];
  collectConcurrently();
  reliefAfterFirstSizes(first);
  youngGenerationFor(first);
  const session = enterFullScreen(process.stdout, process.stdin, cleanups);
  const terminal = {
    copy: (text: string) => copyToClipboard(process.stdout, text),
    suspend: (onResume: () => void) => suspendTo(process.stdout, process.stdin, onResume),
  };
  const handOver = <T,>(work: () => T): T => handTerminalOver(process.stdout, process.stdin, work);
  let generation = 0;
  let links = linksOf(active, options.helperImage, handOver, options.unlock);
  const draw = (): React.ReactElement => (
    // A new key per set of engines: it starts from a clean state (its own volumes, no marks that named the old ones').
    <App
      key={generation}
      engines={links}
      local={localFilesOf(readRecentTargets(), options.unlock)}
      {...(options.archive ? {archive: options.archive} : {})}
      {...(options.growth ? {growthWindow: options.growth} : {})}
      readOnly={options.readOnly}
      theme={theme}
      terminal={terminal}
      switcher={switcher}
    />
  );
  const switcher: EngineSwitcher = {
    list: async () =>
      engineChoices(new Set(active.map((a) => a.engine.gateway.context).filter((name) => name !== undefined))),
    async switchTo(names, signal) {
      const next = await openEngines(
        names.map((name) => optionsForContext(options, name)),
        'picked with e',
      );
      const attached = attachAll(next, options.helperImage, recorders(next));
      // Esc while this was connecting: the session stays where it is.
      if (signal.aborted) {
        for (const a of attached) a.recorder?.stop();
        for (const engine of next) engine.store.stop();
        for (const engine of next) engine.gateway.close();
        return;
      }
      const previous = active;
      active = attached;
      youngGenerationFor(next);
      links = linksOf(active, options.helperImage, handOver, options.unlock);
      for (const old of previous) {
        old.recorder?.stop();
        old.engine.store.stop();
        // Helpers first: closing the connection under them would leave them to the engine's AutoRemove.
        void old.files
          .closeAll()
          .catch(() => undefined)
          .finally(() => old.engine.gateway.close());
      }
      generation += 1;
      ink.rerender(draw());
    },
  };
  performance.mark('volscope:render');
  early?.release();
  const ink = render(draw(), {
    exitOnCtrlC: false,
    patchConsole: false,
    // Ink 6.8's incremental renderer left stale lines in the alternate screen under tmux (not
    // tried again on 8): full frames, only when something changed, are the safe choice.
    incrementalRendering: false,
    // Ink holds a frame back up to 1/maxFps after the previous one: at the default 30 that alone
    // is 33 ms of a keypress's 50 ms budget. Frames are only drawn on change, so this costs nothing idle.
    maxFps: 120,
    onRender: afterFrame(timingsRecorder(), () => frames.drawn()),
  });
  cleanups.unshift(() => ink.unmount());
  await ink.waitUntilExit();
  await session.restore();
}

/** A table past LARGE_TABLE_ROWS gets V8's own young generation back (keypresses over memory). */
function youngGenerationFor(engines: readonly Engine[]): void {
  const rows = () => engines.reduce((sum, engine) => sum + engine.store.getSnapshot().volumes.length, 0);
  if (rows() > LARGE_TABLE_ROWS) {
    releaseYoungGeneration();
    return;
  }
  const unsubscribes = engines.map((engine) =>
    engine.store.subscribe(() => {
      if (rows() <= LARGE_TABLE_ROWS) return;
      releaseYoungGeneration();
      for (const unsubscribe of unsubscribes) unsubscribe();
    }),
  );
}

/**
 * Start-up (Ink, the lists, the first size scan and its join) leaves a heap that an idle TUI, which
 * allocates nothing, would keep for the whole session: once every engine's first sizes are on
 * screen and the start has had SETTLE_AFTER_MS to finish with them (the history's first read and
 * record), one collection hands it back (local/memory-relief.ts settleAfterStart).
 */
function reliefAfterFirstSizes(engines: readonly Engine[]): void {
  let waiting = engines.length;
  for (const engine of engines) {
    const unsubscribe = engine.store.subscribe(() => {
      if (engine.store.getSnapshot().usageAt === undefined) return;
      unsubscribe();
      waiting -= 1;
      if (waiting === 0) setTimeout(settleAfterStart, SETTLE_AFTER_MS).unref();
    });
  }
}

/** Long enough for what the first sizes set off (a history read and record, their frames) to be done. */
const SETTLE_AFTER_MS = 2000;

/**
 * A write in the TUI never waits on the event loop for another writer (a cron `record`): the
 * recorder tries it again later, off it (local/history/recorder.ts). A frame must not wait for the disk.
 */
const HISTORY_BUSY_MS = 0;

function recorderOf(
  engine: Engine,
  history: Promise<History>,
  window: GrowthWindow,
  startAfter: Promise<unknown>,
): EngineRecorder {
  const recorder = new EngineRecorder(history, engine.store, () => engine.gateway.identity(), engine.name, window);
  void startAfter.then(() => recorder.start());
  return recorder;
}

/** Ink's onRender: the timings (when asked for), then `then` — both for every frame, cheap after the first. */
function afterFrame(timings: (() => void) | undefined, then: () => void): () => void {
  return () => {
    timings?.();
    then();
  };
}

/**
 * VOLSCOPE_TIMINGS=FILE appends the time from process start to the first frame (for
 * `npm run bench`, which would otherwise also time tmux and its own polling).
 */
function timingsRecorder(): (() => void) | undefined {
  const file = process.env.VOLSCOPE_TIMINGS;
  if (!file) return undefined;
  let recorded = false;
  return () => {
    if (recorded) return;
    recorded = true;
    // The marks say where the time went: argv parsed, Ink loaded, the engine's first list, render called.
    const phases = Object.fromEntries(
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('volscope:'))
        .map((m) => [m.name.slice(9), Math.round(m.startTime)]),
    );
    appendFileSync(file, `${JSON.stringify({firstFrameMs: performance.now(), phases})}\n`);
  };
}
