import {Box, Text} from 'ink';
import React from 'react';
import type {BackupDialog as Backup} from '../../app/dialogs/backup.js';
import {formatSize, plural} from '../../model/format.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import {type DialogFrame, Progress, refText} from './parts.js';

/** `b`: where to, then a progress bar with rate and ETA per volume, then each file's check. */
export function BackupDialog({dialog, frame}: {dialog: Backup; frame: DialogFrame}) {
  const {theme, height} = frame;
  const {glyphs} = theme;
  const muted = theme.color('muted');
  switch (dialog.kind) {
    case 'backupPrompt': {
      const what = dialog.volumes.length === 1 ? `Back up ${refText(dialog.volumes[0]!, frame)} to` : `Back up ${dialog.volumes.length} volumes into the folder`;
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`${what}:`}</Text>
          <Text wrap="truncate-start">
            <TextInput field={dialog.path} />
          </Text>
          {dialog.volumes.length > 1 ? <Text color={muted}>{`  each as ${frame.engines.length > 1 ? 'ENGINE-' : ''}VOLUME-${dialog.stamp}.tar.gz`}</Text> : null}
          {dialog.warning ? <Text color={theme.color('stopped')} wrap="wrap">{sanitize(dialog.warning)}</Text> : null}
          {dialog.warning ? <Text color={theme.color('accent')}>{`Stop them for the backup and start them again after: ${dialog.stop ? '[x] yes' : '[ ] no'}   (Tab switches)`}</Text> : null}
          <Text color={muted}>{'A .tar.gz with the volume\'s labels inside and FILE.sha256 beside it; read back and checked after writing.'}</Text>
          <Text color={muted}>{'Enter starts, Esc cancels'}</Text>
        </Box>
      );
    }
    case 'backingUp': {
      const job = dialog.jobs[dialog.results.length];
      const p = dialog.progress;
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Backing up ${Math.min(dialog.results.length + 1, dialog.jobs.length)} of ${dialog.jobs.length}: ${job ? refText(job, frame) : ''} ${glyphs.arrow} ${sanitize(job?.path ?? '')}`}</Text>
          <Progress progress={p ? {bytes: p.rawBytes, startedMs: p.startedMs, nowMs: p.nowMs} : undefined} expected={job?.expected ?? undefined} done={`read, ${formatSize(p?.writtenBytes ?? 0, glyphs.ellipsis)} written`} frame={frame} />
          {dialog.results.map((r) => (
            <Text key={r.name} color={theme.color(r.ok ? 'running' : 'danger')} wrap="truncate-end">{`  ${r.ok ? 'done' : 'failed'}: ${sanitize(r.message)}`}</Text>
          ))}
          <Text color={muted}>{dialog.cancelled ? `Cancelling${glyphs.ellipsis}` : 'Esc cancels (nothing is left under the final name)'}</Text>
        </Box>
      );
    }
    case 'backupDone': {
      const failed = dialog.results.filter((r) => !r.ok).length;
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={theme.color(failed ? 'danger' : 'running')}>{failed ? `${failed} of ${plural(dialog.results.length, 'backup')} failed` : `${plural(dialog.results.length, 'backup')} written and checked`}</Text>
          {dialog.results.map((r) => (
            <Text key={r.name} wrap="wrap" color={r.ok ? undefined : theme.color('danger')}>{`  ${sanitize(r.name)}: ${sanitize(r.message)}`}</Text>
          ))}
          <Text inverse>{' OK '}</Text>
        </Box>
      );
    }
  }
}
