import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {RestoreFilesDialog as Prompt} from '../../app/dialogs/restore-files.js';
import {formatSize} from '../../model/format.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {JobViewSpec} from './JobView.js';
import {bytesOf, type DialogFrame, Progress} from './parts.js';

/** At most this many chosen paths are named in the prompt; the rest are counted. */
const NAMED = 4;

function pathsText(paths: readonly string[]): string {
  const named = paths.slice(0, NAMED).map(sanitize).join(', ');
  return paths.length > NAMED ? `${named} and ${paths.length - NAMED} more` : named;
}

/** R in a backup's browser: the marked files go into which volume; files there and running users are asked about after. */
export function RestoreFilesDialog({dialog, frame}: {dialog: Prompt; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate-end">
        {`Restore ${pathsText(dialog.paths)} from the backup${frame.engines.length > 1 ? ` on ${sanitize(dialog.engine)} (Ctrl+T: next engine)` : ''}`}
      </Text>
      <Text wrap="truncate-end">
        <Text color={theme.color('accent')}>{'› Into volume  '}</Text>
        <TextInput field={dialog.volume} focused />
      </Text>
      <Text color={dialog.stopContainers ? theme.color('danger') : muted}>
        {`  Running containers that use it: ${dialog.stopContainers ? 'stopped for the restore, started after' : 'refuse the restore'} (Tab)`}
      </Text>
      {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : <Text> </Text>}
      <Text color={muted} wrap="wrap">
        {
          "Only the parts of the archive that hold these files are read. The volume's other files stay; each restored file lands whole (staged inside the volume, then renamed into place). Files already there are named before anything is written."
        }
      </Text>
      <Text color={muted}>{'Enter restores, Tab stops containers or not, Esc cancels'}</Text>
    </Box>
  );
}

export const restoreFilesJobView: JobViewSpec<'restoreFiles'> = {
  working: (request, _position, frame) =>
    `Restoring ${pathsText(request.paths)} ${frame.theme.glyphs.arrow} ${sanitize(request.volume)}${frame.theme.glyphs.ellipsis}`,
  progress: (_request, progress, frame) => (
    <Progress progress={bytesOf(progress)} expected={undefined} done="of tar sent" frame={frame} />
  ),
  cancelHint: (_request, cancelled, frame) =>
    cancelled
      ? `Cancelling${frame.theme.glyphs.ellipsis}`
      : 'Esc cancels (files already in place are whole; the others are not written)',
  doneTitle: (failed) => (failed ? 'Not restored' : 'Restored'),
  done(request, value) {
    const written = value.written.length
      ? `${value.written.slice(0, 6).join(', ')}${value.written.length > 6 ? `, … (${value.written.length})` : ''}`
      : 'nothing';
    const kept = value.skipped.length
      ? `; kept ${value.skipped.length} already there (${value.skipped.slice(0, 3).join(', ')}${value.skipped.length > 3 ? ', …' : ''})`
      : '';
    const read = value.scanned
      ? ` The archive was read whole: ${value.scanned}.`
      : value.read
        ? ` Read ${formatSize(value.read.bytes, '?')} of the ${formatSize(value.read.of, '?')} archive.`
        : '';
    return `Into ${request.volume}${value.created ? ' (created)' : ''}: ${written}${kept}.${read}`;
  },
  failed(request, failure) {
    if (failure.reason === 'exists')
      return `${failure.message}\no replaces them (each whole), s keeps them, Esc leaves ${request.volume} as it is.`;
    if (failure.reason === 'inUse')
      return `${failure.message}\nS stops them for the restore and starts them again after; Esc cancels.`;
    if (failure.reason === 'cancelled')
      return 'Cancelled: files already in place are whole; the others were not written.';
    return failure.message;
  },
};
