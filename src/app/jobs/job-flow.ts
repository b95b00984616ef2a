import type {DialogFlow, DialogHost} from '../dialogs/flow.js';
import {withDialog} from '../dialogs/flow.js';
import type {JobDialog, JobDone, JobKind, JobWorking, RequestOf} from './job.js';
import type {JobSpec} from './spec.js';

/**
 * The dialog replaced by the job's working state: it takes the next request id (results and
 * progress carry it; a late one of an earlier job is dropped).
 */
export function startJob<S extends DialogHost, K extends JobKind>(
  state: S,
  spec: JobSpec<K>,
  requests: readonly RequestOf<K>[],
): S {
  const seq = state.seq + 1;
  const working: JobWorking<K> = {
    kind: 'working',
    job: spec.kind,
    seq,
    cancellable: spec.cancellable,
    requests,
    results: [],
    cancelled: false,
  };
  return {...state, seq, dialog: working};
}

/** Every job once started: progress, each request's result, Esc (abort, when the job allows it), and OK on the result. */
export const jobFlow: DialogFlow<JobDialog> = {
  context: (dialog) => (dialog.kind === 'working' ? 'working' : retryable(dialog) ? 'retry' : 'result'),
  reduce(state, dialog, action) {
    switch (action.type) {
      case 'jobProgress':
        if (dialog.kind !== 'working' || dialog.seq !== action.seq) return state;
        return withDialog(state, {...dialog, progress: {...dialog.progress, ...action.progress}});
      case 'jobFinished': {
        if (dialog.kind !== 'working' || dialog.seq !== action.seq) return state;
        const results = [...dialog.results, action.result];
        if (results.length < dialog.requests.length && !dialog.cancelled)
          return withDialog(state, {...dialog, results, progress: undefined});
        return withDialog(state, {kind: 'done', job: dialog.job, requests: dialog.requests, results});
      }
      case 'dialogCancel':
        if (dialog.kind === 'done') return withDialog(state, undefined);
        return dialog.cancellable && !dialog.cancelled ? withDialog(state, {...dialog, cancelled: true}) : state;
      case 'dialogPress':
        return dialog.kind === 'done' ? withDialog(state, undefined) : state;
      case 'jobRetry': {
        const again = dialog.kind === 'done' ? retried(dialog, action.change) : undefined;
        return again ? startJob(state, {kind: dialog.job, cancellable: true}, [again]) : state;
      }
      default:
        return state;
    }
  },
};

type Change = 'overwrite' | 'skip' | 'stop';

/**
 * A job refused before it wrote anything, for a reason the user can answer: files already there
 * (restore chosen files, extract them) or running containers (restore chosen files, a backup). The result
 * offers the answers (o, s, S) and the job runs again with it.
 */
function retried(dialog: JobDone<JobKind>, change: Change): RequestOf<JobKind> | undefined {
  const [result] = dialog.results;
  if (!result || result.ok || dialog.requests.length !== 1) return undefined;
  const request = dialog.requests[0]!;
  const {reason} = result.failure;
  if (dialog.job === 'restoreFiles') {
    if (reason === 'exists' && change !== 'stop') return {...request, existing: change};
    if (reason === 'inUse' && change === 'stop') return {...request, stopContainers: true};
  }
  // A backup whose tar kept ending early while its users wrote: again, with them stopped.
  if (dialog.job === 'backup' && 'stopContainers' in request && reason === 'inUse' && change === 'stop')
    return {...request, stopContainers: true};
  if (dialog.job === 'export' && 'archive' in request && reason === 'exists' && change === 'overwrite')
    return {...request, overwrite: true};
  return undefined;
}

function retryable(dialog: JobDone<JobKind>): boolean {
  return (['overwrite', 'skip', 'stop'] as const).some((change) => retried(dialog, change) !== undefined);
}
