import {Box, Text} from 'ink';
import React from 'react';
import {pruneRows} from '../app/cleanup-reducer.js';
import {CREATE_FIELDS, type Dialog} from '../app/cleanup-state.js';
import type {AppState} from '../app/state.js';
import {pruneCommand, rmCommand, totalSize} from '../model/cleanup.js';
import {formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {truncate} from '../model/text.js';
import type {Theme} from './theme.js';

export interface CleanupDialogProps {
  readonly state: AppState;
  readonly dialog: Dialog;
  /** Lines the dialog may use. */
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
}

/** Every clean-up dialog: what exactly will go, its size, the docker command that does the same. */
export function CleanupDialog({state, dialog, height, width, theme}: CleanupDialogProps) {
  const {glyphs} = theme;
  const muted = theme.color('muted');
  const danger = theme.color('danger');
  const sizeOf = (name: string) => state.rows.find((row) => row.volume.name === name)?.size;
  const list = (lines: readonly string[], scroll: number, room: number) => {
    const start = Math.max(0, Math.min(scroll, lines.length - room));
    const shown = lines.slice(start, start + room);
    const more = lines.length - start - shown.length;
    return (
      <>
        {shown.map((line, index) => (
          <Text key={start + index} wrap="truncate-end">{line}</Text>
        ))}
        {more > 0 ? <Text color={muted}>{`  ${glyphs.ellipsis} ${more} more (↑↓ scroll)`}</Text> : null}
      </>
    );
  };
  // One name column for the whole list, as wide as its longest name allows, sizes right-aligned after it.
  const nameWidth = (names: readonly string[]) => Math.min(Math.max(10, width - 14), Math.max(4, ...names.map((name) => sanitize(name).length)));
  const nameLines = (names: readonly string[]) => {
    const room = nameWidth(names);
    return names.map((name) => `  ${truncate(sanitize(name), room, glyphs.ellipsis).padEnd(room)} ${formatSize(sizeOf(name), glyphs.ellipsis).padStart(9)}`);
  };
  const buttons = (focus: 'cancel' | 'confirm', action: string) => (
    <Text>
      <Text inverse={focus === 'cancel'}>{' Cancel '}</Text>
      {'  '}
      <Text inverse={focus === 'confirm'} color={focus === 'confirm' ? undefined : danger}>{` ${action} `}</Text>
      <Text color={muted}>{'   ←/→ choose, Enter presses, Esc cancels'}</Text>
    </Text>
  );
  const working = (title: string, detail?: string) => (
    <Box flexDirection="column" height={height}>
      <Text bold>{title}</Text>
      {detail ? <Text color={muted}>{detail}</Text> : null}
    </Box>
  );
  const result = (outcome: {ok: boolean; message: string}, done: string, failed: string) => (
    <Box flexDirection="column" height={height}>
      <Text bold color={theme.color(outcome.ok ? 'running' : 'danger')}>{outcome.ok ? done : failed}</Text>
      <Text wrap="wrap">{sanitize(outcome.message)}</Text>
      <Text inverse>{' OK '}</Text>
    </Box>
  );
  const total = (names: readonly string[]) => {
    const sum = totalSize(names.map((name) => state.rows.find((row) => row.volume.name === name)).filter((row) => row !== undefined));
    return `Total: ${formatSize(sum.bytes, glyphs.ellipsis)}${sum.unknown ? ` (+${sum.unknown} not measured)` : ''}`;
  };

  switch (dialog.kind) {
    case 'remove': {
      const blockedLines = dialog.blocked.map((b) => `  ${sanitize(b.name)} ${glyphs.separator} kept: in use by ${sanitize(b.holders)}`);
      const room = Math.max(1, height - 6);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={danger}>{dialog.names.length === 1 ? `Remove volume ${sanitize(dialog.names[0]!)}?` : `Remove ${dialog.names.length} volumes?`}</Text>
          {list([...nameLines(dialog.names), ...blockedLines], dialog.scroll, room)}
          <Text>{total(dialog.names)}</Text>
          <Text color={muted} wrap="truncate-end">{`Same as: ${sanitize(rmCommand(dialog.names))}`}</Text>
          {buttons(dialog.focus, `Remove ${plural(dialog.names.length, 'volume')}`)}
        </Box>
      );
    }
    case 'blocked':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={danger}>{dialog.blocked.length === 1 ? `${sanitize(dialog.blocked[0]!.name)} cannot be removed` : 'These volumes cannot be removed'}</Text>
          {dialog.blocked.map((b) => (
            <Text key={b.name} wrap="wrap">{`${sanitize(b.name)} is used by ${sanitize(b.holders)}. To free it, ${sanitize(b.hint)}.`}</Text>
          ))}
          <Text inverse>{' OK '}</Text>
        </Box>
      );
    case 'prune': {
      const rows = pruneRows(state, dialog.scope);
      const names = rows.map((row) => row.volume.name);
      const scopeLine = `Scope: ${dialog.scope === 'anonymous' ? '(•)' : '( )'} anonymous unused   ${dialog.scope === 'all' ? '(•)' : '( )'} all unused, named too   (Tab switches)`;
      const room = Math.max(1, height - 7);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={danger}>{`Prune: ${plural(names.length, 'volume')} would be removed`}</Text>
          <Text color={theme.color('accent')}>{scopeLine}</Text>
          {names.length ? list(nameLines(names), dialog.scroll, room) : <Text color={muted}>{'  Nothing to remove in this scope.'}</Text>}
          <Text>{total(names)}</Text>
          <Text color={muted}>{`Same as: ${pruneCommand(dialog.scope)} (volscope removes exactly these names, one by one)`}</Text>
          {dialog.scope === 'all' ? (
            <Text>
              <Text color={danger}>{`Named volumes go too. Type prune to remove ${names.length}: `}</Text>
              {sanitize(dialog.typed)}
              <Text inverse> </Text>
              <Text color={muted}>{'  Enter removes, Esc cancels'}</Text>
            </Text>
          ) : (
            buttons(dialog.focus, `Remove ${plural(names.length, 'volume')}`)
          )}
        </Box>
      );
    }
    case 'running': {
      const done = dialog.outcomes.length;
      const current = dialog.names[done];
      const lines = dialog.outcomes.map((o) => (o.removed ? `  removed ${sanitize(o.name)}` : `  skipped ${dialog.why.get(o.name) ?? sanitize(o.name)}`));
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Removing ${Math.min(done + 1, dialog.names.length)} of ${dialog.names.length}${current ? `: ${sanitize(current)}` : ''}${glyphs.ellipsis}`}</Text>
          {list(lines, lines.length, Math.max(1, height - 1))}
        </Box>
      );
    }
    case 'summary': {
      const skipped = dialog.outcomes.filter((o) => !o.removed);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={theme.color(skipped.length ? 'stopped' : 'running')}>
            {`Removed ${dialog.outcomes.length - skipped.length} of ${plural(dialog.outcomes.length, 'volume')}, reclaimed ${formatSize(dialog.reclaimed, glyphs.ellipsis)}` +
              (skipped.length ? `; skipped ${skipped.length}:` : '.')}
          </Text>
          {list(skipped.map((o) => `  ${dialog.why.get(o.name) ?? sanitize(o.name)}`), 0, Math.max(1, height - 2))}
          <Text inverse>{' OK '}</Text>
        </Box>
      );
    }
    case 'backupPrompt': {
      const what = dialog.names.length === 1 ? `Back up ${sanitize(dialog.names[0]!)} to` : `Back up ${dialog.names.length} volumes into the folder`;
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`${what}:`}</Text>
          <Text wrap="truncate-start">
            {sanitize(dialog.text)}
            <Text inverse> </Text>
          </Text>
          {dialog.names.length > 1 ? <Text color={muted}>{`  each as VOLUME-${dialog.stamp}.tar.gz`}</Text> : null}
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
      const seconds = p ? Math.max(0.001, (Date.now() - p.startedMs) / 1000) : 0;
      const rate = p ? p.rawBytes / seconds : 0;
      const expected = job?.expected ?? undefined;
      const share = p && expected ? Math.min(1, p.rawBytes / expected) : undefined;
      const barWidth = Math.max(10, Math.min(40, width - 20));
      const filled = share === undefined ? 0 : Math.round(share * barWidth);
      const eta = p && expected && rate > 0 && expected > p.rawBytes ? `, about ${Math.ceil((expected - p.rawBytes) / rate)} s left` : '';
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Backing up ${Math.min(dialog.results.length + 1, dialog.jobs.length)} of ${dialog.jobs.length}: ${sanitize(job?.name ?? '')} ${glyphs.arrow} ${sanitize(job?.path ?? '')}`}</Text>
          {share !== undefined ? (
            <Text>
              <Text color={theme.color('accent')}>{glyphs.barFull.repeat(filled)}</Text>
              <Text color={muted}>{glyphs.barEmpty.repeat(barWidth - filled)}</Text>
              {` ${Math.round(share * 100)}%`}
            </Text>
          ) : null}
          <Text color={muted}>
            {p ? `${formatSize(p.rawBytes, glyphs.ellipsis)}${expected ? ` of ~${formatSize(expected, glyphs.ellipsis)}` : ''} read, ${formatSize(p.writtenBytes, glyphs.ellipsis)} written, ${formatSize(rate, glyphs.ellipsis)}/s${eta}` : `Starting${glyphs.ellipsis}`}
          </Text>
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
            <Text key={r.name} wrap="wrap" color={r.ok ? undefined : danger}>{`  ${sanitize(r.name)}: ${sanitize(r.message)}`}</Text>
          ))}
          <Text inverse>{' OK '}</Text>
        </Box>
      );
    }
    case 'clonePrompt':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Clone ${sanitize(dialog.source)} into a new volume named:`}</Text>
          <Text wrap="truncate-start">
            {sanitize(dialog.text)}
            <Text inverse> </Text>
          </Text>
          <Text color={theme.color('accent')}>{`Labels: ${dialog.labels ? '[x] copied' : '[ ] not copied'}   (Tab switches)`}</Text>
          {dialog.error ? <Text color={danger}>{sanitize(dialog.error)}</Text> : null}
          <Text color={muted}>{'Streamed from the engine back into the engine: nothing is written on this machine.'}</Text>
          <Text color={muted}>{'Enter starts, Esc cancels'}</Text>
        </Box>
      );
    case 'cloning':
      return working(`Cloning ${sanitize(dialog.source)} ${glyphs.arrow} ${sanitize(dialog.target)}${glyphs.ellipsis}`);
    case 'cloneDone':
      return result(dialog.outcome, 'Cloned', 'Clone failed');
    case 'restorePrompt':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>Restore a backup</Text>
          {([['Backup file', dialog.file, 'path of a .tar.gz or .tar'], ['Into volume', dialog.volume, 'a new name, or an empty volume']] as const).map(([label, value, placeholder], index) => (
            <Text key={label} wrap="truncate-end">
              <Text color={index === dialog.field ? theme.color('accent') : muted}>{`${index === dialog.field ? '›' : ' '} ${label.padEnd(13)}`}</Text>
              {sanitize(value)}
              {index === dialog.field ? <Text inverse> </Text> : null}
              {!value && index !== dialog.field ? <Text color={muted}>{placeholder}</Text> : null}
            </Text>
          ))}
          {dialog.error ? <Text color={danger}>{sanitize(dialog.error)}</Text> : <Text> </Text>}
          <Text color={muted} wrap="wrap">{'The archive is checked as it streams, and a restore that proves damaged is undone; a missing volume is created with the driver and labels recorded in the backup. A volume holding files is refused (volscope restore --replace empties one).'}</Text>
          <Text color={muted}>{'Enter restores, Tab next field, Esc cancels'}</Text>
        </Box>
      );
    case 'restoring':
      return working(`Restoring ${sanitize(dialog.file)} ${glyphs.arrow} ${sanitize(dialog.volume)}${glyphs.ellipsis}`, 'Checking the archive end to end, then the engine unpacks it.');
    case 'restoreDone':
      return result(dialog.outcome, 'Restored', 'Not restored');
    case 'create':
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>New volume</Text>
          {CREATE_FIELDS.map((field, index) => {
            const value = dialog.fields[field.key];
            const active = index === dialog.field;
            return (
              <Text key={field.key} wrap="truncate-end">
                <Text color={active ? theme.color('accent') : muted}>{`${active ? '›' : ' '} ${field.label.padEnd(15)}`}</Text>
                {sanitize(value)}
                {active ? <Text inverse> </Text> : null}
                {!value && !active ? <Text color={muted}>{field.placeholder}</Text> : null}
              </Text>
            );
          })}
          {dialog.error ? <Text color={danger} wrap="wrap">{sanitize(dialog.error)}</Text> : <Text> </Text>}
          <Text color={muted}>{dialog.submitting ? `Creating${glyphs.ellipsis}` : 'Enter creates, Tab / ↓ next field, Esc cancels'}</Text>
        </Box>
      );
  }
}
