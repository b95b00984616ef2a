import {Box, Text} from 'ink';
import type {EnginePicker as PickerState} from '../app/picker-state.js';
import {keepInView, windowOf} from '../model/list-view.js';
import {sanitize} from '../model/sanitize.js';
import {truncate} from '../model/text.js';
import type {Theme} from './theme.js';

export interface EnginePickerProps {
  readonly picker: PickerState;
  /** Lines it may use, and how many of them list contexts (model/screen-layout). */
  readonly height: number;
  readonly room: number;
  readonly width: number;
  readonly theme: Theme;
}

/** The docker contexts, the one in use marked; Enter connects, and the table stays until it answers. */
export function EnginePicker({picker, height, room, width, theme}: EnginePickerProps) {
  const {glyphs} = theme;
  const muted = theme.color('muted');
  const items = picker.items ?? [];
  const nameWidth = Math.min(24, Math.max(8, ...items.map((item) => sanitize(item.name).length + 2)));
  // The window is the reducer's; fitted again only if the terminal shrank since.
  const view = keepInView(picker, items.length, room);
  const shown = windowOf(items, view, room);
  const status = picker.connecting
    ? `Connecting to ${sanitize(picker.connecting.join(', '))}${glyphs.ellipsis} (Esc stays on the current engines)`
    : picker.items === undefined
      ? `Reading the docker contexts${glyphs.ellipsis}`
      : `Enter connects ${glyphs.dot} Space marks several ${glyphs.dot} Esc stays ${glyphs.dot} ${glyphs.connected} in use now`;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold>Engines: docker contexts</Text>
      <Text color={muted}>{glyphs.rule.repeat(Math.min(width, 40))}</Text>
      {picker.items !== undefined && items.length === 0 && !picker.error ? (
        <Text color={muted}>No contexts found.</Text>
      ) : null}
      {shown.map((item, index) => {
        const selected = view.top + index === view.cursor;
        const marker = item.current ? glyphs.connected : ' ';
        const box = picker.toggled ? (picker.marked.has(item.name) ? '[x] ' : '[ ] ') : '';
        const line = `${marker} ${box}${truncate(sanitize(item.name), nameWidth - 2, glyphs.ellipsis).padEnd(nameWidth)} ${sanitize(item.endpoint)}${item.description ? `  ${sanitize(item.description)}` : ''}`;
        return (
          <Text key={item.name} inverse={selected} wrap="truncate-end">
            {truncate(line, width, glyphs.ellipsis)}
          </Text>
        );
      })}
      {(picker.error?.split('\n') ?? []).map((line, index) => (
        <Text key={`error-${index}`} color={theme.color('danger')}>
          {truncate(sanitize(line), width, glyphs.ellipsis)}
        </Text>
      ))}
      <Text color={muted}>{truncate(status, width, glyphs.ellipsis)}</Text>
    </Box>
  );
}
