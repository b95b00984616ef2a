import {type Dispatch, useEffect, useRef} from 'react';
import type {JobOutcome} from '../model/records.js';
import type {Action} from './actions.js';
import type {Dialog} from './dialogs/index.js';
import type {EngineLink} from './ports.js';
import {throttledProgress} from './progress.js';

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
        const onProgress = throttledProgress((timing, rawBytes: number, writtenBytes: number) => dispatch({type: 'backupProgress', seq, rawBytes, writtenBytes, ...timing}));
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
 * Runs a confirmed clone or restore with progress; Esc aborts either (a clone's target it created is
 * removed again, a restore is undone); the outcome replaces the dialog.
 */
export function useCloneAndRestore(links: ReadonlyMap<string, EngineLink>, dialog: Dialog | undefined, dispatch: Dispatch<Action>): void {
  const seq = dialog?.kind === 'cloning' || dialog?.kind === 'restoring' ? dialog.seq : undefined;
  const cancelled = (dialog?.kind === 'cloning' || dialog?.kind === 'restoring') && dialog.cancelled;
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
    const onProgress = throttledProgress((timing, bytes: number) => dispatch({type: isClone ? 'cloneProgress' : 'restoreProgress', seq, bytes, ...timing}));
    let job: Promise<JobOutcome>;
    if (dialog.kind === 'cloning') {
      const target = {engine: dialog.targetEngine === dialog.engine ? undefined : dialog.targetEngine, name: dialog.target};
      job = service.clone(dialog.source, target, {labels: dialog.labels, signal: controller.signal, onProgress});
    } else {
      job = service.restore(dialog.file, dialog.volume, {signal: controller.signal, onProgress});
    }
    void job.catch((error: unknown): JobOutcome => ({name, ok: false, message: String((error as Error)?.message ?? error)})).then(finished);
    return () => controller.abort();
    // The request is frozen in the dialog for this seq.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seq, links, dispatch]);
}
