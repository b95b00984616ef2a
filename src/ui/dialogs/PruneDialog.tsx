import {Box, Text} from 'ink';
import React from 'react';
import type {PruneDialog as Prune} from '../../app/dialogs/prune.js';
import {pruneCommand} from '../../model/cleanup.js';
import {plural} from '../../model/format.js';
import {TextInput} from '../TextInput.js';
import {Buttons, type DialogFrame, nameLines, ScrollList, totalLine} from './parts.js';

/** `p`: the preview of exactly what goes in the scope chosen; named volumes only after `prune` is typed. */
export function PruneDialog({dialog, names, listRoom, frame}: {dialog: Prune; names: readonly string[]; listRoom: number; frame: DialogFrame}) {
  const {theme, height} = frame;
  const danger = theme.color('danger');
  const muted = theme.color('muted');
  const scopeLine = `Scope: ${dialog.scope === 'anonymous' ? '(•)' : '( )'} anonymous unused   ${dialog.scope === 'all' ? '(•)' : '( )'} all unused, named too   (Tab switches)`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold color={danger}>{`Prune: ${plural(names.length, 'volume')} would be removed`}</Text>
      <Text color={theme.color('accent')}>{scopeLine}</Text>
      {names.length ? <ScrollList lines={nameLines(names, frame)} scroll={dialog.scroll} room={listRoom} theme={theme} /> : <Text color={muted}>{'  Nothing to remove in this scope.'}</Text>}
      <Text>{totalLine(names, frame)}</Text>
      <Text color={muted}>{`Same as: ${pruneCommand(dialog.scope)} (volscope removes exactly these names, one by one)`}</Text>
      {dialog.scope === 'all' ? (
        <Text>
          <Text color={danger}>{`Named volumes go too. Type prune to remove ${names.length}: `}</Text>
          <TextInput field={dialog.typed} />
          <Text color={muted}>{'  Enter removes, Esc cancels'}</Text>
        </Text>
      ) : (
        <Buttons focus={dialog.focus} action={`Remove ${plural(names.length, 'volume')}`} theme={theme} />
      )}
    </Box>
  );
}
