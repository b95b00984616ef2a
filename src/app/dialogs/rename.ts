import {volumeNameProblem} from '../../model/cleanup.js';
import {fieldOf, type TextField} from '../../model/text-field.js';
import {selectedRow} from '../selectors.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {type DialogFlow, type DialogHost, editField, withDialog} from './flow.js';

/** `M`: a new name for a volume no container uses (copy, compare, remove the old one). */
export type RenameDialog = {
  readonly kind: 'renamePrompt';
  readonly engine: string;
  readonly volume: string;
  readonly target: TextField;
  /** Compose finds its volumes by name: the dialog says what a rename means to it. */
  readonly composeProject: string | null;
  /** Containers that use it (any state): a rename is refused, and the dialog says why up front. */
  readonly users: readonly string[];
  readonly size: number | null | undefined;
  readonly error?: string;
};

/** Esc aborts the copy: the old volume stays as it was, the new one goes. */
export const renameJob: JobSpec<'rename'> = {kind: 'rename', cancellable: true};

export function openRename<S extends DialogHost>(state: S): S {
  const row = selectedRow(state);
  if (!row) return state;
  return withDialog(state, {
    kind: 'renamePrompt',
    engine: row.engine,
    volume: row.volume.name,
    target: fieldOf(row.volume.name),
    composeProject: row.composeProject,
    users: row.containers.map((c) => `${c.name} (${c.state})`),
    size: row.size,
  });
}

export const rename: DialogFlow<RenameDialog> = {
  context: () => 'rename',
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit':
        return editField(state, dialog, 'target', action.op);
      case 'dialogSubmit': {
        if (dialog.users.length) return state;
        const target = dialog.target.text.trim();
        const taken = state.rows.some((row) => row.engine === dialog.engine && row.volume.name === target);
        const problem =
          target === dialog.volume
            ? 'Type the new name.'
            : (volumeNameProblem(target) ??
              (taken ? `A volume named ${target} exists already: choose another name.` : undefined));
        if (problem) return withDialog(state, {...dialog, error: problem});
        return startJob(state, renameJob, [
          {engine: dialog.engine, volume: dialog.volume, target, expected: dialog.size ?? undefined},
        ]);
      }
      case 'dialogCancel':
        return withDialog(state, undefined);
      default:
        return state;
    }
  },
};
