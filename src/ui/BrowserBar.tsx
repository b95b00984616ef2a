import {Text} from 'ink';
import type {BrowserState} from '../app/browser-state.js';
import {TextInput} from './TextInput.js';
import {pathKey} from '../model/files.js';
import {formatSize} from '../model/format.js';
import {sanitize} from '../model/sanitize.js';
import {FilterBar} from './FilterBar.js';
import type {Theme} from './theme.js';

/**
 * The line under the file table: whatever needs the user's eye now — the export question, a
 * scan in progress, the last result — else the filter. An export under way is a job's dialog.
 */
export function BrowserBar({browser, theme}: {browser: BrowserState; theme: Theme}) {
  const {glyphs} = theme;
  const accent = theme.color('accent');
  const muted = theme.color('muted');
  const {prompt, notice} = browser;
  if (prompt?.confirmReplace) {
    return (
      <Text wrap="truncate-end">
        <Text color={theme.color('danger')}>{`${sanitize(prompt.confirmReplace)} already exists. Replace it? `}</Text>
        <Text>{'y replace  '}</Text>
        <Text inverse>{' Cancel '}</Text>
        <Text color={muted}>{' (n, Esc or Enter)'}</Text>
      </Text>
    );
  }
  if (prompt) {
    return (
      <Text wrap="truncate-start">
        <Text color={accent}>{`Export ${sanitize(prompt.entry.name)} to: `}</Text>
        <TextInput field={prompt.destination} />
        <Text color={muted}>{'  (Enter exports, Esc cancels)'}</Text>
      </Text>
    );
  }
  const scan = browser.usage.get(pathKey(browser.path));
  if (scan?.status === 'running') {
    return (
      <Text wrap="truncate-end" color={accent}>
        {`Measuring disk usage${glyphs.ellipsis} ${scan.bytes.size.toLocaleString('en-US')} of ${scan.of.toLocaleString('en-US')} entries`}
        <Text color={muted}>{'  Esc cancels'}</Text>
      </Text>
    );
  }
  if (notice && !browser.filterEditing) {
    return (
      <Text wrap="truncate-end" color={theme.color(notice.tone === 'error' ? 'danger' : 'running')}>
        {sanitize(notice.text)}
      </Text>
    );
  }
  if (scan && !browser.filter.text && !browser.filterEditing) {
    const state =
      typeof scan.status === 'object'
        ? `incomplete: ${scan.status.error}`
        : scan.status === 'cancelled'
          ? 'cancelled, partial'
          : 'measured';
    return (
      <Text wrap="truncate-end" color={muted}>
        {`Disk usage ${state}: ${formatSize(scan.total ?? [...scan.bytes.values()].reduce((a, b) => a + b, 0), glyphs.ellipsis)} in this directory`}
      </Text>
    );
  }
  return (
    <FilterBar
      filter={browser.filter}
      editing={browser.filterEditing}
      unusedOnly={false}
      shown={browser.visible.length}
      total={browser.entries.length}
      theme={theme}
    />
  );
}
