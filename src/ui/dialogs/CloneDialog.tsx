import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {CloneDialog as Clone} from '../../app/dialogs/clone.js';
import type {CloneRequest} from '../../app/jobs/job.js';
import {cloneSummary} from '../../model/job-text.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {JobViewSpec} from './JobView.js';
import {bytesOf, type DialogFrame, Progress, refText} from './parts.js';

/** `c`: the new name, where it goes and whether the labels go along; the copy streams engine to engine, with progress. */
export function CloneDialog({dialog, frame}: {dialog: Clone; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  const many = frame.engines.length > 1;
  return (
    <Box flexDirection="column" height={height}>
      <Text
        bold
      >{`Clone ${refText({engine: dialog.engine, name: dialog.source}, frame)} into a new volume${many ? ` on ${sanitize(dialog.targetEngine)}` : ''} named:`}</Text>
      <Text wrap="truncate-start">
        <TextInput field={dialog.target} />
      </Text>
      <Text
        color={theme.color('accent')}
      >{`Labels: ${dialog.labels ? '[x] copied' : '[ ] not copied'}   (Tab switches)${many ? '   Engine: Ctrl+T picks the next one' : ''}`}</Text>
      {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : null}
      <Text color={muted}>
        {dialog.targetEngine === dialog.engine
          ? 'Streamed from the engine back into the engine: nothing is written on this machine.'
          : `Streamed from ${sanitize(dialog.engine)} into ${sanitize(dialog.targetEngine)} through this machine, never to its disk.`}
      </Text>
      <Text color={muted}>{'Read back and compared with the source when done. Enter starts, Esc cancels'}</Text>
    </Box>
  );
}

const cloneTarget = (request: CloneRequest, frame: DialogFrame) =>
  refText({engine: request.targetEngine, name: request.target}, frame);

export const cloneJobView: JobViewSpec<'clone'> = {
  working: (request, _position, frame) =>
    `Cloning ${refText({engine: request.engine, name: request.source}, frame)} ${frame.theme.glyphs.arrow} ${cloneTarget(request, frame)}${frame.theme.glyphs.ellipsis}`,
  progress: (request, progress, frame) => (
    <Progress progress={bytesOf(progress)} expected={request.expected} done="copied" frame={frame} />
  ),
  cancelHint: (_request, cancelled, frame) =>
    cancelled
      ? `Cancelling${frame.theme.glyphs.ellipsis}`
      : 'Esc cancels (a volume this clone created is removed again)',
  doneTitle: (failed) => (failed ? 'Clone failed' : 'Cloned'),
  done(request, value) {
    const target =
      request.targetEngine === request.engine ? request.target : `${request.targetEngine}:${request.target}`;
    const users = value.runningUsers;
    const warning = users.length
      ? ` (it was in use by running ${users.join(', ')}: files changing meanwhile may be inconsistent)`
      : '';
    return cloneSummary(request.source, target, value, request.labels) + warning;
  },
  failed: (_request, failure) => failure.message,
};
