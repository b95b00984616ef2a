import {Box, Text} from 'ink';
import {detailLines} from '../model/details.js';
import type {DetailSeries} from '../model/growth.js';
import {sanitize} from '../model/sanitize.js';
import type {VolumeRow} from '../model/types.js';
import type {Theme} from './theme.js';

export interface DetailPaneProps {
  readonly row: VolumeRow;
  readonly scroll: number;
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
  /** How the docker CLI reaches the row's engine, for the equivalent commands. */
  readonly dockerFlags: string;
  /** Its sizes over the growth window, once the history has answered. */
  readonly series?: DetailSeries | undefined;
}

const LABEL_WIDTH = 18;

export function DetailPane({row, scroll, height, width, theme, dockerFlags, series}: DetailPaneProps) {
  const lines = detailLines(row, theme.glyphs.ellipsis, dockerFlags, series);
  const shown = lines.slice(scroll, scroll + height);
  const more = lines.length - scroll - shown.length;
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text bold wrap="truncate-end">
        Volume {sanitize(row.volume.name)}
      </Text>
      <Text color={theme.color('muted')}>{theme.glyphs.rule.repeat(Math.max(0, width))}</Text>
      {shown.map((line, index) => (
        <Text
          key={scroll + index}
          wrap="truncate-end"
          bold={line.tone === 'heading'}
          color={line.tone === 'heading' ? undefined : theme.color(line.tone)}
        >
          {line.value === undefined ? line.label : `${line.label.padEnd(LABEL_WIDTH)} ${line.value}`}
        </Text>
      ))}
      {more > 0 ? (
        <Text color={theme.color('muted')}>{`${theme.glyphs.ellipsis} ${more} more (j/k, PgDn)`}</Text>
      ) : null}
    </Box>
  );
}
