import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {RenameDialog as Rename} from '../../app/dialogs/rename.js';
import {renameSummary} from '../../model/job-text.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {JobViewSpec} from './JobView.js';
import {bytesOf, type DialogFrame, Progress, refText} from './parts.js';

/** `M`: the new name; refused up front for a volume a container uses; Compose's view of it said. */
export function RenameDialog({dialog, frame}: {dialog: Rename; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  const ref = refText({engine: dialog.engine, name: dialog.volume}, frame);
  if (dialog.users.length) {
    return (
      <Box flexDirection="column" height={height}>
        <Text bold color={theme.color('danger')}>{`${ref} cannot be renamed while containers use it:`}</Text>
        <Text wrap="truncate-end">{`  ${dialog.users.map(sanitize).join(', ')}`}</Text>
        <Text>
          {
            'A container keeps the volume name it was created with. Remove those containers first, or clone the volume (c) instead.'
          }
        </Text>
        <Text color={muted}>{'Esc closes'}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{`Rename ${ref} to:`}</Text>
      <Text wrap="truncate-start">
        <TextInput field={dialog.target} />
      </Text>
      {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : null}
      <Text color={muted}>
        {
          'Docker has no rename: the contents are copied inside the engine into the new name (labels, driver, options carried), compared, then the old volume is removed. A failure leaves it as it was.'
        }
      </Text>
      {dialog.composeProject !== null ? (
        <Text
          color={theme.color('accent')}
        >{`Compose project ${sanitize(dialog.composeProject)} finds its volumes by name: to it the renamed volume is a new one, and \`compose up\` makes ${sanitize(dialog.volume)} again, empty.`}</Text>
      ) : null}
      <Text color={muted}>{'Enter renames, Esc cancels'}</Text>
    </Box>
  );
}

export const renameJobView: JobViewSpec<'rename'> = {
  working: (request, _position, frame) =>
    `Renaming ${refText({engine: request.engine, name: request.volume}, frame)} ${frame.theme.glyphs.arrow} ${sanitize(request.target)}${frame.theme.glyphs.ellipsis}`,
  progress: (request, progress, frame) => (
    <Progress progress={bytesOf(progress)} expected={request.expected} done="copied" frame={frame} />
  ),
  cancelHint: (request, cancelled, frame) =>
    cancelled
      ? `Cancelling${frame.theme.glyphs.ellipsis}`
      : `Esc cancels (${sanitize(request.volume)} stays as it was)`,
  doneTitle: (failed) => (failed ? 'Rename failed' : 'Renamed'),
  done: (request, value) => renameSummary(request.volume, request.target, value),
  failed: (_request, failure) => failure.message,
};
