import {type Dispatch, useEffect, useRef} from 'react';
import type {JobOutcome} from '../model/records.js';
import type {Action} from './actions.js';
import type {Dialog} from './dialogs/index.js';
import type {EngineLink} from './ports.js';
import {throttledProgress} from './progress.js';

/**
 * Runs a confirmed emptying (phases as it goes; it finishes once begun) or rename (bytes copied;
 * Esc aborts it, which leaves the old volume as it was and removes the new one).
 */
export function useEmptyAndRename(links: ReadonlyMap<string, EngineLink>, dialog: Dialog | undefined, dispatch: Dispatch<Action>): void {
  const seq = dialog?.kind === 'emptying' || dialog?.kind === 'renaming' ? dialog.seq : undefined;
  const cancelled = dialog?.kind === 'renaming' && dialog.cancelled;
  const abort = useRef<AbortController | undefined>(undefined);
  useEffect(() => {
    if (cancelled) abort.current?.abort();
  }, [cancelled]);
  useEffect(() => {
    if (seq === undefined || (dialog?.kind !== 'emptying' && dialog?.kind !== 'renaming')) return;
    const controller = new AbortController();
    abort.current = controller;
    const service = links.get(dialog.engine)?.jobs;
    const isEmpty = dialog.kind === 'emptying';
    const finished = (outcome: JobOutcome) => dispatch({type: isEmpty ? 'emptyFinished' : 'renameFinished', seq, outcome});
    if (!service) return finished({name: dialog.volume, ok: false, message: `${isEmpty ? 'emptying' : 'renaming'} is not available here`});
    let job: Promise<JobOutcome>;
    if (dialog.kind === 'emptying') {
      job = service.empty(dialog.volume, {stopContainers: dialog.stop, onPhase: (phase) => dispatch({type: 'emptyPhase', seq, phase})});
    } else {
      const onProgress = throttledProgress((timing, bytes: number) => dispatch({type: 'renameProgress', seq, bytes, ...timing}));
      job = service.rename(dialog.volume, dialog.target, {signal: controller.signal, onProgress});
    }
    void job.catch((error: unknown): JobOutcome => ({name: dialog.volume, ok: false, message: String((error as Error)?.message ?? error)})).then(finished);
    return () => controller.abort();
    // The request is frozen in the dialog for this seq.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seq, links, dispatch]);
}
