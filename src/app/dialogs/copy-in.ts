import type {CopyInPlan} from '../../model/copy-plan.js';
import type {VolumePath} from '../../model/files.js';
import {fieldOf, type TextField} from '../../model/text-field.js';
import type {BrowserState} from '../browser-state.js';
import {startJob} from '../jobs/job-flow.js';
import type {JobSpec} from '../jobs/spec.js';
import {type DialogFlow, type DialogHost, editField, startWork, withDialog} from './flow.js';

/**
 * u in a volume's browser: which file or folder of this machine goes into the folder shown (Tab
 * completes), then — before anything is written — what it holds, what it would replace and who
 * uses the volume; Enter copies it in as a job.
 */
export type CopyInDialog = {
  readonly kind: 'copyInPrompt';
  readonly engine: string;
  readonly volume: string;
  readonly folder: VolumePath;
  readonly source: TextField;
  readonly stage: 'typing' | 'planning' | 'confirm';
  /** The planning request under way. */
  readonly seq?: number;
  /** The completion asked for (Tab). */
  readonly completing?: number;
  readonly plan?: CopyInPlan;
  readonly error?: string;
};

/** Esc aborts it: files already renamed into place are whole, the rest are not written. */
export const copyInJob: JobSpec<'copyIn'> = {kind: 'copyIn', cancellable: true};

/** In a volume's browser (not a backup's, not a bind source's), into the folder shown. */
export function openCopyIn<
  S extends DialogHost & {readonly browser?: BrowserState | undefined; readonly view?: string},
>(state: S): S {
  const b = state.browser;
  if (!b || state.view !== 'browser' || b.archive || b.bind || b.helper.status !== 'ready') return state;
  return withDialog(state, {
    kind: 'copyInPrompt',
    engine: b.engine,
    volume: b.volume,
    folder: b.path,
    source: fieldOf('./'),
    stage: 'typing',
  } satisfies CopyInDialog);
}

export const copyIn: DialogFlow<CopyInDialog> = {
  context: (dialog) => (dialog.stage === 'typing' ? 'copyIn' : 'copyInConfirm'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'edit':
        return dialog.stage === 'typing' && dialog.completing === undefined
          ? editField(state, dialog, 'source', action.op)
          : state;
      case 'copyInComplete':
        return dialog.stage === 'typing' ? startWork(state, (seq) => ({...dialog, completing: seq})) : state;
      case 'copyInCompleted': {
        if (dialog.completing !== action.seq) return state;
        const {completing: _, ...rest} = dialog;
        return withDialog(state, {...rest, source: fieldOf(action.text)});
      }
      case 'dialogSubmit': {
        if (dialog.stage === 'confirm' && dialog.plan) {
          const {engine, volume, folder} = dialog;
          return startJob(state, copyInJob, [
            {engine, volume, folder, source: dialog.plan.source, expected: dialog.plan.bytes},
          ]);
        }
        if (dialog.stage !== 'typing' || !dialog.source.text.trim()) return state;
        return startWork(state, (seq) => ({...dialog, stage: 'planning', seq, error: undefined}));
      }
      case 'copyInPlanned':
        if (dialog.stage !== 'planning' || dialog.seq !== action.seq) return state;
        return withDialog(
          state,
          action.plan
            ? {...dialog, stage: 'confirm', plan: action.plan}
            : {...dialog, stage: 'typing', error: action.error ?? 'It cannot be copied.'},
        );
      case 'dialogCancel':
        if (dialog.stage === 'typing') return withDialog(state, undefined);
        return withDialog(state, {...dialog, stage: 'typing', plan: undefined, seq: undefined});
      default:
        return state;
    }
  },
};
