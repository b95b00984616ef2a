import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {EditFileDialog as Prompt} from '../../app/dialogs/edit-file.js';
import {editCommand} from '../../model/copy-plan.js';
import {displayPath} from '../../model/files.js';
import {sanitize} from '../../model/sanitize.js';
import type {JobViewSpec} from './JobView.js';
import type {DialogFrame} from './parts.js';

/** e: while the editor has the terminal, then what changed and where it goes. */
export function EditFileDialog({dialog, frame}: {dialog: Prompt; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  const where = `${sanitize(`${dialog.volume}:${displayPath(dialog.path)}`)}${frame.engines.length > 1 ? ` on ${sanitize(dialog.engine)}` : ''}`;
  if (dialog.stage === 'editing' || !dialog.outcome)
    return (
      <Box flexDirection="column" height={height}>
        <Text bold wrap="truncate-end">{`Editing ${where}${theme.glyphs.ellipsis}`}</Text>
        <Text color={muted}>
          {'The file is read, then your editor ($VISUAL, $EDITOR, vi or nano) has the terminal.'}
        </Text>
      </Box>
    );
  const {added, removed} = dialog.outcome;
  const flags = frame.engines.find((e) => e.name === dialog.engine)?.dockerFlags ?? '';
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate-end">{`Write the edit back to ${where}?`}</Text>
      <Text>{`  ${added} line${added === 1 ? '' : 's'} added, ${removed} removed`}</Text>
      <Text
        color={muted}
        wrap="truncate-end"
      >{`  Like: ${sanitize(editCommand(flags, dialog.volume, dialog.path))}`}</Text>
      <Text color={muted} wrap="wrap">
        {
          'It is written whole (staged, then renamed over the file) with its owner and mode, and only if the file did not change in the volume while you edited; if it did, nothing is written and your edit is kept here.'
        }
      </Text>
      <Text
        color={muted}
      >{`Enter writes, b writes and keeps the old one as ${sanitize(dialog.name)}.volscope-bak, Esc discards`}</Text>
    </Box>
  );
}

export const editJobView: JobViewSpec<'edit'> = {
  working: (request, _position, frame) =>
    `${request.mode === 'discard' ? 'Discarding the edit of' : 'Writing'} ${sanitize(`${request.volume}:${displayPath(request.path)}`)}${frame.theme.glyphs.ellipsis}`,
  progress: () => <Text> </Text>,
  cancelHint: () => 'One rename: it finishes',
  doneTitle: (failed) => (failed ? 'Not written' : 'Edit'),
  done: (request, value) => {
    const where = sanitize(`${request.volume}:${displayPath(request.path)}`);
    if (value.written)
      return `Wrote ${where}${value.backup ? ' (the old content kept as .volscope-bak beside it)' : ''}.`;
    return request.mode === 'discard' && request.id
      ? `Edit discarded: ${where} is as it was.`
      : `No change: ${where} was left as it was.`;
  },
  failed: (_request, failure) => failure.message,
};
