import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {RestoreDialog as Restore} from '../../app/dialogs/restore.js';
import {restoreSummary} from '../../model/job-text.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {JobViewSpec} from './JobView.js';
import {bytesOf, type DialogFrame, Progress} from './parts.js';

/** `R`: which file into which volume; checked as it streams, undone if it proves damaged. */
export function RestoreDialog({dialog, frame}: {dialog: Restore; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  return (
    <Box flexDirection="column" height={height}>
      <Text
        bold
      >{`Restore a backup${frame.engines.length > 1 ? ` on ${sanitize(dialog.engine)} (Ctrl+T: next engine)` : ''}`}</Text>
      {(
        [
          ['Backup file', dialog.file, 'path of a .tar.gz or .tar'],
          ['Into volume', dialog.volume, 'a new name, or an empty volume'],
        ] as const
      ).map(([label, value, placeholder], index) => (
        <Text key={label} wrap="truncate-end">
          <Text
            color={index === dialog.field ? theme.color('accent') : muted}
          >{`${index === dialog.field ? '›' : ' '} ${label.padEnd(13)}`}</Text>
          <TextInput field={value} focused={index === dialog.field} />
          {!value.text && index !== dialog.field ? <Text color={muted}>{placeholder}</Text> : null}
        </Text>
      ))}
      {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : <Text> </Text>}
      <Text color={muted} wrap="wrap">
        {
          'The archive is checked as it streams, and a restore that proves damaged is undone; a missing volume is created with the driver and labels recorded in the backup. A volume holding files is refused (E empties one first).'
        }
      </Text>
      <Text color={muted}>{'Enter restores, Tab next field, Esc cancels'}</Text>
    </Box>
  );
}

export const restoreJobView: JobViewSpec<'restore'> = {
  working: (request, _position, frame) =>
    `Restoring ${sanitize(request.file)} ${frame.theme.glyphs.arrow} ${sanitize(request.volume)}${frame.theme.glyphs.ellipsis}`,
  progress: (_request, progress, frame) => (
    <Progress progress={bytesOf(progress)} expected={undefined} done="unpacked" frame={frame} />
  ),
  cancelHint: (_request, cancelled, frame) =>
    cancelled
      ? `Cancelling: undoing what was unpacked${frame.theme.glyphs.ellipsis}`
      : 'Checked as it streams. Esc cancels (and undoes what was unpacked)',
  doneTitle: (failed) => (failed ? 'Not restored' : 'Restored'),
  done: (request, value) => restoreSummary(request.volume, value),
  failed(request, failure) {
    // The TUI's restore neither replaces content nor stops containers: what to do instead, in keys.
    if (failure.reason === 'notEmpty')
      return `${failure.message} Restore into a new name, or empty ${request.volume} first (E in the table).`;
    if (failure.reason === 'inUse')
      return `${failure.message} Stop ${failure.users?.length === 1 ? 'it' : 'them'} first, or restore into a new name.`;
    return failure.message;
  },
};
