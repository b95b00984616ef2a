import {Box, Text} from 'ink';
import React from 'react';
import type {CloneDialog as Clone} from '../../app/dialogs/clone.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import {type DialogFrame, refText, Result, Working} from './parts.js';

/** `c`: the new name and whether the labels go along; the copy streams engine to engine. */
export function CloneDialog({dialog, frame}: {dialog: Clone; frame: DialogFrame}) {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  switch (dialog.kind) {
    case 'clonePrompt':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Clone ${refText({engine: dialog.engine, name: dialog.source}, frame)} into a new volume${frame.engines.length > 1 ? ` on ${sanitize(dialog.engine)}` : ''} named:`}</Text>
          <Text wrap="truncate-start">
            <TextInput field={dialog.target} />
          </Text>
          <Text color={theme.color('accent')}>{`Labels: ${dialog.labels ? '[x] copied' : '[ ] not copied'}   (Tab switches)`}</Text>
          {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : null}
          <Text color={muted}>{'Streamed from the engine back into the engine: nothing is written on this machine.'}</Text>
          <Text color={muted}>{'Enter starts, Esc cancels'}</Text>
        </Box>
      );
    case 'cloning':
      return <Working title={`Cloning ${sanitize(dialog.source)} ${theme.glyphs.arrow} ${sanitize(dialog.target)}${theme.glyphs.ellipsis}`} frame={frame} />;
    case 'cloneDone':
      return <Result outcome={dialog.outcome} done="Cloned" failed="Clone failed" frame={frame} />;
  }
}
