import {type Dispatch, useEffect} from 'react';
import {FileError, type FileSession} from '../docker/gateway.js';
import type {DiskUsageItem} from '../model/disk-usage.js';
import {type FileEntry, pathKey, resolveLink} from '../model/files.js';
import {PREVIEW_LIMIT} from '../model/preview.js';
import type {Action} from './actions.js';
import {batcher} from './batcher.js';
import {type BrowserState, isScanning} from './browser-state.js';
import {messageOf} from './browser-words.js';

/** A listing per listSeq, streamed in batches; navigating away aborts it. */
export function useListing(
  active: FileSession | undefined,
  browser: BrowserState | undefined,
  dispatch: Dispatch<Action>,
): void {
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
  }, [active, listSeq, dispatch]);
}

/** A read per preview (as much as it shows); a link that turns out to be a directory is entered instead. */
export function usePreview(
  active: FileSession | undefined,
  browser: BrowserState | undefined,
  dispatch: Dispatch<Action>,
): void {
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
}

/** A disk-usage scan per usage run of the folder shown, streamed in batches; Esc or navigation aborts it inside the helper. */
export function useUsageScan(
  active: FileSession | undefined,
  browser: BrowserState | undefined,
  dispatch: Dispatch<Action>,
): void {
  const path = browser?.path;
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
}
