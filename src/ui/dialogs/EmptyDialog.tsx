import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {EmptyDialog as Empty} from '../../app/dialogs/empty.js';
import {shellWord} from '../../model/details.js';
import {formatSize} from '../../model/format.js';
import {emptySummary} from '../../model/job-text.js';
import type {EmptyPhase} from '../../model/records.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {JobViewSpec} from './JobView.js';
import {type DialogFrame, refText} from './parts.js';

const PHASE: Record<EmptyPhase, string> = {
  stopping: 'stopping the containers that use it',
  emptying: 'deleting everything inside',
  starting: 'starting the containers again',
  checking: 'checking that it is empty',
};

/** `E`: what goes (everything inside, its size), what stays (the volume), who uses it; the name typed to confirm. */
export function EmptyDialog({dialog, frame}: {dialog: Empty; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const {glyphs} = theme;
  const muted = theme.color('muted');
  const ref = refText({engine: dialog.engine, name: dialog.volume}, frame);
  const flags = frame.engines.find((e) => e.name === dialog.engine)?.dockerFlags ?? '';
  const docker = flags ? `docker ${flags}` : 'docker';
  const users = dialog.runningUsers;
  return (
    <Box flexDirection="column" height={height}>
      <Text
        bold
        color={theme.color('danger')}
      >{`Empty ${ref}: delete everything inside it (${formatSize(dialog.size, glyphs.ellipsis)})?`}</Text>
      <Text>{'Every file and directory in it goes. The volume stays, with its name, driver, options and labels.'}</Text>
      {users.length ? (
        <Text
          color={theme.color('accent')}
          wrap="truncate-end"
        >{`In use by ${users.map(sanitize).join(', ')}: ${dialog.stop ? '[x] stopped for the duration, started again after' : '[ ] not stopped (refused)'}   (Tab switches)`}</Text>
      ) : (
        <Text color={muted}>{'No running container uses it.'}</Text>
      )}
      <Text>{`Type ${sanitize(dialog.volume)} to confirm:`}</Text>
      <Text wrap="truncate-start">
        <TextInput field={dialog.typed} />
      </Text>
      {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : null}
      <Text
        color={muted}
        wrap="truncate-end"
      >{`Same as: ${sanitize(`${docker} run --rm -v ${shellWord(dialog.volume)}:/v busybox sh -c 'rm -rf /v/..?* /v/.[!.]* /v/*'`)}`}</Text>
      <Text color={muted}>{'Enter empties, Esc cancels'}</Text>
    </Box>
  );
}

export const emptyJobView: JobViewSpec<'empty'> = {
  working: (request, _position, frame) =>
    `Emptying ${refText({engine: request.engine, name: request.volume}, frame)}${frame.theme.glyphs.ellipsis}`,
  progress: (_request, progress, frame) => (
    <Text>{`${progress?.phase ? PHASE[progress.phase] : 'preparing'}${frame.theme.glyphs.ellipsis}`}</Text>
  ),
  cancelHint: () => 'Once begun it finishes and reports (stopped containers are started again either way).',
  doneTitle: (failed) => (failed ? 'Emptying failed' : 'Emptied'),
  done: (request, value) => emptySummary(request.volume, value),
  failed: (_request, failure) =>
    failure.reason === 'inUse'
      ? `${failure.message} Tab in the dialog lets volscope stop them for the duration.`
      : failure.message,
};
