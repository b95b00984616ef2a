import {Box, Text} from 'ink';
import type {PruneDialog as Prune} from '../../app/dialogs/prune.js';
import {pruneCommand} from '../../model/cleanup.js';
import {plural} from '../../model/format.js';
import {TextInput} from '../TextInput.js';
import type {VolumeRef} from '../../model/engines.js';
import {Buttons, type DialogFrame, nameLines, sameAsLine, ScrollList, totalLine} from './parts.js';

/** `p`: the preview of exactly what goes in the scope chosen; named volumes only after `prune` is typed. */
export function PruneDialog({
  dialog,
  candidates,
  listRoom,
  frame,
}: {
  dialog: Prune;
  candidates: readonly VolumeRef[];
  listRoom: number;
  frame: DialogFrame;
}) {
  const names = candidates;
  const command = (_names: readonly string[], flags: string) => pruneCommand(dialog.scope, flags);
  const {theme, height} = frame;
  const danger = theme.color('danger');
  const muted = theme.color('muted');
  const scopeLine = `Scope: ${dialog.scope === 'anonymous' ? '(•)' : '( )'} anonymous unused   ${dialog.scope === 'all' ? '(•)' : '( )'} all unused, named too   (Tab switches)`;
  return (
    <Box flexDirection="column" height={height}>
      <Text
        bold
        color={danger}
      >{`Prune: ${plural(names.length, 'volume')} would be removed${frame.engines.length > 1 ? ` (${frame.engines.length} engines, each by its own rule)` : ''}`}</Text>
      <Text color={theme.color('accent')}>{scopeLine}</Text>
      {names.length ? (
        <ScrollList
          lines={nameLines(names, frame, command, true)}
          scroll={dialog.scroll}
          room={listRoom}
          theme={theme}
        />
      ) : (
        <Text color={muted}>{'  Nothing to remove in this scope.'}</Text>
      )}
      <Text>{totalLine(names, frame)}</Text>
      <Text
        color={muted}
        wrap="truncate-end"
      >{`${sameAsLine(names, frame, command)} (volscope removes exactly these names, one by one)`}</Text>
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
