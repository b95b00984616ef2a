import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {JobDialog, JobKind, JobProgress, RequestOf, ValueOf} from '../../app/jobs/job.js';
import type {JobFailure, JobResult} from '../../model/job-results.js';
import {sanitize, sanitizeLines} from '../../model/sanitize.js';
import type {DialogFrame} from './parts.js';

/**
 * How one kind of job is drawn once started (the prompt is its flow's own view). Every job shares
 * the frame: what is under way, its progress, the results so far, Esc; then the results and OK.
 */
export interface JobViewSpec<K extends JobKind> {
  /** The title while it runs; `position` counts the requests of a job of several. */
  working(
    request: RequestOf<K>,
    position: {readonly index: number; readonly total: number},
    frame: DialogFrame,
  ): string;
  /** The progress of the request under way (a bar and rate, a phase). */
  progress(request: RequestOf<K>, progress: JobProgress | undefined, frame: DialogFrame): ReactElement;
  /** What Esc does now (or that it cannot stop this job). */
  cancelHint(request: RequestOf<K>, cancelled: boolean, frame: DialogFrame): string;
  /** The title once done: `failed` of `total` requests did not succeed. */
  doneTitle(failed: number, total: number): string;
  /** What a request did, in a sentence (the same words as the command line's). */
  done(request: RequestOf<K>, value: ValueOf<K>): string;
  /** Why not, with what to do next in this screen's terms (keys, not flags). */
  failed(request: RequestOf<K>, failure: JobFailure): string;
  /** For a job of several: each result line starts with this (the volume's name). */
  label?(request: RequestOf<K>): string;
}

export type JobViews = {readonly [K in JobKind]: JobViewSpec<K>};

/** Draws the working or done state of any job with its kind's view. */
export function JobView({
  dialog,
  views,
  frame,
}: {
  dialog: JobDialog;
  views: JobViews;
  frame: DialogFrame;
}): ReactElement {
  // One kind's dialog with the same kind's view: the union cannot say so by itself.
  const view = views[dialog.job] as JobViewSpec<JobKind>;
  const {theme, height} = frame;
  const muted = theme.color('muted');
  const lines = dialog.results.map((result, index) => resultLine(view, dialog.requests[index]!, result));
  if (dialog.kind === 'working') {
    const index = Math.min(dialog.results.length, dialog.requests.length - 1);
    const request = dialog.requests[index]!;
    return (
      <Box flexDirection="column" height={height}>
        <Text bold wrap="truncate-end">
          {view.working(request, {index, total: dialog.requests.length}, frame)}
        </Text>
        {view.progress(request, dialog.progress, frame)}
        {lines.map((line, i) => (
          <Text
            key={i}
            color={theme.color(line.ok ? 'running' : 'danger')}
            wrap="truncate-end"
          >{`  ${line.ok ? 'done' : 'failed'}: ${line.text}`}</Text>
        ))}
        <Text color={muted}>{view.cancelHint(request, dialog.cancelled, frame)}</Text>
      </Box>
    );
  }
  const failed = lines.filter((line) => !line.ok).length;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color(failed ? 'danger' : 'running')}>
        {view.doneTitle(failed, dialog.results.length)}
      </Text>
      {lines.map((line, i) => (
        <Text key={i} wrap="wrap" color={line.ok || !view.label ? undefined : theme.color('danger')}>
          {view.label ? `  ${line.label}: ${line.text}` : line.text}
        </Text>
      ))}
      <Text inverse>{' OK '}</Text>
    </Box>
  );
}

function resultLine(
  view: JobViewSpec<JobKind>,
  request: RequestOf<JobKind>,
  result: JobResult<ValueOf<JobKind>>,
): {ok: boolean; text: string; label: string} {
  const text = result.ok ? view.done(request, result.value) : view.failed(request, result.failure);
  return {ok: result.ok, text: sanitizeLines(text), label: sanitize(view.label?.(request) ?? '')};
}
