import {type Dispatch, useEffect, useRef} from 'react';
import type {Action} from '../actions.js';
import type {Dialog} from '../dialogs/index.js';
import type {EngineLink} from '../ports.js';
import {runJob} from './run-job.js';

/**
 * Runs the job the dialog started (one per seq) and aborts it on Esc (`cancelled`) or when the app
 * goes. Its requests are frozen in the working state, so the seq alone says when to start.
 */
export function useJob(
  links: ReadonlyMap<string, EngineLink>,
  dialog: Dialog | undefined,
  dispatch: Dispatch<Action>,
): void {
  const working = dialog?.kind === 'working' ? dialog : undefined;
  const seq = working?.seq;
  const cancelled = working?.cancelled ?? false;
  const abort = useRef<AbortController | undefined>(undefined);
  // Read when a new seq starts; the working state keeps the same job and requests for that seq.
  const started = useRef(working);
  started.current = working;

  useEffect(() => {
    if (cancelled) abort.current?.abort();
  }, [cancelled]);

  useEffect(() => {
    const job = started.current;
    if (seq === undefined || !job) return;
    const controller = new AbortController();
    abort.current = controller;
    void runJob(job, links, controller.signal, dispatch);
    return () => controller.abort();
  }, [seq, links, dispatch]);
}
