import {Box, Text} from 'ink';
import React from 'react';
import type {CloneDialog as Clone} from '../../app/dialogs/clone.js';
import {sanitize} from '../../model/sanitize.js';
import {TextInput} from '../TextInput.js';
import {formatSize} from '../../model/format.js';
import {type DialogFrame, refText, Result} from './parts.js';

/** `c`: the new name, where it goes and whether the labels go along; the copy streams engine to engine, with progress. */
export function CloneDialog({dialog, frame}: {dialog: Clone; frame: DialogFrame}) {
  const {theme, height, width} = frame;
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
      const p = dialog.progress;
      const seconds = p ? Math.max(0.001, (p.nowMs - p.startedMs) / 1000) : 0;
      const rate = p ? p.bytes / seconds : 0;
      const expected = dialog.expected;
      const share = p && expected ? Math.min(1, p.bytes / expected) : undefined;
      const barWidth = Math.max(10, Math.min(40, width - 20));
      const filled = share === undefined ? 0 : Math.round(share * barWidth);
      const eta = p && expected && rate > 0 && expected > p.bytes ? `, about ${Math.ceil((expected - p.bytes) / rate)} s left` : '';
      const target = refText({engine: dialog.targetEngine, name: dialog.target}, frame);
      return (
        <Box flexDirection="column" height={height}>
          <Text bold>{`Cloning ${refText({engine: dialog.engine, name: dialog.source}, frame)} ${glyphs.arrow} ${target}${glyphs.ellipsis}`}</Text>
          {share !== undefined ? (
            <Text>
              <Text color={theme.color('accent')}>{glyphs.barFull.repeat(filled)}</Text>
              <Text color={muted}>{glyphs.barEmpty.repeat(barWidth - filled)}</Text>
              {` ${Math.round(share * 100)}%`}
            </Text>
          ) : null}
          <Text color={muted}>{p ? `${formatSize(p.bytes, glyphs.ellipsis)}${expected ? ` of ~${formatSize(expected, glyphs.ellipsis)}` : ''} copied, ${formatSize(rate, glyphs.ellipsis)}/s${eta}` : `Starting${glyphs.ellipsis}`}</Text>
          <Text color={muted}>{dialog.cancelled ? `Cancelling${glyphs.ellipsis}` : 'Esc cancels (a volume this clone created is removed again)'}</Text>
        </Box>
      );
    }
    case 'cloneDone':
      return <Result outcome={dialog.outcome} done="Cloned" failed="Clone failed" frame={frame} />;
  }
}
