import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {OpenArchiveDialog as Prompt} from '../../app/dialogs/open-archive.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {DialogFrame} from './parts.js';

/** `o`: a backup to open in the file browser; ↑/↓ fill in the folders backups went to before. */
export function OpenArchiveDialog({dialog, frame}: {dialog: Prompt; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>Open a backup in the file browser (read-only)</Text>
      <Text wrap="truncate-start">
        <Text color={theme.color('accent')}>{'› '}</Text>
        <TextInput field={dialog.archive} focused />
      </Text>
      {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : <Text> </Text>}
      <Text color={muted} wrap="wrap">
        {
          'A .tar.gz (or .tar.gz.age, with -i given at start) here, on sftp://user@host/path/NAME or rclone:REMOTE:path/NAME. Only its index is read to list it; Space marks files, R restores them into a volume, x extracts them.'
        }
      </Text>
      <Text color={muted}>{'Enter opens, ↑/↓ folders used before, Esc cancels'}</Text>
    </Box>
  );
}
