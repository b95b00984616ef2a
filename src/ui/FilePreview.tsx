import {Box, Text} from 'ink';
import type {PreviewState} from '../app/browser-state.js';
import {displayPath} from '../model/files.js';
import {sanitize} from '../model/sanitize.js';
import {truncate} from '../model/text.js';
import type {Theme} from './theme.js';

export interface FilePreviewProps {
  readonly volume: string;
  readonly preview: PreviewState;
  /** Lines for the body, below the title and rule. */
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
}

/** A pager over the first MiB of a file; its lines were made terminal-safe in model/preview.ts. */
export function FilePreview({volume, preview, height, width, theme}: FilePreviewProps) {
  const {glyphs} = theme;
  const loaded = preview.preview;
  const about = loaded
    ? `${loaded.kind === 'binary' ? 'binary, hex view' : 'text'} ${glyphs.separator} ${preview.entry.size.toLocaleString('en-US')} bytes` +
      (loaded.truncated ? ` ${glyphs.separator} first MiB shown` : '') +
      ` ${glyphs.separator} lines ${Math.min(loaded.lineCount, preview.scroll + 1)}-${Math.min(loaded.lineCount, preview.scroll + height)} of ${loaded.lineCount.toLocaleString('en-US')}`
    : '';
  return (
    <Box flexDirection="column" height={height + 2}>
      <Text wrap="truncate-start">
        <Text bold>{sanitize(volume)}</Text>
        <Text color={theme.color('accent')}>{`:${sanitize(displayPath(preview.path))}`}</Text>
        <Text color={theme.color('muted')}>{about ? `  ${glyphs.separator} ${about}` : ''}</Text>
      </Text>
      <Text color={theme.color('muted')}>{glyphs.rule.repeat(Math.max(1, width))}</Text>
      {preview.error ? (
        <Text color={theme.color('danger')} wrap="wrap">
          {sanitize(preview.error)}
        </Text>
      ) : !loaded ? (
        <Text color={theme.color('muted')}>{`Reading${glyphs.ellipsis}`}</Text>
      ) : loaded.lineCount === 0 ? (
        <Text color={theme.color('muted')}>(empty file)</Text>
      ) : (
        loaded
          .lines(preview.scroll, preview.scroll + height)
          .map((line, index) => (
            <Text key={preview.scroll + index}>{truncate(line, width, glyphs.ellipsis) || ' '}</Text>
          ))
      )}
    </Box>
  );
}
