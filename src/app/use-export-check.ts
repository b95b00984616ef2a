import {type Dispatch, useEffect} from 'react';
import type {Action} from './actions.js';
import type {BrowserState} from './browser-state.js';
import type {LocalFiles} from './ports.js';

/**
 * The export prompt's question to the local disk: is something there already? The answer decides
 * between asking to replace it and starting the export job. (The copy itself is a job: app/jobs.)
 */
export function useExportCheck(
  local: LocalFiles | undefined,
  browser: BrowserState | undefined,
  dispatch: Dispatch<Action>,
): void {
  const seq = browser?.prompt?.checking;
  const destination = browser?.prompt?.destination.text.trim();
  useEffect(() => {
    if (seq === undefined || destination === undefined) return;
    let gone = false;
    // Without local files the job itself says exporting is not available.
    (local ? local.exists(destination) : Promise.resolve(false))
      .catch(() => false)
      .then((exists) => !gone && dispatch({type: 'exportChecked', seq, exists}));
    return () => {
      gone = true;
    };
  }, [local, seq, destination, dispatch]);
}
