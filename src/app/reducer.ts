import {detailLines} from '../model/details.js';
import {filterRows} from '../model/filter.js';
import {joinVolumes} from '../model/join.js';
import {nextSortOrder, sortRows} from '../model/sort.js';
import type {VolumeRow} from '../model/types.js';
import type {Action} from './actions.js';
import {browserReducer, openBrowser} from './browser-reducer.js';
import {cleanupReducer} from './cleanup-reducer.js';
import {PICKER_ACTIONS, pickerReducer} from './picker-state.js';
import {activeContext, keyToAction} from './router.js';
import {type AppState, selectedRow} from './state.js';

/**
 * Pure state transitions. No-op actions return the same object so React skips the render:
 * holding a key at the last row costs nothing.
 */
export function reducer(state: AppState, action: Action): AppState {
  // A dialog takes the list keys (scrolling) while it is open.
  if (state.dialog && (action.type === 'move' || action.type === 'page' || action.type === 'jump')) {
    const delta = action.type === 'move' ? action.delta : action.type === 'page' ? action.direction * state.pageSize : action.to === 'top' ? -1e9 : 1e9;
    return cleanupReducer(state, {type: 'dialogScroll', delta});
  }
  if (CLEANUP.has(action.type)) return cleanupReducer(state, action);
  if (PICKER_ACTIONS.has(action.type)) return pickerReducer(state, action);
  // The browser takes the list keys (move, sort, filter) while it is open; help and quit stay here.
  if (state.view === 'browser' && state.browser && !BROWSER_PASSES.has(action.type)) return browserReducer(state, action);
  switch (action.type) {
    case 'key': {
      const routed = keyToAction(state, action.input, action.key);
      const base = state.notice ? {...state, notice: undefined} : state;
      return routed ? reducer(base, routed) : base;
    }
    case 'suspend':
      return {...state, seq: state.seq + 1, terminalRequest: {kind: 'suspend', seq: state.seq + 1}};
    case 'resumed':
      return {...state, blank: true};
    case 'repainted':
      return state.blank ? {...state, blank: false} : state;
    case 'copyName': {
      const row = selectedRow(state);
      if (!row) return state;
      return {...state, seq: state.seq + 1, terminalRequest: {kind: 'copy', text: row.volume.name, seq: state.seq + 1}};
    }
    case 'copied':
      return {...state, notice: action.ok ? `Copied ${action.text} to the clipboard (OSC 52; the terminal must allow it)` : 'Nothing to copy to: this is not a terminal'};
    case 'data': {
      // The App seeds its state from the store, then its effect hands over the same snapshot.
      if (state.data === action.snapshot) return state;
      const {volumes, containers, usage} = action.snapshot;
      const same = state.data && state.data.volumes === volumes && state.data.containers === containers && state.data.usage === usage;
      if (same) return {...state, data: action.snapshot};
      const rows = joinVolumes(volumes, containers, usage);
      // Marks follow volumes: one removed elsewhere drops out, so `d` never names a ghost.
      const present = state.marks.size ? new Set(rows.map((row) => row.volume.name)) : undefined;
      const marks = present ? new Set([...state.marks].filter((name) => present.has(name))) : state.marks;
      return derive({...state, data: action.snapshot, rows, marks});
    }
    case 'resize':
      if (action.pageSize === state.pageSize) return state;
      return scrollIntoView({...state, pageSize: Math.max(1, action.pageSize)});
    case 'move':
      return state.view === 'details' ? scrollDetails(state, action.delta) : moveTo(state, state.cursor + action.delta);
    case 'page':
      return state.view === 'details'
        ? scrollDetails(state, action.direction * state.pageSize)
        : moveTo(state, state.cursor + action.direction * state.pageSize);
    case 'jump':
      if (state.view === 'details') return scrollDetails(state, action.to === 'top' ? -Infinity : Infinity);
      return moveTo(state, action.to === 'top' ? 0 : state.visible.length - 1);
    case 'sort':
      return derive({...state, sort: nextSortOrder(state.sort, action.key)});
    case 'toggleUnused':
      return derive({...state, unusedOnly: !state.unusedOnly});
    case 'filterOpen':
      return {...state, filterEditing: true};
    case 'filterType':
      return derive({...state, filter: state.filter + action.text});
    case 'filterErase':
      if (!state.filter) return state;
      return derive({...state, filter: action.all ? '' : [...state.filter].slice(0, -1).join('')});
    case 'filterAccept':
      return {...state, filterEditing: false};
    case 'filterCancel':
      return derive({...state, filterEditing: false, filter: ''});
    case 'filterClear':
      // Like Esc in the browser: first stop what is running, then clear.
      if (state.data?.sizingSince !== undefined || state.data?.listingSince !== undefined) return {...state, cancelSeq: state.cancelSeq + 1};
      return state.filter ? derive({...state, filter: ''}) : state;
    case 'browse':
      return openBrowser(state);
    case 'openDetails':
      return selectedRow(state) ? {...state, view: 'details', detailsScroll: 0} : state;
    case 'back':
      if (state.help) return {...state, help: false};
      if (state.view === 'browser') return state;
      return state.view === 'table' ? state : {...state, view: 'table'};
    case 'toggleHelp':
      return state.help ? {...state, help: false} : {...state, help: true, helpFor: activeContext(state)};
    case 'refresh':
      return {...state, refreshSeq: state.refreshSeq + 1};
    case 'quit':
      return state.quitRequested ? state : {...state, quitRequested: true};
    default:
      // Results of browser work that arrive after the browser closed.
      return state;
  }
}

const CLEANUP: ReadonlySet<Action['type']> = new Set([
  'mark', 'markAll', 'clearMarks', 'removeAsk', 'pruneAsk', 'createAsk', 'dialogFocus', 'dialogTab', 'dialogConfirm', 'dialogCancel',
  'dialogScroll', 'typedType', 'typedErase', 'typedAccept', 'formField', 'formType', 'formErase', 'formSubmit', 'removed', 'created',
  'backupAsk', 'pathType', 'pathErase', 'pathAccept', 'backupProgress', 'backupFinished', 'cloneAsk', 'pathToggle', 'cloneFinished', 'restoreAsk', 'restoreFinished',
]);

/** Actions the app handles the same way whether or not the browser is open. */
const BROWSER_PASSES: ReadonlySet<Action['type']> = new Set(['key', 'data', 'resize', 'toggleHelp', 'back', 'refresh', 'quit', 'suspend', 'resumed', 'repainted', 'copied']);

/** Re-applies filter and sort, then puts the cursor back on the selected volume if it is still shown. */
function derive(state: AppState): AppState {
  const visible = sortRows(filterRows(state.rows, state.filter, state.unusedOnly), state.sort);
  const kept = state.selectedName === undefined ? -1 : indexOfName(visible, state.selectedName);
  const cursor = kept >= 0 ? kept : clamp(state.cursor, visible.length);
  const next = {...state, visible, cursor, selectedName: visible[cursor]?.volume.name};
  // The details of a volume that just disappeared make no sense: fall back to the table.
  if (next.view === 'details' && kept < 0) return scrollIntoView({...next, view: 'table'});
  return scrollIntoView(next);
}

function indexOfName(rows: readonly VolumeRow[], name: string): number {
  return rows.findIndex((row) => row.volume.name === name);
}

function clamp(index: number, length: number): number {
  return Math.max(0, Math.min(index, length - 1));
}

function moveTo(state: AppState, index: number): AppState {
  const cursor = clamp(index, state.visible.length);
  if (cursor === state.cursor && state.selectedName === state.visible[cursor]?.volume.name) return state;
  return scrollIntoView({...state, cursor, selectedName: state.visible[cursor]?.volume.name});
}

/** Keeps the cursor inside the rendered window, moving the window as little as possible. */
function scrollIntoView(state: AppState): AppState {
  const maxTop = Math.max(0, state.visible.length - state.pageSize);
  let top = Math.min(state.top, maxTop);
  if (state.cursor < top) top = state.cursor;
  if (state.cursor >= top + state.pageSize) top = state.cursor - state.pageSize + 1;
  top = Math.max(0, top);
  return top === state.top ? state : {...state, top};
}

function scrollDetails(state: AppState, delta: number): AppState {
  const row = selectedRow(state);
  if (!row) return state;
  const max = Math.max(0, detailLines(row, '').length - state.pageSize);
  const detailsScroll = Math.max(0, Math.min(max, state.detailsScroll + delta));
  return detailsScroll === state.detailsScroll ? state : {...state, detailsScroll};
}
