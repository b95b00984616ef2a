import {Box, Text} from 'ink';
import React from 'react';
import {totalSize} from '../../model/cleanup.js';
import {formatSize} from '../../model/format.js';
import type {JobOutcome} from '../../model/records.js';
import {sanitize} from '../../model/sanitize.js';
import {truncate} from '../../model/text.js';
import type {VolumeRow} from '../../model/types.js';
import type {Theme} from '../theme.js';

/** What every dialog view is given: its size, the theme, and the volumes (for their sizes). */
export interface DialogFrame {
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
  readonly rows: readonly VolumeRow[];
}

/** Lines from `scroll` on, as many as there is room for, and how many more there are. */
export function ScrollList({lines, scroll, room, theme}: {lines: readonly string[]; scroll: number; room: number; theme: Theme}) {
  const start = Math.max(0, Math.min(scroll, lines.length - room));
  const shown = lines.slice(start, start + room);
  const more = lines.length - start - shown.length;
  return (
    <>
      {shown.map((line, index) => (
        <Text key={start + index} wrap="truncate-end">{line}</Text>
      ))}
      {more > 0 ? <Text color={theme.color('muted')}>{`  ${theme.glyphs.ellipsis} ${more} more (↑↓ scroll)`}</Text> : null}
    </>
  );
}

/** One name column for the whole list, as wide as its longest name allows, sizes right-aligned after it. */
export function nameLines(names: readonly string[], frame: DialogFrame): string[] {
  const {glyphs} = frame.theme;
  const room = Math.min(Math.max(10, frame.width - 14), Math.max(4, ...names.map((name) => sanitize(name).length)));
  const sizeOf = (name: string) => frame.rows.find((row) => row.volume.name === name)?.size;
  return names.map((name) => `  ${truncate(sanitize(name), room, glyphs.ellipsis).padEnd(room)} ${formatSize(sizeOf(name), glyphs.ellipsis).padStart(9)}`);
}

export function totalLine(names: readonly string[], frame: DialogFrame): string {
  const sum = totalSize(names.map((name) => frame.rows.find((row) => row.volume.name === name)).filter((row) => row !== undefined));
  return `Total: ${formatSize(sum.bytes, frame.theme.glyphs.ellipsis)}${sum.unknown ? ` (+${sum.unknown} not measured)` : ''}`;
}

export function Buttons({focus, action, theme}: {focus: 'cancel' | 'confirm'; action: string; theme: Theme}) {
  return (
    <Text>
      <Text inverse={focus === 'cancel'}>{' Cancel '}</Text>
      {'  '}
      <Text inverse={focus === 'confirm'} color={focus === 'confirm' ? undefined : theme.color('danger')}>{` ${action} `}</Text>
      <Text color={theme.color('muted')}>{'   ←/→ choose, Enter presses, Esc cancels'}</Text>
    </Text>
  );
}

export function Working({title, detail, frame}: {title: string; detail?: string; frame: DialogFrame}) {
  return (
    <Box flexDirection="column" height={frame.height}>
      <Text bold>{title}</Text>
      {detail ? <Text color={frame.theme.color('muted')}>{detail}</Text> : null}
    </Box>
  );
}

export function Result({outcome, done, failed, frame}: {outcome: JobOutcome; done: string; failed: string; frame: DialogFrame}) {
  return (
    <Box flexDirection="column" height={frame.height}>
      <Text bold color={frame.theme.color(outcome.ok ? 'running' : 'danger')}>{outcome.ok ? done : failed}</Text>
      <Text wrap="wrap">{sanitize(outcome.message)}</Text>
      <Text inverse>{' OK '}</Text>
    </Box>
  );
}
