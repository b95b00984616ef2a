import {nextFileSort} from '../model/file-list.js';
import {
  childPath,
  displayBytes,
  type FileEntry,
  markKey,
  pathKey,
  resolveLink,
  type VolumePath,
} from '../model/files.js';
import {buildPreview} from '../model/preview.js';
import {browserPageSize} from '../model/screen-layout.js';
import {EMPTY_FIELD, edit} from '../model/text-field.js';
import type {ActionOf, BrowserAction, ExportAction} from './actions.js';
import {type BrowserState, initialBrowser, isScanning, selectedEntry, type UsageScan} from './browser-state.js';
import {cancelUsage, derive, moveCursor, scrollPreview} from './browser-view.js';
import {editExportPath, reduceExport} from './dialogs/export.js';
import {selectedRow} from './selectors.js';
import type {AppState} from './state.js';

/** The list and filter actions the browser takes while it is open (the table takes them otherwise). */
export type BrowserListAction =
  | ActionOf<
      'move' | 'page' | 'jump' | 'sort' | 'filterOpen' | 'filterAccept' | 'filterCancel' | 'filterClear' | 'edit'
    >
  | ExportAction;

export function openBrowser(state: AppState): AppState {
  const row = selectedRow(state);
  if (!row) return state;
  const seq = state.seq + 1;
  return {...state, seq, view: 'browser', browser: initialBrowser(row.engine, row.volume.name, seq)};
}

/** A backup in the browser, on the first engine of the session (where R restores by default). */
export function openArchiveBrowser(state: AppState, archive: string): AppState {
  const engine = state.engines[0]?.name;
  if (engine === undefined) return state;
  const seq = state.seq + 1;
  const name = archive.slice(archive.lastIndexOf('/') + 1);
  return {...state, seq, view: 'browser', browser: initialBrowser(engine, name, seq, false, archive)};
}

/** Browser transitions, by what they are about; `state.browser` is set whenever these run. */
export function reduceBrowser(state: AppState, action: BrowserAction | BrowserListAction): AppState {
  const b = state.browser;
  if (action.type === 'browseArchive') return openArchiveBrowser(state, action.archive);
  if (!b) return state;
  switch (action.type) {
    case 'helperProgress':
    case 'helperReady':
    case 'helperFailed':
    case 'listBatch':
      return fromHelper(state, b, action);
    case 'open':
    case 'up':
    case 'browserBack':
    case 'reload':
      return goes(state, b, action);
    case 'browserMark':
      return mark(state, b);
    case 'usageStart':
    case 'usageBatch':
      return usage(state, b, action);
    case 'sort':
    case 'move':
    case 'page':
    case 'jump':
      return navigate(state, b, action);
    case 'previewLoaded':
    case 'previewClose':
      return previewResult(state, b, action);
    case 'filterOpen':
    case 'edit':
    case 'filterAccept':
    case 'filterCancel':
    case 'filterClear':
      return filtering(state, b, action);
    default:
      return reduceExport(state, b, action);
  }
}

/** Space: marks (or unmarks) the selected entry of an archive, and moves on to the next, as in the table. */
function mark(state: AppState, b: BrowserState): AppState {
  const entry = selectedEntry(b);
  if (!b.archive || !entry) return state;
  const key = markKey(b.path, entry);
  const marks = new Set(b.marks);
  if (!marks.delete(key)) marks.add(key);
  return navigate({...state, browser: {...b, marks}}, {...b, marks}, {type: 'move', delta: 1});
}

/** What the helper reports: its start, and each batch of the listing asked for. */
function fromHelper(
  state: AppState,
  b: BrowserState,
  action: ActionOf<'helperProgress' | 'helperReady' | 'helperFailed' | 'listBatch'>,
): AppState {
  const page = browserPageSize(state.pageSize);
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'helperProgress':
      return b.helper.status === 'starting'
        ? set({...b, helper: {status: 'starting', progress: action.progress}})
        : state;
    case 'helperReady':
      return set({...b, helper: {status: 'ready'}});
    case 'helperFailed':
      return set({...b, helper: {status: 'failed', error: action.message}, listing: false});
    case 'listBatch':
      if (action.seq !== b.listSeq) return state;
      return set(
        derive(
          {
            ...b,
            entries: action.entries.length ? [...b.entries, ...action.entries] : b.entries,
            listing: !action.done,
            listError: action.error,
          },
          page,
        ),
      );
  }
}

/** Moving through the folders: into, up, back (which first cancels what runs, then clears the filter), again. */
function goes(state: AppState, b: BrowserState, action: ActionOf<'open' | 'up' | 'browserBack' | 'reload'>): AppState {
  const page = browserPageSize(state.pageSize);
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'open':
      return openSelected(state, b);
    case 'up':
      if (b.preview) return set({...b, preview: undefined});
      return b.path.length ? goTo(state, b, b.path.slice(0, -1)) : closeBrowser(state);
    case 'browserBack':
      if (isScanning(b.usage.get(pathKey(b.path)))) return set(cancelUsage(b));
      if (b.filter.text) return set(derive({...b, filter: EMPTY_FIELD}, page));
      return b.path.length ? goTo(state, b, b.path.slice(0, -1)) : closeBrowser(state);
    case 'reload':
      return goTo(state, b, b.path, true);
  }
}

/** The size scan of the folder shown: started by s, filled in as it streams. */
function usage(state: AppState, b: BrowserState, action: ActionOf<'usageStart' | 'usageBatch'>): AppState {
  const page = browserPageSize(state.pageSize);
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'usageStart': {
      const key = pathKey(b.path);
      if (isScanning(b.usage.get(key)) || b.listing) return state;
      const seq = state.seq + 1;
      const usage = new Map(b.usage).set(key, {
        bytes: new Map(),
        of: b.entries.length,
        total: undefined,
        status: 'running',
        seq,
      } satisfies UsageScan);
      return {
        ...state,
        seq,
        browser: derive({...b, usage, sort: {key: 'size', descending: true}, notice: undefined}, page),
      };
    }
    case 'usageBatch': {
      const scan = b.usage.get(action.pathKey);
      if (!scan || scan.seq !== action.seq || !isScanning(scan)) return state;
      const bytes = new Map(scan.bytes);
      for (const item of action.items) bytes.set(item.key, item.bytes);
      const status: UsageScan['status'] = action.error ? {error: action.error} : action.done ? 'done' : 'running';
      const next: UsageScan = {...scan, bytes, total: action.total ?? scan.total, status};
      return set(derive({...b, usage: new Map(b.usage).set(action.pathKey, next)}, page));
    }
  }
}

/** The cursor in the listing, or the scroll of a preview. */
function navigate(state: AppState, b: BrowserState, action: ActionOf<'sort' | 'move' | 'page' | 'jump'>): AppState {
  const page = browserPageSize(state.pageSize);
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'sort':
      if (action.key === 'containers' || action.key === 'engine' || action.key === 'growth') return state;
      {
        // As in the table: a new order is read from its top.
        const sorted = derive({...b, sort: nextFileSort(b.sort, action.key)}, page);
        return set(
          sorted.visible.length ? {...sorted, cursor: 0, top: 0, selectedKey: sorted.visible[0]!.key} : sorted,
        );
      }
    case 'move':
      return set(
        b.preview
          ? scrollPreview(b, action.delta, state.pageSize)
          : moveCursor(b, {by: 'row', delta: action.delta}, page),
      );
    case 'page':
      return set(
        b.preview
          ? scrollPreview(b, action.direction * page, state.pageSize)
          : moveCursor(b, {by: 'page', direction: action.direction}, page),
      );
    case 'jump':
      if (b.preview) return set(scrollPreview(b, action.to === 'top' ? -Infinity : Infinity, state.pageSize));
      return set(moveCursor(b, {by: 'ends', to: action.to}, page));
  }
}

/** A preview's bytes, or the directory a link led to. */
function previewResult(state: AppState, b: BrowserState, action: ActionOf<'previewLoaded' | 'previewClose'>): AppState {
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'previewLoaded':
      if (!b.preview || b.preview.seq !== action.seq) return state;
      // A link the helper found to lead to a directory (inside the volume): go there instead.
      if (action.enter) return goTo(state, {...b, preview: undefined}, action.enter);
      return set({
        ...b,
        preview: {...b.preview, ...(action.bytes ? {preview: buildPreview(action.bytes)} : {error: action.error})},
      });
    case 'previewClose':
      return b.preview ? set({...b, preview: undefined}) : state;
  }
}

/** The browser's filter (and the export prompt's path, which takes the same edits). */
function filtering(
  state: AppState,
  b: BrowserState,
  action: ActionOf<'filterOpen' | 'edit' | 'filterAccept' | 'filterCancel' | 'filterClear'>,
): AppState {
  const page = browserPageSize(state.pageSize);
  const set = (next: BrowserState): AppState => (next === b ? state : {...state, browser: next});
  switch (action.type) {
    case 'filterOpen':
      return set({...b, filterEditing: true});
    case 'edit': {
      if (b.prompt) return set(editExportPath(b, action.op));
      if (!b.filterEditing) return state;
      const filter = edit(b.filter, action.op);
      return filter === b.filter ? state : set(derive({...b, filter}, page));
    }
    case 'filterAccept':
      return set({...b, filterEditing: false});
    case 'filterCancel':
      return set(derive({...b, filterEditing: false, filter: EMPTY_FIELD}, page));
    case 'filterClear':
      return state;
  }
}

/** Back where the browser was opened from: a bind source from the mounts view goes back there. */
function closeBrowser(state: AppState): AppState {
  return {...state, view: state.browser?.bind ? 'mounts' : 'table', browser: undefined};
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
    filter: EMPTY_FIELD,
    filterEditing: false,
    cursorMemory: memory,
    notice: undefined,
    preview: undefined,
  };
  return {...state, seq, browser};
}

function openSelected(state: AppState, b: BrowserState): AppState {
  const entry = selectedEntry(b);
  if (!entry || b.helper.status !== 'ready') return state;
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
