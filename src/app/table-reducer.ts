import {detailLines} from '../model/details.js';
import {filterRows} from '../model/filter.js';
import {joinVolumes} from '../model/join.js';
import {keepInView, type ListMove, move, reselect} from '../model/list-view.js';
import {nextSortOrder, sortRows} from '../model/sort.js';
import {EMPTY_FIELD, edit} from '../model/text-field.js';
import type {ActionOf} from './actions.js';
import {selectedRow} from './selectors.js';
import type {AppState} from './state.js';

/** What the volume table (and its details view) does with the engine's data, list keys, sort and filter. */
export type TableAction = ActionOf<'data' | 'resize' | 'move' | 'page' | 'jump' | 'sort' | 'toggleUnused' | 'filterOpen' | 'edit' | 'filterAccept' | 'filterCancel' | 'filterClear' | 'openDetails'>;

export function reduceTable(state: AppState, action: TableAction): AppState {
  switch (action.type) {
    case 'data': {
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
    case 'resize': {
      if (action.pageSize === state.pageSize) return state;
      const next = {...state, pageSize: Math.max(1, action.pageSize)};
      const view = keepInView(next, next.visible.length, next.pageSize);
      return view === next ? next : {...next, cursor: view.cursor, top: view.top};
    }
    case 'move':
      return state.view === 'details' ? scrollDetails(state, action.delta) : moveCursor(state, {by: 'row', delta: action.delta});
    case 'page':
      return state.view === 'details' ? scrollDetails(state, action.direction * state.pageSize) : moveCursor(state, {by: 'page', direction: action.direction});
    case 'jump':
      if (state.view === 'details') return scrollDetails(state, action.to === 'top' ? -Infinity : Infinity);
      return moveCursor(state, {by: 'ends', to: action.to});
    case 'sort':
      return derive({...state, sort: nextSortOrder(state.sort, action.key)});
    case 'toggleUnused':
      return derive({...state, unusedOnly: !state.unusedOnly});
    case 'filterOpen':
      return {...state, filterEditing: true};
    case 'edit': {
      if (!state.filterEditing) return state;
      const filter = edit(state.filter, action.op);
      return filter === state.filter ? state : derive({...state, filter});
    }
    case 'filterAccept':
      return {...state, filterEditing: false};
    case 'filterCancel':
      return derive({...state, filterEditing: false, filter: EMPTY_FIELD});
    case 'filterClear':
      // Like Esc in the browser: first stop what is running, then clear.
      if (state.data?.sizingSince !== undefined || state.data?.listingSince !== undefined) return {...state, cancelSeq: state.cancelSeq + 1};
      return state.filter.text ? derive({...state, filter: EMPTY_FIELD}) : state;
    case 'openDetails':
      return selectedRow(state) ? {...state, view: 'details', detailsScroll: 0} : state;
  }
}

/** Re-applies filter and sort, then puts the cursor back on the selected volume if it is still shown. */
function derive(state: AppState): AppState {
  const visible = sortRows(filterRows(state.rows, state.filter.text, state.unusedOnly), state.sort);
  const {view, kept} = reselect(state, visible.map((row) => row.volume.name), state.selectedName, state.pageSize);
  const next = {...state, visible, cursor: view.cursor, top: view.top, selectedName: visible[view.cursor]?.volume.name};
  // The details of a volume that just disappeared make no sense: fall back to the table.
  return next.view === 'details' && !kept ? {...next, view: 'table'} : next;
}

function moveCursor(state: AppState, how: ListMove): AppState {
  const view = move(state, how, state.visible.length, state.pageSize);
  const selectedName = state.visible[view.cursor]?.volume.name;
  if (view === state && selectedName === state.selectedName) return state;
  return {...state, cursor: view.cursor, top: view.top, selectedName};
}

function scrollDetails(state: AppState, delta: number): AppState {
  const row = selectedRow(state);
  if (!row) return state;
  const max = Math.max(0, detailLines(row, '').length - state.pageSize);
  const detailsScroll = Math.max(0, Math.min(max, state.detailsScroll + delta));
  return detailsScroll === state.detailsScroll ? state : {...state, detailsScroll};
}
