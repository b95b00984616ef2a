import chalk from 'chalk';
import {Box, Text} from 'ink';
import React from 'react';
import {formatKey} from '../keymap/format.js';
import type {CommandDef} from '../keymap/types.js';
import {formatClock, formatSize, plural} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {truncate} from '../model/text.js';
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
  /** How long a list or a size scan has been waiting on the engine (ms). */
  readonly pending?: {readonly listing?: number; readonly sizing?: number};
  readonly hints: readonly CommandDef[];
  readonly readOnly?: boolean;
  /** Replaces the key hints until the next key. */
  readonly notice?: string;
  readonly width: number;
  readonly theme: Theme;
}

const CONNECTION_TEXT: Record<ConnectionState, string> = {
  connecting: 'connecting',
  connected: 'live',
  reconnecting: 'disconnected, retrying',
};

/** A wait shorter than this is normal and gets no count; longer, the user learns what is slow and that Esc stops it. */
const SLOW_MS = 2000;

export function StatusBar({summary, marks, address, connection, error, usageAt, sizing, pending = {}, hints, readOnly, notice, width, theme}: StatusBarProps) {
  const {glyphs} = theme;
  const slow = (ms: number | undefined) => (ms !== undefined && ms >= SLOW_MS ? ` ${formatWait(ms)} (Esc cancels)` : '');
  const sizes = sizing ? `sizing${glyphs.ellipsis}${slow(pending.sizing)}` : usageAt === undefined ? 'sizes not measured' : `sizes at ${formatClock(usageAt)}`;
  const listing = slow(pending.listing) ? `listing${glyphs.ellipsis}${slow(pending.listing)} ${glyphs.separator} ` : '';
  const ok = connection === 'connected';
  const paint = (text: string, tone?: Parameters<Theme['color']>[0], bold = false) => {
    const color = theme.color(tone);
    const colored = color ? chalk[color](text) : text;
    return bold ? chalk.bold(colored) : colored;
  };
  // One string per line, cut here with the theme's ellipsis: Ink's own truncation draws `…`,
  // which a terminal without UTF-8 shows as garbage.
  const line =
    // Away from the engine, that comes first: it is what the figures after it depend on.
    (ok ? '' : paint(`${glyphs.disconnected} ${CONNECTION_TEXT[connection]} ${glyphs.separator} `, 'danger', true)) +
    (listing ? paint(listing, 'accent') : '') +
    paint(plural(summary.total, 'volume'), undefined, true) +
    ` ${glyphs.dot} ${summary.unused} unused ${glyphs.dot} ${formatSize(summary.totalSize, glyphs.ellipsis)} total ${glyphs.dot} ` +
    paint(`${formatSize(summary.reclaimable, glyphs.ellipsis)} reclaimable`, 'accent') +
    (marks ? paint(` ${glyphs.separator} ${marks.count} marked (${formatSize(marks.size.bytes, glyphs.ellipsis)}${marks.size.unknown ? '+' : ''})`, 'danger') : '') +
    ` ${glyphs.separator} ${sizes} ${glyphs.separator} ` +
    // The address goes last: on a narrow terminal it is what gets cut, not the figures.
    (readOnly ? paint(`read-only ${glyphs.separator} `, 'accent') : '') +
    (ok ? paint(`${glyphs.connected} ${CONNECTION_TEXT[connection]} `, 'running') : '') +
    sanitize(address);
  const second = error
    ? paint(sanitize(error), 'danger')
    : notice
      ? paint(sanitize(notice), 'accent')
      : paint(hints.map((command) => `${formatKey(command.keys[0]!, theme.ascii)} ${command.hint}`).join('  '), 'muted');
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">{truncate(line, width, glyphs.ellipsis)}</Text>
      <Text wrap="truncate-end">{truncate(second, width, glyphs.ellipsis)}</Text>
    </Box>
  );
}

function formatWait(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
