import {engineMessage} from '../../docker/errors.js';
import type {JobResult} from '../../model/job-results.js';
import type {ActionOf} from '../actions.js';
import type {EngineLink} from '../ports.js';
import {throttledProgress} from './progress.js';
import type {JobContext, JobKind, JobPhase, JobWorking, RequestOf} from './job.js';

type JobEvent = ActionOf<'jobProgress'> | ActionOf<'jobFinished'>;

/**
 * Runs a started job's requests one after another on their engines, reporting progress and each
 * result tagged with the job's seq. The one place where a job's abort and failures are handled:
 * after an abort the rest is not started, and a run that throws (it should return a failure) is
 * reported as the engine's failure rather than lost.
 */
export async function runJob<K extends JobKind>(
  working: Pick<JobWorking<K>, 'job' | 'seq' | 'requests'>,
  links: ReadonlyMap<string, EngineLink>,
  signal: AbortSignal,
  report: (event: JobEvent) => void,
): Promise<void> {
  const {seq, job} = working;
  for (const request of working.requests) {
    if (signal.aborted) return;
    const run = links.get(request.engine)?.jobs?.[job] as
      | ((request: RequestOf<K>, context: JobContext) => Promise<JobResult<unknown>>)
      | undefined;
    const startedMs = Date.now();
    const onProgress = throttledProgress((timing, bytes: number, written?: number) =>
      report({type: 'jobProgress', seq, progress: {bytes, ...(written === undefined ? {} : {written}), ...timing}}),
    );
    const onPhase = (phase: JobPhase) =>
      report({type: 'jobProgress', seq, progress: {phase, startedMs, nowMs: Date.now()}});
    const result: JobResult<unknown> = run
      ? await run(request, {signal, onProgress, onPhase}).catch(
          (error: unknown) =>
            ({
              ok: false,
              failure: {reason: signal.aborted ? 'cancelled' : 'engine', message: engineMessage(error)},
            }) as const,
        )
      : {ok: false, failure: {reason: 'unavailable', message: `${job} is not available on ${request.engine}`}};
    report({type: 'jobFinished', seq, result: result as ActionOf<'jobFinished'>['result']});
  }
}
