import {Box, Text} from 'ink';
import type {ReactElement} from 'react';
import type {BackupDialog as Backup} from '../../app/dialogs/backup.js';
import {formatSize, plural} from '../../model/format.js';
import {backupLine} from '../../model/job-text.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import type {JobViewSpec} from './JobView.js';
import {type DialogFrame, Progress, refText} from './parts.js';

/** `b`: where to, then a progress bar with rate and ETA per volume, then each file's check. */
export function BackupDialog({
  dialog,
  frame,
  recent,
}: {
  dialog: Backup;
  frame: DialogFrame;
  recent: readonly string[];
}): ReactElement {
  const {theme, height} = frame;
  const muted = theme.color('muted');
  const what =
    dialog.volumes.length === 1
      ? `Back up ${refText(dialog.volumes[0]!, frame)} to`
      : `Back up ${dialog.volumes.length} volumes into the folder`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>{`${what}:`}</Text>
      <Text wrap="truncate-start">
        <TextInput field={dialog.path} />
      </Text>
      {dialog.volumes.length > 1 ? (
        <Text
          color={muted}
        >{`  each as ${frame.engines.length > 1 ? 'ENGINE-' : ''}VOLUME-${dialog.stamp}.tar.gz`}</Text>
      ) : null}
      {dialog.warning ? (
        <Text color={theme.color('stopped')} wrap="wrap">
          {sanitize(dialog.warning)}
        </Text>
      ) : null}
      {/* Stopping containers is a write: not offered under --read-only. */}
      {dialog.warning && !frame.readOnly ? (
        <Text
          color={theme.color('accent')}
        >{`Stop them for the backup and start them again after: ${dialog.stop ? '[x] yes' : '[ ] no'}   (Tab switches)`}</Text>
      ) : null}
      {recent.length ? (
        <Text color={muted} wrap="truncate-end">
          {`Used before (↑/↓): ${recent.map((folder, i) => (i === dialog.recent ? `[${sanitize(folder)}]` : sanitize(folder))).join('  ')}`}
        </Text>
      ) : null}
      <Text color={muted}>
        {
          "A .tar.gz with the volume's labels inside and FILE.sha256 beside it, checked as written; a folder may be sftp://host/path or rclone:REMOTE:path."
        }
      </Text>
      <Text color={muted}>{'Enter starts, Esc cancels'}</Text>
    </Box>
  );
}

export const backupJobView: JobViewSpec<'backup'> = {
  working: (request, {index, total}, frame) =>
    `Backing up ${index + 1} of ${total}: ${refText({engine: request.engine, name: request.volume}, frame)} ${frame.theme.glyphs.arrow} ${sanitize(request.path)}`,
  progress: (request, p, frame) => (
    <Progress
      progress={p?.bytes === undefined ? undefined : {bytes: p.bytes, startedMs: p.startedMs, nowMs: p.nowMs}}
      expected={request.expected}
      done={`read, ${formatSize(p?.written ?? 0, frame.theme.glyphs.ellipsis)} written`}
      frame={frame}
    />
  ),
  cancelHint: (_request, cancelled, frame) =>
    cancelled ? `Cancelling${frame.theme.glyphs.ellipsis}` : 'Esc cancels (nothing is left under the final name)',
  doneTitle: (failed, total) =>
    failed ? `${failed} of ${plural(total, 'backup')} failed` : `${plural(total, 'backup')} written and checked`,
  done: (_request, value) => backupLine(value).text,
  failed: (_request, failure) =>
    failure.reason === 'cancelled'
      ? 'cancelled: nothing written under the final name'
      : failure.reason === 'inUse'
        ? `${failure.message}\nS stops them for the backup and starts them again after; Esc closes.`
        : failure.message,
  label: (request) => request.volume,
};
