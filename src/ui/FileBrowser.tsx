import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {BrowserState} from '../app/browser-state.js';
import {type Cell, plainCell} from '../model/cells.js';
import {FILE_COLUMN_SORT_KEY, fileCell, fileColumns} from '../model/file-columns.js';
import {displayPath, markKey, pathKey} from '../model/files.js';
import {formatSize} from '../model/format.js';
import {layoutColumns} from '../model/layout.js';
import {sanitize, sanitizeLines} from '../model/sanitize.js';
import {Table} from './Table.js';
import {browserHeight} from '../model/screen-layout.js';
import type {Theme} from './theme.js';

export interface FileBrowserProps {
  readonly browser: BrowserState;
  /** Rows for entries (the breadcrumb, header and rule come on top). */
  readonly pageSize: number;
  readonly width: number;
  readonly theme: Theme;
}

export function FileBrowser({browser, pageSize, width, theme}: FileBrowserProps) {
  const {glyphs} = theme;
  const scan = browser.usage.get(pathKey(browser.path));
  const usage = scan?.bytes;
  const scanned = scan !== undefined;
  const columns = useMemo(() => layoutColumns(fileColumns(scanned), width), [scanned, width]);
  const header = useMemo<Cell[]>(
    () =>
      columns.map((column) => {
        const sorted = FILE_COLUMN_SORT_KEY[column.id] === browser.sort.key;
        const arrow = sorted ? (browser.sort.descending ? glyphs.descending : glyphs.ascending) : '';
        return plainCell(column.header + arrow, column.width, glyphs.ellipsis);
      }),
    [columns, browser.sort, glyphs],
  );
  const {largest, total} = useMemo(() => {
    let max = 0;
    let sum = 0;
    for (const bytes of usage?.values() ?? []) {
      max = Math.max(max, bytes);
      sum += bytes;
    }
    return {largest: max, total: sum};
  }, [usage]);
  const rows = useMemo(
    () =>
      browser.visible.slice(browser.top, browser.top + pageSize).map((entry) => ({
        key: entry.key,
        cells: columns.map((column) =>
          fileCell(column.id, entry, column.width, {
            glyphs,
            usage,
            largest,
            total,
            marked: browser.marks.has(markKey(browser.path, entry)),
          }),
        ),
      })),
    [browser.visible, browser.top, pageSize, columns, glyphs, usage, largest, total, browser.marks, browser.path],
  );
  return (
    <Box flexDirection="column" height={browserHeight(pageSize)}>
      <Breadcrumb browser={browser} theme={theme} />
      {browser.helper.status === 'ready' ? (
        <>
          <Table columns={columns} header={header} rows={rows} selectedKey={browser.selectedKey} theme={theme} />
          {browser.visible.length === 0 ? (
            <Text color={theme.color(browser.listError ? 'danger' : 'muted')}>{emptyMessage(browser, theme)}</Text>
          ) : null}
        </>
      ) : (
        <HelperStatus browser={browser} theme={theme} />
      )}
    </Box>
  );
}

function Breadcrumb({browser, theme}: {browser: BrowserState; theme: Theme}) {
  const {glyphs} = theme;
  const marked = browser.marks.size ? `  ${glyphs.separator} ${browser.marks.size} marked` : '';
  const count = browser.listing
    ? `listing${glyphs.ellipsis} ${browser.entries.length.toLocaleString('en-US')}`
    : `${browser.entries.length.toLocaleString('en-US')} ${browser.entries.length === 1 ? 'entry' : 'entries'}`;
  return (
    <Text wrap="truncate-start">
      <Text bold>{sanitize(browser.archive ? `${browser.volume} (backup, read-only)` : browser.volume)}</Text>
      <Text color={theme.color('accent')}>{`:${sanitize(displayPath(browser.path))}`}</Text>
      <Text color={theme.color('muted')}>{`  ${glyphs.separator} ${count}${marked}`}</Text>
    </Text>
  );
}

function HelperStatus({browser, theme}: {browser: BrowserState; theme: Theme}) {
  const {glyphs} = theme;
  const helper = browser.helper;
  if (helper.status === 'failed') {
    return (
      <Box flexDirection="column">
        {sanitizeLines(helper.error || 'The helper container could not be started.')
          .split('\n')
          .map((line, index) => (
            <Text key={index} color={theme.color(index === 0 ? 'danger' : undefined)} wrap="wrap">
              {line}
            </Text>
          ))}
        <Text color={theme.color('muted')}>Esc goes back to the volumes.</Text>
      </Box>
    );
  }
  const progress = helper.status === 'starting' ? helper.progress : undefined;
  if (browser.archive) {
    const read = progress?.phase === 'scanning' ? ` ${formatSize(progress.current, glyphs.ellipsis)} of tar read` : '';
    return (
      <Text color={theme.color('muted')}>
        {progress?.phase === 'scanning'
          ? `This archive has no index: reading it once for its list of files${glyphs.ellipsis}${read}`
          : `Opening the archive${glyphs.ellipsis}`}
      </Text>
    );
  }
  if (progress?.phase === 'pulling') {
    const amount = progress.total
      ? ` ${formatSize(progress.current, glyphs.ellipsis)} of ${formatSize(progress.total, glyphs.ellipsis)}`
      : '';
    return (
      <Text
        color={theme.color('muted')}
      >{`Pulling the helper image ${sanitize(progress.image)}${glyphs.ellipsis}${amount}`}</Text>
    );
  }
  return (
    <Text
      color={theme.color('muted')}
    >{`Starting a read-only helper container for this volume${glyphs.ellipsis}`}</Text>
  );
}

function emptyMessage(browser: BrowserState, theme: Theme): string {
  if (browser.listError) return browser.listError;
  if (browser.listing) return `Listing${theme.glyphs.ellipsis}`;
  if (browser.entries.length === 0)
    return browser.path.length
      ? 'This directory is empty.'
      : `This ${browser.archive ? 'archive' : 'volume'} is empty.`;
  return `None of ${browser.entries.length} entries match "${sanitize(browser.filter.text)}". Esc clears the filter.`;
}
