import {Box, Text} from 'ink';
import React from 'react';
import type {CloneDialog as Clone} from '../../app/dialogs/clone.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import {type DialogFrame, Progress, refText, Result} from './parts.js';

/** `c`: the new name, where it goes and whether the labels go along; the copy streams engine to engine, with progress. */
export function CloneDialog({dialog, frame}: {dialog: Clone; frame: DialogFrame}) {
  const {theme, height} = frame;
  const {glyphs} = theme;
  const muted = theme.color('muted');
  const many = frame.engines.length > 1;
  switch (dialog.kind) {
    case 'clonePrompt':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Clone ${refText({engine: dialog.engine, name: dialog.source}, frame)} into a new volume${many ? ` on ${sanitize(dialog.targetEngine)}` : ''} named:`}</Text>
          <Text wrap="truncate-start">
            <TextInput field={dialog.target} />
          </Text>
          <Text color={theme.color('accent')}>{`Labels: ${dialog.labels ? '[x] copied' : '[ ] not copied'}   (Tab switches)${many ? '   Engine: Ctrl+T picks the next one' : ''}`}</Text>
          {dialog.error ? <Text color={theme.color('danger')}>{sanitize(dialog.error)}</Text> : null}
          <Text color={muted}>{dialog.targetEngine === dialog.engine ? 'Streamed from the engine back into the engine: nothing is written on this machine.' : `Streamed from ${sanitize(dialog.engine)} into ${sanitize(dialog.targetEngine)} through this machine, never to its disk.`}</Text>
          <Text color={muted}>{'Read back and compared with the source when done. Enter starts, Esc cancels'}</Text>
        </Box>
      );
    case 'cloning': {
      const target = refText({engine: dialog.targetEngine, name: dialog.target}, frame);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Cloning ${refText({engine: dialog.engine, name: dialog.source}, frame)} ${glyphs.arrow} ${target}${glyphs.ellipsis}`}</Text>
          <Progress progress={dialog.progress} expected={dialog.expected} done="copied" frame={frame} />
          <Text color={muted}>{dialog.cancelled ? `Cancelling${glyphs.ellipsis}` : 'Esc cancels (a volume this clone created is removed again)'}</Text>
        </Box>
      );
    }
    case 'cloneDone':
      return <Result outcome={dialog.outcome} done="Cloned" failed="Clone failed" frame={frame} />;
  }
}
