import {type Dispatch, useEffect, useState} from 'react';
import {engineMessage} from '../docker/errors.js';
import {FileError, type FileSession} from '../docker/gateway.js';
import type {DiskUsageItem} from '../model/disk-usage.js';
import {type FileEntry, pathKey, resolveLink} from '../model/files.js';
import {PREVIEW_LIMIT} from '../model/preview.js';
import {sanitizeLines} from '../model/sanitize.js';
import type {Action} from './actions.js';
import {type BrowserState, isScanning} from './browser-state.js';
import type {FileService, LocalFiles} from './ports.js';

/**
 * Results of a streaming job reach the reducer at most this often: a 100,000-entry listing
 * arrives in hundreds of chunks, and re-sorting on each would stall the keys.
 */
const FLUSH_MS = 150;

/**
 * Carries out what the browser state asks for: one helper per opening of the browser, a listing
 * per listSeq, a read per preview, a scan per usage run, an export per export run. Each effect
 * aborts its work when the state stops asking for it (cancel, navigation, close).
 */
export function useBrowserSession(
  files: FileService | undefined,
  local: LocalFiles | undefined,
  browser: BrowserState | undefined,
  dispatch: Dispatch<Action>,
): void {
  const [session, setSession] = useState<{id: number; session: FileSession}>();
  const id = browser?.id;
  const volume = browser?.volume;
  const bind = browser?.bind ?? false;

  useEffect(() => {
    if (id === undefined || volume === undefined) return;
    if (!files) {
      dispatch({type: 'helperFailed', message: 'Browsing files is not available here.'});
      return;
    }
    let opened: FileSession | undefined;
    let gone = false;
    const onProgress = (progress: Parameters<Parameters<FileService['open']>[1]>[0]) =>
      !gone && dispatch({type: 'helperProgress', progress});
    (bind ? files.openBind(volume, onProgress) : files.open(volume, onProgress))
      .then((fileSession) => {
        opened = fileSession;
        if (gone) return void fileSession.close();
        setSession({id, session: fileSession});
        dispatch({type: 'helperReady'});
      })
      .catch((error: unknown) => !gone && dispatch({type: 'helperFailed', message: messageOf(error)}));
    return () => {
      gone = true;
      setSession(undefined);
      void opened?.close().catch(() => undefined);
    };
  }, [files, id, volume, bind, dispatch]);

  const active = session && session.id === id ? session.session : undefined;
  const listSeq = browser?.listSeq;
  const path = browser?.path;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a listing runs once per listSeq; the path changes only together with it
  useEffect(() => {
    if (!active || listSeq === undefined || !path) return;
    const abort = new AbortController();
    const batch = batcher<FileEntry>((entries) => dispatch({type: 'listBatch', seq: listSeq, entries, done: false}));
    active
      .list(path, (entries) => batch.add(entries), abort.signal)
      .then(() => dispatch({type: 'listBatch', seq: listSeq, entries: batch.take(), done: true}))
      .catch(
        (error: unknown) =>
          !abort.signal.aborted &&
          dispatch({type: 'listBatch', seq: listSeq, entries: batch.take(), done: true, error: messageOf(error)}),
      );
    return () => {
      batch.stop();
      abort.abort();
    };
    // path changes only together with listSeq
  }, [active, listSeq, dispatch]);

  const preview = browser?.preview;
  const previewSeq = preview?.seq;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a preview is read once per its seq; the entry and path are frozen with it
  useEffect(() => {
    if (!active || !preview || previewSeq === undefined) return;
    let gone = false;
    const {entry} = preview;
    active
      .read(preview.path, PREVIEW_LIMIT + 1)
      .then((bytes) => !gone && dispatch({type: 'previewLoaded', seq: previewSeq, bytes}))
      .catch((error: unknown) => {
        if (gone) return;
        const dir = preview.path.slice(0, -1);
        const enter =
          entry.kind === 'link' && entry.target && error instanceof FileError && error.problem === 'notFile'
            ? resolveLink(dir, entry.target)
            : undefined;
        dispatch({type: 'previewLoaded', seq: previewSeq, ...(enter ? {enter} : {error: messageOf(error)})});
      });
    return () => {
      gone = true;
    };
  }, [active, previewSeq, dispatch]);

  const usageKey = path ? pathKey(path) : undefined;
  const scan = usageKey === undefined ? undefined : browser?.usage.get(usageKey);
  const scanSeq = isScanning(scan) ? scan?.seq : undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a scan runs once per its seq; path and key are frozen with it
  useEffect(() => {
    if (!active || scanSeq === undefined || !path || usageKey === undefined) return;
    const abort = new AbortController();
    const batch = batcher<DiskUsageItem>((items) =>
      dispatch({type: 'usageBatch', seq: scanSeq, pathKey: usageKey, items, done: false}),
    );
    active
      .diskUsage(path, (items) => batch.add(items), abort.signal)
      .then(({total}) =>
        dispatch({
          type: 'usageBatch',
          seq: scanSeq,
          pathKey: usageKey,
          items: batch.take(),
          done: true,
          ...(total === undefined ? {} : {total}),
        }),
      )
      .catch(
        (error: unknown) =>
          !abort.signal.aborted &&
          dispatch({
            type: 'usageBatch',
            seq: scanSeq,
            pathKey: usageKey,
            items: batch.take(),
            done: true,
            error: messageOf(error),
          }),
      );
    return () => {
      batch.stop();
      abort.abort();
    };
  }, [active, scanSeq, dispatch]);

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

/** FileErrors carry their own words; a broken connection gets engineMessage's. */
function messageOf(error: unknown): string {
  return sanitizeLines(error instanceof FileError ? error.message : engineMessage(error));
}

/**
 * Collects items and hands them over, first after FLUSH_MS, then at doubling intervals (each hand-
 * over re-sorts everything so far: a long stream should cost a few sorts, not hundreds). Its timer
 * only lives while work streams.
 */
function batcher<T>(flush: (items: T[]) => void) {
  let pending: T[] = [];
  let timer: NodeJS.Timeout | undefined;
  let delay = FLUSH_MS;
  return {
    add(items: readonly T[]) {
      for (const item of items) pending.push(item);
      timer ??= setTimeout(() => {
        timer = undefined;
        delay = Math.min(delay * 2, 2000);
        if (pending.length) flush(this.take());
      }, delay);
    },
    take(): T[] {
      const items = pending;
      pending = [];
      return items;
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
