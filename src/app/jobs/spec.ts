import type {JobKind} from './job.js';

/**
 * What the runner needs to know of a kind of job beyond its port method (VolumeJobs[kind]), which
 * is its run. Each flow's module (app/dialogs/) declares its own and starts the job with it.
 */
export interface JobSpec<K extends JobKind> {
  readonly kind: K;
  /** Esc under way aborts it (the operation undoes itself); false: once begun it finishes and reports. */
  readonly cancellable: boolean;
}
