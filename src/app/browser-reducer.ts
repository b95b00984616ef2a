import {filterFiles, nextFileSort, sortFiles} from '../model/file-list.js';
import {childPath, displayBytes, type FileEntry, pathKey, resolveLink, type VolumePath} from '../model/files.js';
import {buildPreview} from '../model/preview.js';
import type {Action} from './actions.js';
import {type BrowserState, initialBrowser, selectedEntry} from './browser-state.js';
import {type AppState, selectedRow} from './state.js';

/** The browser shows a breadcrumb line above its table: one row less than the volume table. */
export function browserPageSize(state: AppState): number {
  return Math.max(1, state.pageSize - 1);
}

export function openBrowser(state: AppState): AppState {
  const row = selectedRow(state);
  if (!row) return state;
  const seq = state.seq + 1;
  return {...state, seq, view: 'browser', browser: initialBrowser(row.volume.name, seq)};
}

/** Browser transitions; `state.browser` is set whenever these run. */
export function browserReducer(state: AppState, action: Action): AppState {
  const b = state.browser;
  if (!b) return state;
  const page = browserPageSize(state);
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'helperProgress':
      return set({...b, helperProgress: action.progress});
    case 'helperReady':
      return set({...b, helper: 'ready', helperProgress: undefined});
    case 'helperFailed':
      return set({...b, helper: 'failed', helperError: action.message, listing: false});
    case 'listBatch':
      if (action.seq !== b.listSeq) return state;
      return set(derive({...b, entries: action.entries.length ? [...b.entries, ...action.entries] : b.entries, listing: !action.done, listError: action.error}, page));
    case 'open':
      return openSelected(state, b);
    case 'up':
      if (b.preview) return set({...b, preview: undefined});
      return b.path.length ? goTo(state, b, b.path.slice(0, -1)) : closeBrowser(state);
    case 'browserBack':
      if (b.exporting) return set({...b, exporting: undefined, notice: {text: 'Export cancelled: nothing was written.', tone: 'info'}});
      if (b.usage.get(pathKey(b.path))?.running) return set(cancelUsage(b));
      if (b.filter) return set(derive({...b, filter: ''}, page));
      return b.path.length ? goTo(state, b, b.path.slice(0, -1)) : closeBrowser(state);
    case 'reload':
      return goTo(state, b, b.path, true);
    case 'usageStart': {
      const key = pathKey(b.path);
      if (b.usage.get(key)?.running || b.listing) return state;
      const seq = state.seq + 1;
      const usage = new Map(b.usage).set(key, {bytes: new Map(), done: 0, of: b.entries.length, total: undefined, running: true, cancelled: false, seq});
      return {...state, seq, browser: derive({...b, usage, sort: {key: 'size', descending: true}, notice: undefined}, page)};
    }
    case 'usageBatch': {
      const scan = b.usage.get(action.pathKey);
      if (!scan || scan.seq !== action.seq || !scan.running) return state;
      const bytes = new Map(scan.bytes);
      for (const item of action.items) bytes.set(item.key, item.bytes);
      const next = {...scan, bytes, done: bytes.size, total: action.total ?? scan.total, running: !action.done, error: action.error};
      return set(derive({...b, usage: new Map(b.usage).set(action.pathKey, next)}, page));
    }
    case 'sort':
      if (action.key === 'containers') return state;
      return set(derive({...b, sort: nextFileSort(b.sort, action.key)}, page));
    case 'move':
      return b.preview ? set(scrollPreview(b, action.delta, page)) : set(moveTo(b, b.cursor + action.delta, page));
    case 'page':
      return b.preview ? set(scrollPreview(b, action.direction * page, page)) : set(moveTo(b, b.cursor + action.direction * page, page));
    case 'jump':
      if (b.preview) return set(scrollPreview(b, action.to === 'top' ? -Infinity : Infinity, page));
      return set(moveTo(b, action.to === 'top' ? 0 : b.visible.length - 1, page));
    case 'previewLoaded':
      if (!b.preview || b.preview.seq !== action.seq) return state;
      // A link the helper found to lead to a directory (inside the volume): go there instead.
      if (action.enter) return goTo(state, {...b, preview: undefined}, action.enter);
      return set({...b, preview: {...b.preview, ...(action.bytes ? {preview: buildPreview(action.bytes)} : {error: action.error})}});
    case 'previewClose':
      return b.preview ? set({...b, preview: undefined}) : state;
    case 'filterOpen':
      return set({...b, filterEditing: true});
    case 'filterType':
      return set(derive({...b, filter: b.filter + action.text}, page));
    case 'filterErase':
      return b.filter ? set(derive({...b, filter: action.all ? '' : [...b.filter].slice(0, -1).join('')}, page)) : state;
    case 'filterAccept':
      return set({...b, filterEditing: false});
    case 'filterCancel':
      return set(derive({...b, filterEditing: false, filter: ''}, page));
    case 'exportOpen':
      return set(openExportPrompt(b));
    case 'promptType':
      return b.prompt && !b.prompt.confirmReplace ? set({...b, prompt: {...b.prompt, text: b.prompt.text + action.text}}) : state;
    case 'promptErase':
      if (!b.prompt || b.prompt.confirmReplace) return state;
      return set({...b, prompt: {...b.prompt, text: action.all ? '' : [...b.prompt.text].slice(0, -1).join('')}});
    case 'promptCancel':
      return b.prompt ? set({...b, prompt: undefined}) : state;
    case 'promptAccept':
      return b.prompt && b.prompt.text.trim() ? startExport(state, b, b.prompt.text.trim(), false) : state;
    case 'confirmYes':
      return b.prompt?.confirmReplace ? startExport(state, b, b.prompt.confirmReplace, true) : state;
    case 'confirmNo':
      return b.prompt?.confirmReplace ? set({...b, prompt: {...b.prompt, confirmReplace: undefined}}) : state;
    case 'exportProgress':
      return b.exporting?.seq === action.seq ? set({...b, exporting: {...b.exporting, bytes: action.bytes}}) : state;
    case 'exportExists': {
      const run = b.exporting;
      if (run?.seq !== action.seq) return state;
      return set({...b, exporting: undefined, prompt: {path: run.path, entry: run.entry, text: run.destination, confirmReplace: action.destination}});
    }
    case 'exportDone': {
      const run = b.exporting;
      if (run?.seq !== action.seq) return state;
      const text = action.error
        ? `Export of ${run.entry.name} failed: ${action.error}`
        : `Exported ${run.entry.name} to ${action.destination} (${action.bytes.toLocaleString('en-US')} bytes of archive).`;
      return set({...b, exporting: undefined, notice: {text, tone: action.error ? 'error' : 'info'}});
    }
    default:
      return state;
  }
}

function closeBrowser(state: AppState): AppState {
  return {...state, view: 'table', browser: undefined};
}

/** Re-filters and re-sorts, keeping the cursor on the same entry (or where the user left it here). */
function derive(b: BrowserState, page: number): BrowserState {
  const scan = b.usage.get(pathKey(b.path));
  const visible = sortFiles(filterFiles(b.entries, b.filter), b.sort, scan?.bytes.size ? scan.bytes : undefined);
  const wanted = b.selectedKey ?? b.cursorMemory.get(pathKey(b.path));
  const kept = wanted === undefined ? -1 : visible.findIndex((entry) => entry.key === wanted);
  const cursor = kept >= 0 ? kept : clamp(b.cursor, visible.length);
  // While a listing streams in, the wanted entry may simply not have arrived yet: keep wanting it.
  const selectedKey = kept >= 0 || !b.listing ? visible[cursor]?.key : b.selectedKey;
  return scrollIntoView({...b, visible, cursor, selectedKey}, page);
}

function goTo(state: AppState, b: BrowserState, path: VolumePath, reload = false): AppState {
  const seq = state.seq + 1;
  const memory = new Map(b.cursorMemory);
  if (b.selectedKey !== undefined) memory.set(pathKey(b.path), b.selectedKey);
  // Going up lands on the directory just left.
  const left = !reload && path.length < b.path.length ? b.path[path.length] : undefined;
  if (left) memory.set(pathKey(path), left.toString('latin1'));
  const browser: BrowserState = {
    ...b,
    path,
    entries: [],
    visible: [],
    listing: true,
    listSeq: seq,
    listError: undefined,
    selectedKey: reload ? b.selectedKey : memory.get(pathKey(path)),
    cursor: 0,
    top: 0,
    filter: '',
    filterEditing: false,
    cursorMemory: memory,
    notice: undefined,
    preview: undefined,
  };
  return {...state, seq, browser};
}

function openSelected(state: AppState, b: BrowserState): AppState {
  const entry = selectedEntry(b);
  if (!entry || b.helper !== 'ready') return state;
  if (entry.kind === 'dir') return goTo(state, b, childPath(b.path, entry.raw));
  if (entry.kind === 'link') {
    const resolved = entry.target ? resolveLink(b.path, entry.target) : undefined;
    if (!resolved) {
      const text = `${entry.name} points outside the volume (${displayBytes(entry.target ?? Buffer.alloc(0))}): volscope does not follow it.`;
      return {...state, browser: {...b, notice: {text, tone: 'error'}}};
    }
    // Where a link leads is only known by asking: preview it; the helper says if it is a directory.
    return openPreview(state, b, childPath(b.path, entry.raw), entry);
  }
  return openPreview(state, b, childPath(b.path, entry.raw), entry);
}

function openPreview(state: AppState, b: BrowserState, path: VolumePath, entry: FileEntry): AppState {
  const seq = state.seq + 1;
  return {...state, seq, browser: {...b, notice: undefined, preview: {path, entry, seq, scroll: 0}}};
}

function cancelUsage(b: BrowserState): BrowserState {
  const key = pathKey(b.path);
  const scan = b.usage.get(key);
  if (!scan) return b;
  return {...b, usage: new Map(b.usage).set(key, {...scan, running: false, cancelled: true}), notice: {text: 'Disk usage scan cancelled: sizes so far are kept.', tone: 'info'}};
}

function openExportPrompt(b: BrowserState): BrowserState {
  if (b.exporting) return b;
  const entry = b.preview?.entry ?? selectedEntry(b);
  if (!entry) return b;
  const path = b.preview?.path ?? childPath(b.path, entry.raw);
  // The default keeps the name; a name that cannot be a local name as is (escapes) is for the user to edit.
  return {...b, prompt: {path, entry, text: `./${entry.name.replace(/[\u0000-\u001f\u007f]/g, '_')}`}};
}

function startExport(state: AppState, b: BrowserState, destination: string, overwrite: boolean): AppState {
  const prompt = b.prompt;
  if (!prompt) return state;
  const seq = state.seq + 1;
  const scan = b.usage.get(pathKey(prompt.path.slice(0, -1)));
  const expected = prompt.entry.kind === 'file' ? prompt.entry.size : scan?.bytes.get(prompt.entry.key);
  return {...state, seq, browser: {...b, prompt: undefined, notice: undefined, exporting: {path: prompt.path, entry: prompt.entry, destination, overwrite, seq, bytes: 0, expected}}};
}

function clamp(index: number, length: number): number {
  return Math.max(0, Math.min(index, length - 1));
}

function moveTo(b: BrowserState, index: number, page: number): BrowserState {
  const cursor = clamp(index, b.visible.length);
  if (cursor === b.cursor && b.selectedKey === b.visible[cursor]?.key) return b;
  return scrollIntoView({...b, cursor, selectedKey: b.visible[cursor]?.key}, page);
}

function scrollIntoView(b: BrowserState, page: number): BrowserState {
  const maxTop = Math.max(0, b.visible.length - page);
  let top = Math.min(b.top, maxTop);
  if (b.cursor < top) top = b.cursor;
  if (b.cursor >= top + page) top = b.cursor - page + 1;
  top = Math.max(0, top);
  return top === b.top ? b : {...b, top};
}

function scrollPreview(b: BrowserState, delta: number, page: number): BrowserState {
  const preview = b.preview;
  if (!preview?.preview) return b;
  // The pager has one line more than the file table (no column header).
  const max = Math.max(0, preview.preview.lineCount - (page + 1));
  const scroll = Math.max(0, Math.min(max, preview.scroll + delta));
  return scroll === preview.scroll ? b : {...b, preview: {...preview, scroll}};
}
