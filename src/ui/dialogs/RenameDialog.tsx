import {Box, Text} from 'ink';
import React from 'react';
import type {RenameDialog as Rename} from '../../app/dialogs/rename.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import {type DialogFrame, Progress, refText, Result} from './parts.js';

/** `M`: the new name; refused up front for a volume a container uses; Compose's view of it said. */
export function RenameDialog({dialog, frame}: {dialog: Rename; frame: DialogFrame}) {
  const {theme, height} = frame;
  const {glyphs} = theme;
  const muted = theme.color('muted');
  switch (dialog.kind) {
    case 'renamePrompt': {
      const ref = refText({engine: dialog.engine, name: dialog.volume}, frame);
      if (dialog.users.length) {
        return (
          <Box flexDirection="column" height={height}>
            <Text bold color={theme.color('danger')}>{`${ref} cannot be renamed while containers use it:`}</Text>
            <Text wrap="truncate-end">{`  ${dialog.users.map(sanitize).join(', ')}`}</Text>
            <Text>{'A container keeps the volume name it was created with. Remove those containers first, or clone the volume (c) instead.'}</Text>
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
          <Text color={muted}>{'Docker has no rename: the contents are copied inside the engine into the new name (labels, driver, options carried), compared, then the old volume is removed. A failure leaves it as it was.'}</Text>
          {dialog.composeProject !== null ? (
            <Text color={theme.color('accent')}>{`Compose project ${sanitize(dialog.composeProject)} finds its volumes by name: to it the renamed volume is a new one, and \`compose up\` makes ${sanitize(dialog.volume)} again, empty.`}</Text>
          ) : null}
          <Text color={muted}>{'Enter renames, Esc cancels'}</Text>
        </Box>
      );
    }
    case 'renaming':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Renaming ${refText({engine: dialog.engine, name: dialog.volume}, frame)} ${glyphs.arrow} ${sanitize(dialog.target)}${glyphs.ellipsis}`}</Text>
          <Progress progress={dialog.progress} expected={dialog.expected} done="copied" frame={frame} />
          <Text color={muted}>{dialog.cancelled ? `Cancelling${glyphs.ellipsis}` : `Esc cancels (${sanitize(dialog.volume)} stays as it was)`}</Text>
        </Box>
      );
    case 'renameDone':
      return <Result outcome={dialog.outcome} done="Renamed" failed="Rename failed" frame={frame} />;
  }
}
