import {appendFileSync} from 'node:fs';
import {render} from 'ink';
import React from 'react';
import {App} from '../app/App.js';
import type {EngineSwitcher} from '../app/ports.js';
import type {FileService} from '../docker/gateway.js';
import {apiAtLeast} from '../docker/map.js';
import {removeUnfinishedBackups} from '../local/backup-file.js';
import {localFiles, removeUnfinishedExports} from '../local/export.js';
import {type Engine, engineChoices, openEngine, optionsForContext, type SessionOptions} from './engine-session.js';
import {volumeJobs} from './volume-jobs.js';
import type {Theme} from '../ui/theme.js';
import {copyToClipboard, enterFullScreen, suspendTo} from './terminal.js';

/**
 * The interactive session. Kept in its own module because importing Ink costs ~0.5 s (yoga's
 * WebAssembly): the CLI loads it only for the TUI, and while it loads, pings and lists.
 */
export async function runTui(first: Engine, options: SessionOptions, theme: Theme): Promise<void> {
  // Read by the bundle's wrapper around Ink's truncation (scripts/bundle-stubs/ink-truncate.js).
  (globalThis as {__volscopeEllipsis?: string}).__volscopeEllipsis = theme.glyphs.ellipsis;
  let active = await attach(first, options.helperImage);
  // Helper containers go on every way out: q, Ctrl+C, SIGTERM, SIGHUP, a crash; of whichever engine is in use then.
  const cleanups: Array<() => void | Promise<void>> = [() => active.engine.store.stop(), removeUnfinishedExports, removeUnfinishedBackups, () => active.files.closeAll()];
  const session = enterFullScreen(process.stdout, process.stdin, cleanups);
  const terminal = {
    copy: (text: string) => copyToClipboard(process.stdout, text),
    suspend: (onResume: () => void) => suspendTo(process.stdout, process.stdin, onResume),
  };
  let generation = 0;
  const draw = (): React.ReactElement => {
    const {engine, files, pruneByLabel} = active;
    // A new key per engine: the new one starts from a clean state (its own volumes, no marks that named the old one's).
    return <App key={generation} source={engine.store} files={files} local={localFiles} writer={engine.gateway} backups={volumeJobs(engine.gateway, options.helperImage)} readOnly={engine.gateway.readOnly} pruneByLabel={pruneByLabel} theme={theme} terminal={terminal} engines={engines} />;
  };
  const engines: EngineSwitcher = {
    list: async () => engineChoices(active.engine.gateway.context),
    async switchTo(name, signal) {
      const next = await openEngine(optionsForContext(options, name), 'picked with e');
      const attached = await attach(next, options.helperImage);
      // Esc while this was connecting: the session stays where it is.
      if (signal.aborted) {
        next.store.stop();
        return next.gateway.close();
      }
      const previous = active;
      active = attached;
      previous.engine.store.stop();
      // Helpers first: closing the connection under them would leave them to the engine's AutoRemove.
      void previous.files.closeAll().catch(() => undefined).finally(() => previous.engine.gateway.close());
      generation += 1;
      ink.rerender(draw());
    },
  };
  performance.mark('volscope:render');
  const ink = render(draw(), {
    exitOnCtrlC: false,
    patchConsole: false,
    // Ink 6.8's incremental renderer left stale lines in the alternate screen under tmux (not
    // tried again on 8): full frames, only when something changed, are the safe choice.
    incrementalRendering: false,
    // Ink holds a frame back up to 1/maxFps after the previous one: at the default 30 that alone
    // is 33 ms of a keypress's 50 ms budget. Frames are only drawn on change, so this costs nothing idle.
    maxFps: 120,
    onRender: timingsRecorder(),
  });
  cleanups.unshift(() => ink.unmount());
  await ink.waitUntilExit();
  await session.restore();
}

interface Attached {
  readonly engine: Engine;
  readonly files: FileService;
  readonly pruneByLabel: boolean;
}

/** What the app needs of an engine besides its store; sweeps helpers killed runs left on it. */
async function attach(engine: Engine, helperImage: string): Promise<Attached> {
  // Cached by the gateway (the size scan asked already); decides how prune previews spot anonymous volumes.
  const pruneByLabel = await engine.gateway.version().then((v) => apiAtLeast(v.apiVersion, '1.42'), () => true);
  // Helpers of earlier runs that were killed (SIGKILL, power loss) go now; nothing waits for it.
  void engine.gateway.sweepOrphanHelpers().catch(() => undefined);
  return {engine, files: engine.gateway.fileService(helperImage), pruneByLabel};
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
    const phases = Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('volscope:')).map((m) => [m.name.slice(9), Math.round(m.startTime)]));
    appendFileSync(file, `${JSON.stringify({firstFrameMs: performance.now(), phases})}\n`);
  };
}
