import {appendFileSync} from 'node:fs';
import {render} from 'ink';
import React from 'react';
import {App} from '../app/App.js';
import type {DockerodeGateway} from '../docker/dockerode-gateway.js';
import {apiAtLeast} from '../docker/map.js';
import type {LiveStore} from '../docker/live-store.js';
import {removeUnfinishedBackups} from '../local/backup-file.js';
import {removeUnfinishedExports} from '../local/export.js';
import {backupService} from './tui-backup.js';
import type {Theme} from '../ui/theme.js';
import {copyToClipboard, enterFullScreen, suspendTo} from './terminal.js';

/**
 * The interactive session. Kept in its own module because importing Ink costs ~0.5 s (yoga's
 * WebAssembly): the CLI loads it only for the TUI, and while it loads, pings and lists.
 */
export async function runTui(store: LiveStore, gateway: DockerodeGateway, helperImage: string, theme: Theme): Promise<void> {
  // Cached by the gateway (the size scan asked already); decides how prune previews spot anonymous volumes.
  const pruneByLabel = await gateway.version().then((v) => apiAtLeast(v.apiVersion, '1.42'), () => true);
  const files = gateway.fileService(helperImage);
  // Helper containers go on every way out: q, Ctrl+C, SIGTERM, SIGHUP, a crash.
  const cleanups: Array<() => void | Promise<void>> = [() => store.stop(), removeUnfinishedExports, removeUnfinishedBackups, () => files.closeAll()];
  const session = enterFullScreen(process.stdout, process.stdin, cleanups);
  // Helpers of earlier runs that were killed (SIGKILL, power loss) go now; nothing waits for it.
  void gateway.sweepOrphanHelpers().catch(() => undefined);
  const terminal = {
    copy: (text: string) => copyToClipboard(process.stdout, text),
    suspend: (onResume: () => void) => suspendTo(process.stdout, process.stdin, onResume),
  };
  const app = <App source={store} files={files} writer={gateway} backups={backupService(gateway, helperImage)} readOnly={gateway.readOnly} pruneByLabel={pruneByLabel} theme={theme} terminal={terminal} />;
  const ink = render(app, {
    exitOnCtrlC: false,
    patchConsole: false,
    // Ink 6.8's incremental renderer left stale lines in the alternate screen under tmux: full
    // frames, only when something changed, are the safe choice.
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
    appendFileSync(file, `${JSON.stringify({firstFrameMs: performance.now()})}\n`);
  };
}
