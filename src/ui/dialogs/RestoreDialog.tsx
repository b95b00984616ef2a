import {Box, Text} from 'ink';
import React from 'react';
import type {RestoreDialog as Restore} from '../../app/dialogs/restore.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import {type DialogFrame, Progress, Result} from './parts.js';

/** `R`: which file into which volume; checked as it streams, undone if it proves damaged. */
export function RestoreDialog({dialog, frame}: {dialog: Restore; frame: DialogFrame}) {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  switch (dialog.kind) {
    case 'restorePrompt':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Restore a backup${frame.engines.length > 1 ? ` on ${sanitize(dialog.engine)} (Ctrl+T: next engine)` : ''}`}</Text>
          {([['Backup file', dialog.file, 'path of a .tar.gz or .tar'], ['Into volume', dialog.volume, 'a new name, or an empty volume']] as const).map(([label, value, placeholder], index) => (
            <Text key={label} wrap="truncate-end">
              <Text color={index === dialog.field ? theme.color('accent') : muted}>{`${index === dialog.field ? '›' : ' '} ${label.padEnd(13)}`}</Text>
              <TextInput field={value} focused={index === dialog.field} />
              {!value.text && index !== dialog.field ? <Text color={muted}>{placeholder}</Text> : null}
            </Text>
          ))}
          {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : <Text> </Text>}
          <Text color={muted} wrap="wrap">{'The archive is checked as it streams, and a restore that proves damaged is undone; a missing volume is created with the driver and labels recorded in the backup. A volume holding files is refused (volscope restore --replace empties one).'}</Text>
          <Text color={muted}>{'Enter restores, Tab next field, Esc cancels'}</Text>
        </Box>
      );
    case 'restoring':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold wrap="truncate-end">{`Restoring ${sanitize(dialog.file)} ${theme.glyphs.arrow} ${sanitize(dialog.volume)}${theme.glyphs.ellipsis}`}</Text>
          <Progress progress={dialog.progress} expected={undefined} done="unpacked" frame={frame} />
          <Text color={muted}>{dialog.cancelled ? `Cancelling: undoing what was unpacked${theme.glyphs.ellipsis}` : 'Checked as it streams. Esc cancels (and undoes what was unpacked)'}</Text>
        </Box>
      );
    case 'restoreDone':
      return <Result outcome={dialog.outcome} done="Restored" failed="Not restored" frame={frame} />;
  }
}
