import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {CopyInDialog as Prompt} from '../../app/dialogs/copy-in.js';
import {copyInCommand, planSize, volumeFolderText} from '../../model/copy-plan.js';
import {displayPath} from '../../model/files.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {JobViewSpec} from './JobView.js';
import {bytesOf, type DialogFrame, Progress} from './parts.js';

/** At most this many files it would replace are named; the rest are counted. */
const NAMED = 5;

/** u in a volume's browser: the path to copy in (Tab completes), then exactly what it will write. */
export function CopyInDialog({dialog, frame}: {dialog: Prompt; frame: DialogFrame}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  // With several engines the volume is named on its engine, as every row is.
  const into = `${sanitize(volumeFolderText(dialog.volume, dialog.folder))}${frame.engines.length > 1 ? ` on ${sanitize(dialog.engine)}` : ''}`;
  const plan = dialog.stage === 'confirm' ? dialog.plan : undefined;
  if (plan) {
    const flags = frame.engines.find((e) => e.name === dialog.engine)?.dockerFlags ?? '';
    const replaced = plan.replaces.slice(0, NAMED).map(sanitize).join(', ');
    return (
      <Box flexDirection="column" height={height}>
        <Text bold wrap="truncate-end">{`Copy ${sanitize(plan.source)} into ${into}`}</Text>
        <Text wrap="truncate-end">{`  Writes ${planSize(plan)} as ${sanitize(`${displayPath(dialog.folder).replace(/\/$/, '')}/${plan.name}`)}`}</Text>
        <Text color={plan.replaceCount ? theme.color('danger') : muted} wrap="truncate-end">
          {plan.replaceCount
            ? `  Replaces ${plan.replaceCount} file${plan.replaceCount === 1 ? '' : 's'} there now: ${replaced}${plan.replaceCount > NAMED ? `, … ${plan.replaceCount - NAMED} more` : ''}`
            : '  Replaces nothing: every path is new in the volume'}
        </Text>
        <Text color={plan.users.length ? theme.color('danger') : muted} wrap="truncate-end">
          {plan.users.length
            ? `  In use by running ${plan.users.length === 1 ? 'container' : 'containers'} ${plan.users.map(sanitize).join(', ')}: they see each file appear whole`
            : '  No running container uses the volume'}
        </Text>
        <Text
          color={muted}
          wrap="truncate-end"
        >{`  Like: ${sanitize(copyInCommand(flags, dialog.volume, dialog.folder, plan.source, plan.name))}`}</Text>
        <Text color={muted}>
          {'Owned by the folder it lands in; modes and links as they are; each file staged, then renamed into place.'}
        </Text>
        <Text color={muted}>{'Enter copies, Esc goes back to the path'}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height}>
      <Text bold wrap="truncate-end">{`Copy into ${into}`}</Text>
      <Text wrap="truncate-end">
        <Text color={theme.color('accent')}>{'› From (this machine)  '}</Text>
        <TextInput field={dialog.source} focused={dialog.stage === 'typing'} />
      </Text>
      {dialog.error ? (
        <Text color={theme.color('danger')} wrap="wrap">
          {sanitize(dialog.error)}
        </Text>
      ) : (
        <Text color={muted}>
          {dialog.stage === 'planning' ? `Looking at what it holds${theme.glyphs.ellipsis}` : ' '}
        </Text>
      )}
      <Text color={muted}>{'A file or a folder; nothing is written before you see what it would write.'}</Text>
      <Text color={muted}>{'Enter shows what it writes, Tab completes, Esc cancels'}</Text>
    </Box>
  );
}

export const copyInJobView: JobViewSpec<'copyIn'> = {
  working: (request, _position, frame) =>
    `Copying ${sanitize(request.source)} ${frame.theme.glyphs.arrow} ${sanitize(volumeFolderText(request.volume, request.folder))}${frame.theme.glyphs.ellipsis}`,
  progress: (request, progress, frame) => (
    <Progress progress={bytesOf(progress)} expected={request.expected} done="copied" frame={frame} />
  ),
  cancelHint: (_request, cancelled, frame) =>
    cancelled
      ? `Cancelling${frame.theme.glyphs.ellipsis}`
      : 'Esc cancels (nothing is left half-written; files not yet in place are not written)',
  doneTitle: (failed) => (failed ? 'Not copied' : 'Copied'),
  done: (request, value) =>
    `Copied ${sanitize(request.source)} into ${sanitize(volumeFolderText(request.volume, request.folder))}: ${value.bytes.toLocaleString('en-US')} bytes, each file whole.`,
  failed: (request, failure) =>
    failure.reason === 'cancelled'
      ? `Copy of ${sanitize(request.source)} cancelled: files not yet in place were not written.`
      : `Not copied: ${failure.message}`,
};
