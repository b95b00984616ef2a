import {Box, Text} from 'ink';
import {CONTEXT_LABEL, HELP_GAP, helpColumns, helpLines} from '../keymap/format.js';
import type {KeyContext} from '../keymap/types.js';
import type {Theme} from './theme.js';

export interface HelpOverlayProps {
  /** Where help was opened: it lists the keys that work there (the README lists them all). */
  readonly context: KeyContext;
  /** --read-only: destructive commands are not listed, as they do not exist. */
  readonly readOnly: boolean;
  readonly height: number;
  readonly width: number;
  /** First line shown, when the help is longer than the room (j/k, PgDn scroll it). */
  readonly scroll: number;
  readonly theme: Theme;
}

/**
 * Generated from the keymap: a key added there shows up here without touching this file. Side by
 * side columns only as many as keep each readable; what does not fit scrolls.
 */
export function HelpOverlay({context, readOnly, height, width, scroll, theme}: HelpOverlayProps) {
  const lines = helpLines(context, readOnly, theme.ascii);
  const columnCount = helpColumns(width);
  const room = Math.max(1, height) * columnCount;
  const fits = lines.length <= room;
  const start = fits ? 0 : Math.max(0, Math.min(scroll, lines.length - room + 1));
  const shown = fits ? lines : lines.slice(start, start + room - 1);
  const more = lines.length - start - shown.length;
  const perColumn = Math.max(1, height);
  const columns: (typeof shown)[] = [];
  for (let i = 0; i < shown.length; i += perColumn) columns.push(shown.slice(i, i + perColumn));
  const columnWidth = Math.max(10, Math.floor((width - HELP_GAP * (columnCount - 1)) / columnCount));
  const footer = fits
    ? undefined
    : `${theme.glyphs.ellipsis} ${more > 0 ? `${more} more` : 'the end'}${start > 0 ? `, ${start} above` : ''} (j/k, PgUp/PgDn scroll)`;
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text bold>{`Keys in the ${CONTEXT_LABEL[context]}: Esc or ? closes this help`}</Text>
      <Text color={theme.color('muted')}>{theme.glyphs.rule.repeat(40)}</Text>
      <Box flexDirection="row" gap={HELP_GAP}>
        {columns.map((column, index) => (
          <Box key={index} flexDirection="column" width={columnWidth}>
            {column.map((line) => (
              <Text
                key={line.key}
                bold={line.heading}
                wrap="truncate-end"
                color={line.heading ? theme.color('accent') : undefined}
              >
                {line.text}
              </Text>
            ))}
            {footer && index === columns.length - 1 && column.length < perColumn ? (
              <Text color={theme.color('muted')}>{footer}</Text>
            ) : null}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
