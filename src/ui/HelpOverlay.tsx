import {Box, Text} from 'ink';
import React from 'react';
import {CONTEXT_LABEL} from '../keymap/format.js';
import {commandsIn} from '../keymap/match.js';
import {CATEGORY_ORDER, formatKeys} from '../keymap/format.js';
import type {KeyContext} from '../keymap/types.js';
import type {Theme} from './theme.js';

export interface HelpOverlayProps {
  /** Where help was opened: it lists the keys that work there (the README lists them all). */
  readonly context: KeyContext;
  /** --read-only: destructive commands are not listed, as they do not exist. */
  readonly readOnly: boolean;
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
}

const GAP = 2;

/** Generated from the keymap: a key added there shows up here without touching this file. */
export function HelpOverlay({context, readOnly, height, width, theme}: HelpOverlayProps) {
  // Ctrl+C quits like q: one line for both where both work, so the help fits a 24-line terminal.
  const all = commandsIn(context, readOnly);
  const merged = all.some((c) => c.id === 'app.quit') && all.some((c) => c.id === 'app.interrupt');
  const available = merged
    ? all.filter((c) => c.id !== 'app.interrupt').map((c) => (c.id === 'app.quit' ? {...c, keys: [...c.keys, ...all.find((i) => i.id === 'app.interrupt')!.keys]} : c))
    : all;
  const lines: Array<{key: string; text: string; heading?: boolean}> = [];
  const keyWidth = Math.min(18, Math.max(...available.map((command) => formatKeys(command, theme.ascii).length)));
  for (const category of CATEGORY_ORDER) {
    const inCategory = available.filter((c) => c.category === category);
    if (inCategory.length === 0) continue;
    lines.push({key: category, text: category, heading: true});
    for (const command of inCategory) {
      lines.push({key: command.id, text: `  ${formatKeys(command, theme.ascii).padEnd(keyWidth)} ${command.description}`});
    }
  }
  // Two columns when the terminal is short; the help must fit without scrolling.
  const perColumn = Math.max(1, height);
  const columns: (typeof lines)[] = [];
  for (let i = 0; i < lines.length; i += perColumn) columns.push(lines.slice(i, i + perColumn));
  const columnWidth = Math.max(10, Math.floor((width - GAP * (columns.length - 1)) / columns.length));
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text bold>{`Keys in the ${CONTEXT_LABEL[context]}: Esc or ? closes this help`}</Text>
      <Text color={theme.color('muted')}>{theme.glyphs.rule.repeat(40)}</Text>
      <Box flexDirection="row" gap={GAP}>
        {columns.map((column, index) => (
          <Box key={index} flexDirection="column" width={columnWidth}>
            {column.map((line) => (
              <Text key={line.key} bold={line.heading} wrap="truncate-end" color={line.heading ? theme.color('accent') : undefined}>
                {line.text}
              </Text>
            ))}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
