import {type Dispatch, useEffect} from 'react';
import type {FileSession} from '../docker/gateway.js';
import type {Action} from './actions.js';
import {FLUSH_MS} from './batcher.js';
import type {BrowserState} from './browser-state.js';
import {messageOf} from './browser-words.js';
import type {LocalFiles} from './ports.js';

/** An export per export run: asks before replacing, streams the helper's tar into a local file or folder, atomically. */
export function useExport(
  active: FileSession | undefined,
  local: LocalFiles | undefined,
  browser: BrowserState | undefined,
  dispatch: Dispatch<Action>,
): void {
  const run = browser?.exporting;
  const exportSeq = run?.seq;
  // biome-ignore lint/correctness/useExhaustiveDependencies: an export runs once per its seq; what and where are frozen with it
  useEffect(() => {
    if (!active || !run || exportSeq === undefined) return;
    const abort = new AbortController();
    let last = 0;
    const progress = (bytes: number) => {
      const now = Date.now();
      if (now - last < FLUSH_MS) return;
      last = now;
      dispatch({type: 'exportProgress', seq: exportSeq, bytes});
    };
    const destination = run.destination;
    (async () => {
      if (!local) throw new Error('exporting to local files is not available here');
      if (!run.overwrite && (await local.exists(destination)))
        return dispatch({type: 'exportExists', seq: exportSeq, destination});
      const archive = await active.archive(run.path);
      const {bytes} = await local.exportArchive(archive, destination, {
        overwrite: run.overwrite,
        onBytes: progress,
        signal: abort.signal,
        ...(run.expected !== undefined ? {expected: run.expected} : {}),
      });
      dispatch({type: 'exportDone', seq: exportSeq, destination, bytes});
    })().catch((error: unknown) => {
      if (!abort.signal.aborted)
        dispatch({type: 'exportDone', seq: exportSeq, destination, bytes: 0, error: messageOf(error)});
    });
    return () => abort.abort();
  }, [active, exportSeq, dispatch]);
}
