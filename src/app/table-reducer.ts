import {detailLines} from '../model/details.js';
import {filterRows} from '../model/filter.js';
import {nextWindow} from '../model/growth.js';
import {joinVolumes} from '../model/join.js';
import {keepInView, type ListMove, move, reselect} from '../model/list-view.js';
import {nextSortOrder, sortRows} from '../model/sort.js';
import {EMPTY_FIELD, edit} from '../model/text-field.js';
import type {ActionOf} from './actions.js';
import {selectedRow} from './selectors.js';
import type {AppState} from './state.js';

/** What the volume table (and its details view) does with the engine's data, list keys, sort and filter. */
export type TableAction = ActionOf<
  | 'data'
  | 'resize'
  | 'move'
  | 'page'
  | 'jump'
  | 'sort'
  | 'toggleUnused'
  | 'filterOpen'
  | 'edit'
  | 'filterAccept'
  | 'filterCancel'
  | 'filterClear'
  | 'openDetails'
  | 'history'
  | 'growthWindow'
  | 'historySeries'
>;

export function reduceTable(state: AppState, action: TableAction): AppState {
  switch (action.type) {
    case 'data': {
      const index = state.engines.findIndex((engine) => engine.name === action.engine);
      const engine = state.engines[index];
      if (!engine || engine.snapshot === action.snapshot) return state;
      const {volumes, containers, usage} = action.snapshot;
      const before = engine.snapshot;
      const same = before && before.volumes === volumes && before.containers === containers && before.usage === usage;
      const engines = [...state.engines];
      engines[index] = {
        ...engine,
        snapshot: action.snapshot,
        rows: same ? engine.rows : joinVolumes(volumes, containers, usage, engine.name, engine.history),
      };
      if (same) return {...state, engines};
      return withRows(state, engines);
    }
    case 'history': {
      const index = state.engines.findIndex((engine) => engine.name === action.engine);
      const engine = state.engines[index];
      const notice = action.note && action.note !== state.historyNote ? action.note : undefined;
      if (!engine || (engine.history === action.view && !notice)) return state;
      const engines = [...state.engines];
      const snap = engine.snapshot;
      engines[index] = {
        ...engine,
        history: action.view,
        rows: snap ? joinVolumes(snap.volumes, snap.containers, snap.usage, engine.name, action.view) : engine.rows,
      };
      return {...withRows(state, engines), ...(notice ? {historyNote: notice, notice} : {})};
    }
    case 'growthWindow':
      return {
        ...state,
        growthWindow: nextWindow(state.growthWindow),
        notice: `growth over ${nextWindow(state.growthWindow)}`,
      };
    case 'historySeries':
      return {...state, series: action.series};
    case 'resize': {
      if (action.columns !== undefined && action.columns !== state.columns)
        return reduceTable({...state, columns: action.columns}, {type: 'resize', pageSize: action.pageSize});
      if (action.pageSize === state.pageSize) return state;
      const next = {...state, pageSize: Math.max(1, action.pageSize)};
      const view = keepInView(next, next.visible.length, next.pageSize);
      return view === next ? next : {...next, cursor: view.cursor, top: view.top};
    }
    case 'move':
      return state.view === 'details'
        ? scrollDetails(state, action.delta)
        : moveCursor(state, {by: 'row', delta: action.delta});
    case 'page':
      return state.view === 'details'
        ? scrollDetails(state, action.direction * state.pageSize)
        : moveCursor(state, {by: 'page', direction: action.direction});
    case 'jump':
      if (state.view === 'details') return scrollDetails(state, action.to === 'top' ? -Infinity : Infinity);
      return moveCursor(state, {by: 'ends', to: action.to});
    case 'sort': {
      // A new order is read from its top (the largest volumes after S): the cursor goes there,
      // while refreshes and filters keep it on the selected volume.
      const sorted = derive({...state, sort: nextSortOrder(state.sort, action.key)});
      return sorted.visible.length
        ? {...sorted, cursor: 0, top: 0, selectedKey: sorted.visible[0]!.key, selectionChosen: true}
        : sorted;
    }
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
      if (
        state.engines.some(({snapshot}) => snapshot?.sizingSince !== undefined || snapshot?.listingSince !== undefined)
      )
        return {...state, cancelSeq: state.cancelSeq + 1};
      return state.filter.text ? derive({...state, filter: EMPTY_FIELD}) : state;
    case 'openDetails':
      return selectedRow(state) ? {...state, view: 'details', detailsScroll: 0} : state;
  }
}

/** The engines' rows as the table's, marks following them. */
function withRows(state: AppState, engines: AppState['engines']): AppState {
  // Only the engine that changed is joined again; the table is every engine's rows in order.
  const rows = engines.length === 1 ? engines[0]!.rows : engines.flatMap((e) => e.rows);
  // Marks follow volumes: one removed elsewhere drops out, so `d` never names a ghost.
  const present = state.marks.size ? new Set(rows.map((row) => row.key)) : undefined;
  const marks = present ? new Set([...state.marks].filter((key) => present.has(key))) : state.marks;
  return derive({...state, engines, rows, marks});
}

/** Re-applies filter and sort, then puts the cursor back on the selected volume if it is still shown. */
function derive(state: AppState): AppState {
  const visible = sortRows(
    filterRows(state.rows, state.filter.text, state.unusedOnly, state.engines.length > 1),
    state.sort,
  );
  const {view, kept} = reselect(
    state,
    visible.map((row) => row.key),
    state.selectionChosen ? state.selectedKey : visible[0]?.key,
    state.pageSize,
  );
  const next = {...state, visible, cursor: view.cursor, top: view.top, selectedKey: visible[view.cursor]?.key};
  // The details of a volume that just disappeared make no sense: fall back to the table.
  return next.view === 'details' && !kept ? {...next, view: 'table'} : next;
}

function moveCursor(state: AppState, how: ListMove): AppState {
  const view = move(state, how, state.visible.length, state.pageSize);
  const selectedKey = state.visible[view.cursor]?.key;
  if (view === state && selectedKey === state.selectedKey) return state;
  return {...state, cursor: view.cursor, top: view.top, selectedKey, selectionChosen: true};
}

function scrollDetails(state: AppState, delta: number): AppState {
  const row = selectedRow(state);
  if (!row) return state;
  const max = Math.max(0, detailLines(row, '', '', state.series).length - state.pageSize);
  const detailsScroll = Math.max(0, Math.min(max, state.detailsScroll + delta));
  return detailsScroll === state.detailsScroll ? state : {...state, detailsScroll};
}
