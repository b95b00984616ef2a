import {helpColumns, helpLines} from '../keymap/format.js';
import {helpHeight} from '../model/screen-layout.js';
import type {Action, ActionOf} from './actions.js';
import {openBrowser, reduceBrowser} from './browser-reducer.js';
import {openBackup} from './dialogs/backup.js';
import {openClone} from './dialogs/clone.js';
import {openEmpty} from './dialogs/empty.js';
import {openRename} from './dialogs/rename.js';
import {openCreate} from './dialogs/create.js';
import {reduceDialog} from './dialogs/index.js';
import {openPrune} from './dialogs/prune.js';
import {openRemove} from './dialogs/remove.js';
import {openRestore} from './dialogs/restore.js';
import {openRestoreFiles} from './dialogs/restore-files.js';
import {openCopyIn} from './dialogs/copy-in.js';
import {openEditFile} from './dialogs/edit-file.js';
import {openArchivePrompt, submittedArchive} from './dialogs/open-archive.js';
import {reduceMarks} from './marks.js';
import {reduceMounts, rejoin} from './mounts-reducer.js';
import {reducePicker} from './picker-reducer.js';
import {activeContext, keyToAction} from './router.js';
import {selectedRow} from './selectors.js';
import type {AppState} from './state.js';
import {reduceTable, type TableAction} from './table-reducer.js';

type Handler<T extends Action['type']> = (state: AppState, action: ActionOf<T>) => AppState;

/** Under --read-only the keys do not exist; this keeps the reducer from ever opening a write path. */
const write =
  <T extends Action['type']>(handler: Handler<T>): Handler<T> =>
  (state, action) =>
    state.readOnly ? state : handler(state, action);

/** A dialog takes the list keys (scrolling) while it is open; the browser takes them while it is shown. */
function listKey(state: AppState, action: ActionOf<'move' | 'page' | 'jump'>): AppState {
  if (state.helpFor) return scrollHelp(state, action);
  if (state.view === 'mounts' && !state.dialog) return reduceMounts(state, action);
  if (state.dialog) {
    const delta =
      action.type === 'move'
        ? action.delta
        : action.type === 'page'
          ? action.direction * state.pageSize
          : action.to === 'top'
            ? -1e9
            : 1e9;
    return reduceDialog(state, {type: 'dialogScroll', delta});
  }
  return inBrowser(state) ? reduceBrowser(state, action) : reduceTable(state, action);
}

/** The help scrolls when its lines do not fit its columns; the last page ends with the last line. */
function scrollHelp(state: AppState, action: ActionOf<'move' | 'page' | 'jump'>): AppState {
  const room = helpHeight(state.pageSize) * helpColumns(state.columns);
  const max = Math.max(0, helpLines(state.helpFor!, state.readOnly).length - room + 1);
  const delta =
    action.type === 'move'
      ? action.delta
      : action.type === 'page'
        ? action.direction * (room - 1)
        : action.to === 'top'
          ? -Infinity
          : Infinity;
  const helpScroll = Math.max(0, Math.min(max, state.helpScroll + delta));
  return helpScroll === state.helpScroll ? state : {...state, helpScroll};
}

function withMounts(next: AppState, before: AppState): AppState {
  if (!next.mounts || (next.engines === before.engines && next.pageSize === before.pageSize)) return next;
  return {...next, mounts: rejoin(next, next.mounts)};
}

/** The result of a copy in or an edit closed: the folder shown is listed again, with what changed. */
function afterFiles(before: AppState, next: AppState): AppState {
  const closed = before.dialog?.kind === 'done' && !next.dialog;
  const wrote = closed && (before.dialog?.job === 'copyIn' || before.dialog?.job === 'edit');
  return wrote && inBrowser(next) ? reduceBrowser(next, {type: 'reload'}) : next;
}

const inBrowser = (state: AppState) => state.view === 'browser' && state.browser !== undefined;
/** Sort and filter act on the file list while the browser is shown, else on the volumes. */
const tableOrBrowser = (
  state: AppState,
  action: TableAction & ActionOf<'sort' | 'filterOpen' | 'filterAccept' | 'filterCancel' | 'filterClear'>,
) => (inBrowser(state) ? reduceBrowser(state, action) : reduceTable(state, action));
/** The filter keys act on the mounts view's own filter while it is shown. */
const filterKey = (
  state: AppState,
  action: ActionOf<'filterOpen' | 'filterAccept' | 'filterCancel' | 'filterClear'>,
) => (state.view === 'mounts' ? reduceMounts(state, action) : tableOrBrowser(state, action));

/**
 * Which part of the state handles each action, as a table the compiler checks: an action type
 * without a route is a compile error, never a silent no-op. No-op actions return the same object
 * so React skips the render: holding a key at the last row costs nothing.
 */
const ROUTES: {[T in Action['type']]: Handler<T>} = {
  key(state, action) {
    const routed = keyToAction(state, action.input, action.key, action.nowMs);
    const base = state.notice ? {...state, notice: undefined} : state;
    return routed ? reducer(base, routed) : base;
  },
  // The mounts view, once opened, follows the container lists as the table does.
  data: (state, action) => withMounts(reduceTable(state, action), state),
  resize: (state, action) => withMounts(reduceTable(state, action), state),
  move: listKey,
  page: listKey,
  jump: listKey,
  sort: tableOrBrowser,
  history: reduceTable,
  growthWindow: reduceTable,
  historySeries: reduceTable,
  toggleUnused: reduceTable,
  filterOpen: filterKey,
  filterAccept: filterKey,
  filterCancel: filterKey,
  filterClear: filterKey,
  edit: (state, action) =>
    state.dialog
      ? reduceDialog(state, action)
      : inBrowser(state)
        ? reduceBrowser(state, action)
        : state.view === 'mounts'
          ? reduceMounts(state, action)
          : reduceTable(state, action),
  openDetails: reduceTable,
  browse: openBrowser,

  helperProgress: reduceBrowser,
  helperReady: reduceBrowser,
  helperFailed: reduceBrowser,
  listBatch: reduceBrowser,
  open: reduceBrowser,
  up: reduceBrowser,
  browserBack: reduceBrowser,
  reload: reduceBrowser,
  browserMark: reduceBrowser,
  browseArchive: reduceBrowser,
  usageStart: reduceBrowser,
  usageBatch: reduceBrowser,
  previewLoaded: reduceBrowser,
  previewClose: reduceBrowser,
  exportOpen: reduceBrowser,
  exportAccept: reduceBrowser,
  exportCancel: reduceBrowser,
  replaceYes: reduceBrowser,
  replaceNo: reduceBrowser,
  exportChecked: reduceBrowser,

  mark: write((state, action) => reduceMarks(state, action)),
  markAll: write((state, action) => reduceMarks(state, action)),
  clearMarks: write((state, action) => reduceMarks(state, action)),
  removeAsk: write(openRemove),
  pruneAsk: write(openPrune),
  createAsk: write(openCreate),
  backupAsk: (state, action) => openBackup(state, action.nowMs),
  cloneAsk: write(openClone),
  restoreAsk: write(openRestore),
  restoreFilesAsk: write(openRestoreFiles),
  openArchiveAsk: openArchivePrompt,
  jobRetry: reduceDialog,
  emptyAsk: write(openEmpty),
  renameAsk: write(openRename),
  copyInAsk: write(openCopyIn),
  copyInComplete: reduceDialog,
  copyInCompleted: reduceDialog,
  copyInPlanned: reduceDialog,
  editAsk: write(openEditFile),
  editOpened: reduceDialog,
  editSave: reduceDialog,
  dialogFocus: reduceDialog,
  dialogPress: (state, action) => afterFiles(state, reduceDialog(state, action)),
  dialogCancel: (state, action) => afterFiles(state, reduceDialog(state, action)),
  dialogScroll: reduceDialog,
  dialogField: reduceDialog,
  dialogToggle: reduceDialog,
  recentTarget: reduceDialog,
  dialogSubmit(state, action) {
    const next = reduceDialog(state, action);
    const archive = submittedArchive(next.dialog);
    return archive ? reduceBrowser({...next, dialog: undefined}, {type: 'browseArchive', archive}) : next;
  },
  dialogEngine: reduceDialog,
  pruneScope: reduceDialog,
  removed: reduceDialog,
  created: reduceDialog,
  jobProgress: reduceDialog,
  jobFinished: reduceDialog,

  mountsOpen: reduceMounts,
  mountsBack: reduceMounts,
  mountsRecheck: reduceMounts,
  mountsTmpfs: reduceMounts,
  bindState: reduceMounts,
  measureBind: reduceMounts,
  browseMount: reduceMounts,

  pickerOpen: reducePicker,
  pickerItems: reducePicker,
  pickerMove: reducePicker,
  pickerToggle: reducePicker,
  pickerChoose: reducePicker,
  pickerCancel: reducePicker,
  pickerFailed: reducePicker,

  back(state) {
    if (state.helpFor) return {...state, helpFor: undefined};
    return state.view === 'details' ? {...state, view: 'table'} : state;
  },
  toggleHelp: (state) => ({...state, helpScroll: 0, helpFor: state.helpFor ? undefined : activeContext(state)}),
  refresh: (state) => reduceMounts({...state, refreshSeq: state.refreshSeq + 1}, {type: 'mountsRecheck'}),
  quit: (state) => (state.quitRequested ? state : {...state, quitRequested: true}),
  suspend: (state) => ({...state, seq: state.seq + 1, terminalRequest: {kind: 'suspend', seq: state.seq + 1}}),
  resumed: (state) => ({...state, blank: true}),
  repainted: (state) => (state.blank ? {...state, blank: false} : state),
  copyName(state) {
    const row = selectedRow(state);
    if (!row) return state;
    return {...state, seq: state.seq + 1, terminalRequest: {kind: 'copy', text: row.volume.name, seq: state.seq + 1}};
  },
  copied: (state, action) => ({
    ...state,
    notice: action.ok
      ? `Copied ${action.text} to the clipboard (OSC 52; the terminal must allow it)`
      : 'Nothing to copy to: this is not a terminal',
  }),
};

/** Pure state transitions: every action goes where ROUTES sends it. */
export function reducer(state: AppState, action: Action): AppState {
  return (ROUTES[action.type] as Handler<Action['type']>)(state, action);
}
