import {Box, Text} from 'ink';
import React from 'react';
import {formatKey} from '../keymap/format.js';
import type {CommandDef} from '../keymap/types.js';
import {formatClock, formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import type {Summary} from '../model/summary.js';
import type {SizeTotal} from '../model/cleanup.js';
import type {ConnectionState} from '../model/types.js';
import type {Theme} from './theme.js';

export interface StatusBarProps {
  readonly summary: Summary;
  /** Marked volumes: how many, and their size. */
  readonly marks?: {readonly count: number; readonly size: SizeTotal};
  readonly address: string;
  readonly connection: ConnectionState;
  readonly error: string | undefined;
  readonly usageAt: number | undefined;
  readonly sizing: boolean;
  readonly hints: readonly CommandDef[];
  readonly readOnly?: boolean;
  readonly theme: Theme;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting',
  connected: 'live',
  reconnecting: 'reconnecting',
};

export function StatusBar({summary, marks, address, connection, error, usageAt, sizing, hints, readOnly, theme}: StatusBarProps) {
  const {glyphs} = theme;
  const sizes = sizing ? `sizing${glyphs.ellipsis}` : usageAt === undefined ? 'sizes not measured' : `sizes at ${formatClock(usageAt)}`;
  const ok = connection === 'connected';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{plural(summary.total, 'volume')}</Text>
        {` · ${summary.unused} unused · ${formatSize(summary.totalSize, glyphs.ellipsis)} total · `}
        <Text color={theme.color('accent')}>{formatSize(summary.reclaimable, glyphs.ellipsis)} reclaimable</Text>
        {marks ? <Text color={theme.color('danger')}>{` ${glyphs.separator} ${marks.count} marked (${formatSize(marks.size.bytes, glyphs.ellipsis)}${marks.size.unknown ? '+' : ''})`}</Text> : null}
        {` ${glyphs.separator} ${sizes} ${glyphs.separator} `}
        {/* The address goes last: on a narrow terminal it is what gets cut, not the figures. */}
        {readOnly ? <Text color={theme.color('accent')}>{`read-only ${glyphs.separator} `}</Text> : null}
        <Text color={theme.color(ok ? 'running' : 'danger')}>{`${ok ? glyphs.connected : glyphs.disconnected} ${CONNECTION_TEXT[connection]}`}</Text>
        {` ${sanitize(address)}`}
      </Text>
      {error ? (
        <Text wrap="truncate-end" color={theme.color('danger')}>
          {sanitize(error)}
        </Text>
      ) : (
        <Text wrap="truncate-end" color={theme.color('muted')}>
          {hints.map((command) => `${formatKey(command.keys[0]!, theme.ascii)} ${command.hint}`).join('  ')}
        </Text>
      )}
    </Box>
  );
}
