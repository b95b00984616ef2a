import {volumeNameProblem} from '../../model/cleanup.js';
import {parseBackupName} from '../../model/backup-manifest.js';
import {fieldOf, type TextField} from '../../model/text-field.js';
import {type BrowserState, chosenPaths} from '../browser-state.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {nextEngine} from '../selectors.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';

/** R in an archive's browser: the marked files (or the selected one) into which volume, on which engine. */
export type RestoreFilesDialog = {
  readonly kind: 'restoreFilesPrompt';
  readonly engine: string;
  readonly archive: string;
  readonly paths: readonly string[];
  readonly volume: TextField;
  /** Stop the running containers that use the volume for the restore, start them after. */
  readonly stopContainers: boolean;
  readonly error?: string;
};

/** Esc aborts it: files already moved into place are whole, the others untouched. */
export const restoreFilesJob: JobSpec<'restoreFiles'> = {kind: 'restoreFiles', cancellable: true};

/** The volume the archive's name says it came from, as the default. */
export function openRestoreFiles<S extends DialogHost & {readonly browser?: BrowserState | undefined}>(state: S): S {
  const browser = state.browser;
  if (!browser?.archive) return state;
  const paths = chosenPaths(browser);
  if (!paths.length) return state;
  const named = parseBackupName(browser.archive.slice(browser.archive.lastIndexOf('/') + 1));
  return withDialog(state, {
    kind: 'restoreFilesPrompt',
    engine: browser.engine,
    archive: browser.archive,
    paths,
    volume: fieldOf(named?.volume ?? ''),
    stopContainers: false,
  } satisfies RestoreFilesDialog);
}

export const restoreFiles: DialogFlow<RestoreFilesDialog> = {
  context: () => 'restoreFiles',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'dialogEngine':
        return withDialog(state, {...dialog, engine: nextEngine(state, dialog.engine), error: undefined});
      case 'dialogToggle':
        return withDialog(state, {...dialog, stopContainers: !dialog.stopContainers});
      case 'edit':
        return editField(state, dialog, 'volume', action.op);
      case 'dialogSubmit': {
        const volume = dialog.volume.text.trim();
        const problem = volumeNameProblem(volume);
        if (problem) return withDialog(state, {...dialog, error: problem});
        const {engine, archive, paths, stopContainers} = dialog;
        return startJob(state, restoreFilesJob, [{engine, archive, paths, volume, stopContainers}]);
      }
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
