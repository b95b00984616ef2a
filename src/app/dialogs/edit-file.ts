import type {VolumePath} from '../../model/files.js';
import type {EditOutcome} from '../ports.js';
import type {BrowserState} from '../browser-state.js';
import {selectedEntry} from '../browser-state.js';
import type {JobDone} from '../jobs/job.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {type DialogFlow, type DialogHost, startWork, withDialog} from './flow.js';

/**
 * e in a volume's browser: the file goes to the editor (the app hands the terminal over and
 * takes it back), then — if it changed — Enter writes it back, b keeps the old content beside
 * it, Esc discards the edit. The write and the discard are the edit job.
 */
export type EditFileDialog = {
  readonly kind: 'editFile';
  readonly engine: string;
  readonly volume: string;
  readonly path: VolumePath;
  readonly name: string;
  readonly stage: 'editing' | 'confirm';
  readonly seq: number;
  readonly outcome?: EditOutcome;
};

/** Once begun, a write finishes (it is one rename). */
export const editJob: JobSpec<'edit'> = {kind: 'edit', cancellable: false};

export function openEditFile<
  S extends DialogHost & {readonly browser?: BrowserState | undefined; readonly view?: string},
>(state: S): S {
  const b = state.browser;
  if (!b || state.view !== 'browser' || b.archive || b.bind || b.helper.status !== 'ready') return state;
  const entry = b.preview?.entry ?? selectedEntry(b);
  if (entry?.kind !== 'file') return state;
  const path = b.preview?.path ?? [...b.path, entry.raw];
  return startWork(
    state,
    (seq) =>
      ({
        kind: 'editFile',
        engine: b.engine,
        volume: b.volume,
        path,
        name: entry.name,
        stage: 'editing',
        seq,
      }) satisfies EditFileDialog,
  );
}

export const editFile: DialogFlow<EditFileDialog> = {
  context: (dialog) => (dialog.stage === 'confirm' ? 'editSave' : 'working'),
  reduce(state, dialog, action) {
    const {engine, volume, path} = dialog;
    switch (action.type) {
      case 'editOpened': {
        if (dialog.stage !== 'editing' || dialog.seq !== action.seq) return state;
        const request = {engine, volume, path, id: action.outcome?.id ?? '', mode: 'discard' as const};
        // Not opened, or closed unchanged: said as the job's result, with OK back to the files.
        if (!action.outcome)
          return withDialog(
            state,
            done(request, {ok: false, failure: {reason: 'notText', message: action.error ?? ''}}),
          );
        if (!action.outcome.changed)
          return withDialog(state, done(request, {ok: true, value: {written: false, backup: false}}));
        return withDialog(state, {...dialog, stage: 'confirm', outcome: action.outcome});
      }
      case 'editSave':
        if (dialog.stage !== 'confirm' || !dialog.outcome) return state;
        return startJob(state, editJob, [{engine, volume, path, id: dialog.outcome.id, mode: action.mode}]);
      case 'dialogCancel':
        return dialog.stage === 'confirm' && dialog.outcome
          ? startJob(state, editJob, [{engine, volume, path, id: dialog.outcome.id, mode: 'discard'}])
          : state;
      default:
        return state;
    }
  },
};

function done(
  request: JobDone<'edit'>['requests'][number],
  result: JobDone<'edit'>['results'][number],
): JobDone<'edit'> {
  return {kind: 'done', job: 'edit', requests: [request], results: [result]};
}
