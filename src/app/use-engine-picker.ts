import {type Dispatch, useEffect} from 'react';
import {sanitizeLines} from '../model/sanitize.js';
import type {Action} from './actions.js';
import type {EngineSwitcher} from './ports.js';
import type {EnginePicker} from './picker-state.js';

/** Reads the contexts when the picker opens, and connects when one is chosen. */
export function useEnginePicker(
  engines: EngineSwitcher | undefined,
  picker: EnginePicker | undefined,
  dispatch: Dispatch<Action>,
): void {
  const listing = picker && picker.items === undefined ? picker.seq : undefined;
  useEffect(() => {
    if (listing === undefined) return;
    if (!engines) {
      dispatch({type: 'pickerItems', seq: listing, items: [], error: 'Switching engines is not available here.'});
      return;
    }
    engines.list().then(
      (items) => dispatch({type: 'pickerItems', seq: listing, items}),
      (error: unknown) => dispatch({type: 'pickerItems', seq: listing, items: [], error: messageOf(error)}),
    );
  }, [listing, engines, dispatch]);

  const connecting = picker?.connecting;
  const names = connecting?.join('\n');
  const seq = picker?.seq;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the names joined, not the array: the same choice is the same attempt
  useEffect(() => {
    if (!connecting || seq === undefined || !engines) return;
    const abort = new AbortController();
    engines.switchTo(connecting, abort.signal).catch((error: unknown) => {
      if (!abort.signal.aborted) dispatch({type: 'pickerFailed', seq, message: messageOf(error)});
    });
    // Esc (or a new choice) while waiting: the late answer must not move the session.
    return () => abort.abort();
    // The names, not the array: the same choice is the same attempt.
  }, [names, seq, engines, dispatch]);
}

function messageOf(error: unknown): string {
  return sanitizeLines(error instanceof Error ? error.message : String(error));
}
