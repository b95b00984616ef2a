import {filterFiles, sortFiles} from '../model/file-list.js';
import {pathKey} from '../model/files.js';
import {type ListMove, move, reselect} from '../model/list-view.js';
import {previewHeight} from '../model/screen-layout.js';
import type {BrowserState} from './browser-state.js';

/** The browser's own state, changed in place of the app's: its list, its preview's scroll, its size scan. */

/** Re-filters and re-sorts, keeping the cursor on the same entry (or where the user left it here). */
export function derive(b: BrowserState, page: number): BrowserState {
  const scan = b.usage.get(pathKey(b.path));
  const visible = sortFiles(filterFiles(b.entries, b.filter.text), b.sort, scan?.bytes.size ? scan.bytes : undefined);
  const wanted = b.selectedKey ?? b.cursorMemory.get(pathKey(b.path));
  const {view, kept} = reselect(
    b,
    visible.map((entry) => entry.key),
    wanted,
    page,
  );
  // While a listing streams in, the wanted entry may simply not have arrived yet: keep wanting it.
  const selectedKey = kept || !b.listing ? visible[view.cursor]?.key : b.selectedKey;
  return {...b, visible, cursor: view.cursor, top: view.top, selectedKey};
}

export function moveCursor(b: BrowserState, how: ListMove, page: number): BrowserState {
  const view = move(b, how, b.visible.length, page);
  const selectedKey = b.visible[view.cursor]?.key;
  if (view === b && selectedKey === b.selectedKey) return b;
  return {...b, cursor: view.cursor, top: view.top, selectedKey};
}

/** Esc while a size scan runs: it stops (the hook aborts it in the helper), what it measured stays. */
export function cancelUsage(b: BrowserState): BrowserState {
  const key = pathKey(b.path);
  const scan = b.usage.get(key);
  if (!scan) return b;
  return {
    ...b,
    usage: new Map(b.usage).set(key, {...scan, status: 'cancelled'}),
    notice: {text: 'Disk usage scan cancelled: sizes so far are kept.', tone: 'info'},
  };
}

/** Scrolls a preview within its lines. */
export function scrollPreview(b: BrowserState, delta: number, pageSize: number): BrowserState {
  const preview = b.preview;
  if (!preview?.preview) return b;
  const max = Math.max(0, preview.preview.lineCount - previewHeight(pageSize));
  const scroll = Math.max(0, Math.min(max, preview.scroll + delta));
  return scroll === preview.scroll ? b : {...b, preview: {...preview, scroll}};
}
