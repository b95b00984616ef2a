import {Box, Text} from 'ink';
import React from 'react';
import type {RemovalDialog as Removal} from '../../app/dialogs/remove.js';
import {rmCommand} from '../../model/cleanup.js';
import {formatSize, plural} from '../../model/format.js';
import {sanitize} from '../../model/sanitize.js';
import {Buttons, type DialogFrame, nameLines, ScrollList, totalLine} from './parts.js';

/** `d`: exactly what goes, its size and the docker command that does the same; then the removal and what came of it. */
export function RemovalDialog({dialog, listRoom, frame}: {dialog: Removal; listRoom: number; frame: DialogFrame}) {
  const {theme, height} = frame;
  const {glyphs} = theme;
  const danger = theme.color('danger');
  switch (dialog.kind) {
    case 'remove': {
      const blockedLines = dialog.blocked.map((b) => `  ${sanitize(b.name)} ${glyphs.separator} kept: in use by ${sanitize(b.holders)}`);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={danger}>{dialog.names.length === 1 ? `Remove volume ${sanitize(dialog.names[0]!)}?` : `Remove ${dialog.names.length} volumes?`}</Text>
          <ScrollList lines={[...nameLines(dialog.names, frame), ...blockedLines]} scroll={dialog.scroll} room={listRoom} theme={theme} />
          <Text>{totalLine(dialog.names, frame)}</Text>
          <Text color={theme.color('muted')} wrap="truncate-end">{`Same as: ${sanitize(rmCommand(dialog.names))}`}</Text>
          <Buttons focus={dialog.focus} action={`Remove ${plural(dialog.names.length, 'volume')}`} theme={theme} />
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
    case 'removing': {
      const done = dialog.outcomes.length;
      const current = dialog.names[done];
      const lines = dialog.outcomes.map((o) => (o.removed ? `  removed ${sanitize(o.name)}` : `  skipped ${dialog.why.get(o.name) ?? sanitize(o.name)}`));
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Removing ${Math.min(done + 1, dialog.names.length)} of ${dialog.names.length}${current ? `: ${sanitize(current)}` : ''}${glyphs.ellipsis}`}</Text>
          <ScrollList lines={lines} scroll={lines.length} room={Math.max(1, height - 1)} theme={theme} />
        </Box>
      );
    }
    case 'removed': {
      const skipped = dialog.outcomes.filter((o) => !o.removed);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold color={theme.color(skipped.length ? 'stopped' : 'running')}>
            {`Removed ${dialog.outcomes.length - skipped.length} of ${plural(dialog.outcomes.length, 'volume')}, reclaimed ${formatSize(dialog.reclaimed, glyphs.ellipsis)}` +
              (skipped.length ? `; skipped ${skipped.length}:` : '.')}
          </Text>
          <ScrollList lines={skipped.map((o) => `  ${dialog.why.get(o.name) ?? sanitize(o.name)}`)} scroll={0} room={Math.max(1, height - 2)} theme={theme} />
          <Text inverse>{' OK '}</Text>
        </Box>
      );
    }
  }
}
