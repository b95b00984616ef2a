import {type Dispatch, useEffect, useRef} from 'react';
import type {JobOutcome} from '../model/records.js';
import type {Action} from './actions.js';
import type {Dialog} from './dialogs/index.js';
import type {EngineLink} from './ports.js';

/** Half a second between progress frames: enough for a rate and an ETA, no flicker. */
const PROGRESS_MS = 500;

/**
 * Runs the confirmed backups one after another; Esc (dialog.cancelled) aborts the one under way,
 * which leaves no file under its final name and no helper.
 */
export function useBackup(links: ReadonlyMap<string, EngineLink>, dialog: Dialog | undefined, dispatch: Dispatch<Action>): void {
  const seq = dialog?.kind === 'backingUp' ? dialog.seq : undefined;
  const cancelled = dialog?.kind === 'backingUp' && dialog.cancelled;
  const abort = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    if (cancelled) abort.current?.abort();
  }, [cancelled]);

  useEffect(() => {
    if (seq === undefined || dialog?.kind !== 'backingUp') return;
    const controller = new AbortController();
    abort.current = controller;
    const jobs = dialog.jobs;
    const stopContainers = dialog.stop;
    void (async () => {
      for (const job of jobs) {
        if (controller.signal.aborted) break;
        const service = links.get(job.engine)?.jobs;
        if (!service) {
          dispatch({type: 'backupFinished', seq, outcome: {name: job.name, ok: false, message: 'backups are not available here'}});
          continue;
        }
        const startedMs = Date.now();
        let last = 0;
        const onProgress = (rawBytes: number, writtenBytes: number) => {
          const now = Date.now();
          if (now - last < PROGRESS_MS) return;
          last = now;
          dispatch({type: 'backupProgress', seq, rawBytes, writtenBytes, startedMs, nowMs: now});
        };
        const outcome = await service
          .backup(job.name, job.path, {signal: controller.signal, stopContainers, onProgress})
          .catch((error: unknown): JobOutcome => ({
            name: job.name,
            ok: false,
            message: controller.signal.aborted ? 'cancelled: nothing written under the final name' : String((error as Error)?.message ?? error),
          }));
        dispatch({type: 'backupFinished', seq, outcome});
      }
    })();
    return () => controller.abort();
    // The jobs are frozen in the dialog for this seq.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seq, links, dispatch]);
}

/**
 * Runs a confirmed clone (with progress; Esc aborts it, and a target it created is removed again)
 * or restore (one call, no progress); the outcome replaces the dialog.
 */
export function useCloneAndRestore(links: ReadonlyMap<string, EngineLink>, dialog: Dialog | undefined, dispatch: Dispatch<Action>): void {
  const seq = dialog?.kind === 'cloning' || dialog?.kind === 'restoring' ? dialog.seq : undefined;
  const cancelled = dialog?.kind === 'cloning' && dialog.cancelled;
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    if (cancelled) abort.current?.abort();
  }, [cancelled]);
  useEffect(() => {
    if (seq === undefined || (dialog?.kind !== 'cloning' && dialog?.kind !== 'restoring')) return;
    const controller = new AbortController();
    abort.current = controller;
    const service = links.get(dialog.engine)?.jobs;
    const isClone = dialog.kind === 'cloning';
    const name = isClone ? dialog.source : dialog.volume;
    const finished = (outcome: JobOutcome) => dispatch({type: isClone ? 'cloneFinished' : 'restoreFinished', seq, outcome});
    if (!service) return finished({name, ok: false, message: `${isClone ? 'cloning' : 'restoring'} is not available here`});
    let job: Promise<JobOutcome>;
    if (dialog.kind === 'cloning') {
      const startedMs = Date.now();
      let last = 0;
      const onProgress = (bytes: number) => {
        const now = Date.now();
        if (now - last < PROGRESS_MS) return;
        last = now;
        dispatch({type: 'cloneProgress', seq, bytes, startedMs, nowMs: now});
      };
      const target = {engine: dialog.targetEngine === dialog.engine ? undefined : dialog.targetEngine, name: dialog.target};
      job = service.clone(dialog.source, target, {labels: dialog.labels, signal: controller.signal, onProgress});
    } else {
      job = service.restore(dialog.file, dialog.volume);
    }
    void job.catch((error: unknown): JobOutcome => ({name, ok: false, message: String((error as Error)?.message ?? error)})).then(finished);
    return () => controller.abort();
    // The request is frozen in the dialog for this seq.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seq, links, dispatch]);
}
