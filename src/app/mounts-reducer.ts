import {keepInView, move, reselect} from '../model/list-view.js';
import {EMPTY_FIELD, edit} from '../model/text-field.js';
import type {BindState} from '../model/mounts.js';
import {mountsPageSize} from '../model/screen-layout.js';
import type {ActionOf} from './actions.js';
import {initialBrowser} from './browser-state.js';
import {EMPTY_MOUNTS, joinAllMounts, type MountsState, selectedMount} from './mounts-state.js';
import type {AppState} from './state.js';

export type MountsAction = ActionOf<
  | 'mountsOpen'
  | 'mountsRecheck'
  | 'mountsBack'
  | 'mountsTmpfs'
  | 'bindState'
  | 'measureBind'
  | 'browseMount'
  | 'move'
  | 'page'
  | 'jump'
  | 'filterOpen'
  | 'filterAccept'
  | 'filterCancel'
  | 'filterClear'
  | 'edit'
>;

/** The mounts view: open and close, its list keys, and what the effects found (tmpfs details, bind states). */
export function reduceMounts(state: AppState, action: MountsAction): AppState {
  const mounts = state.mounts ?? EMPTY_MOUNTS;
  const page = mountsPageSize(state.pageSize);
  switch (action.type) {
    case 'mountsOpen':
      // Each opening checks again which bind sources are still on the host.
      return {...state, view: 'mounts', mounts: rejoin(state, forgetProbes(mounts))};
    case 'mountsRecheck':
      return state.view === 'mounts' ? {...state, mounts: rejoin(state, forgetProbes(mounts))} : state;
    case 'mountsBack':
      // Esc clears a filter first, as in the table.
      if (state.view === 'mounts' && mounts.filter.text)
        return {...state, mounts: rejoin(state, {...mounts, filter: EMPTY_FIELD})};
      return state.view === 'mounts' ? {...state, view: 'table'} : state;
    case 'filterOpen':
      return {...state, mounts: {...mounts, filterEditing: true}};
    case 'filterAccept':
      return {...state, mounts: {...mounts, filterEditing: false}};
    case 'filterCancel':
    case 'filterClear':
      return {...state, mounts: rejoin(state, {...mounts, filterEditing: false, filter: EMPTY_FIELD})};
    case 'edit': {
      if (!mounts.filterEditing) return state;
      const filter = edit(mounts.filter, action.op);
      return filter === mounts.filter ? state : {...state, mounts: rejoin(state, {...mounts, filter})};
    }
    case 'mountsTmpfs': {
      const known = new Map(mounts.tmpfs.get(action.engine) ?? []);
      for (const [id, details] of action.details) known.set(id, details);
      return {...state, mounts: rejoin(state, {...mounts, tmpfs: new Map(mounts.tmpfs).set(action.engine, known)})};
    }
    case 'bindState': {
      if (action.round !== undefined && action.round !== mounts.probeRound) return state;
      // A probe's "still there" (or its failure) says nothing new of a size measured or being
      // measured: only "gone" from the host replaces it.
      const known = mounts.binds.get(action.engine)?.get(action.path)?.status;
      const measuredOrMeasuring = known === 'measured' || known === 'measuring';
      if (action.round !== undefined && measuredOrMeasuring && action.state.status !== 'missing') return state;
      return {...state, mounts: rejoin(state, withBind(mounts, action.engine, action.path, action.state))};
    }
    case 'measureBind': {
      const row = selectedMount(mounts);
      if (row?.type !== 'bind' || !row.source || row.bind.status === 'missing' || row.bind.status === 'measuring')
        return state;
      return {...state, mounts: rejoin(state, withBind(mounts, row.engine, row.source, {status: 'measuring'}))};
    }
    case 'browseMount': {
      const row = selectedMount(mounts);
      if (!row) return state;
      if (row.type === 'tmpfs') {
        const user = row.users[0]!;
        return {
          ...state,
          notice: `A tmpfs lives in its container's memory, not on a disk volscope can mount: docker exec ${user.name} ls ${user.destination}`,
        };
      }
      if (row.bind.status === 'missing')
        return {
          ...state,
          notice: `${row.source} no longer exists on the engine's host: there is nothing to browse (volscope does not create it).`,
        };
      const seq = state.seq + 1;
      return {...state, seq, view: 'browser', browser: initialBrowser(row.engine, row.source!, seq, true)};
    }
    case 'move':
    case 'page':
    case 'jump': {
      const how =
        action.type === 'move'
          ? {by: 'row' as const, delta: action.delta}
          : action.type === 'page'
            ? {by: 'page' as const, direction: action.direction}
            : {by: 'ends' as const, to: action.to};
      const view = move(mounts, how, mounts.rows.length, page);
      if (view === mounts) return state;
      return {
        ...state,
        mounts: {...mounts, cursor: view.cursor, top: view.top, selectedKey: mounts.rows[view.cursor]?.key},
      };
    }
  }
}

/** Whether each source is still there is asked again; sizes measured are kept. */
function forgetProbes(mounts: MountsState): MountsState {
  const binds = new Map(
    [...mounts.binds].map(([engine, paths]) => [
      engine,
      new Map([...paths].filter(([, s]) => s.status === 'measured' || s.status === 'measuring')),
    ]),
  );
  return {...mounts, binds, probeRound: mounts.probeRound + 1};
}

function withBind(mounts: MountsState, engine: string, path: string, bind: BindState): MountsState {
  return {...mounts, binds: new Map(mounts.binds).set(engine, new Map(mounts.binds.get(engine) ?? []).set(path, bind))};
}

/** Joined again with the latest container lists; the cursor stays on the same mount. */
export function rejoin(state: AppState, mounts: MountsState): MountsState {
  const all = joinAllMounts(state.engines, mounts);
  const needle = mounts.filter.text.toLowerCase();
  const rows = needle ? all.filter((row) => row.searchText.includes(needle)) : all;
  const {view} = reselect(
    mounts,
    rows.map((row) => row.key),
    mounts.selectedKey,
    mountsPageSize(state.pageSize),
  );
  const kept = keepInView(view, rows.length, mountsPageSize(state.pageSize));
  return {...mounts, rows, total: all.length, cursor: kept.cursor, top: kept.top, selectedKey: rows[kept.cursor]?.key};
}
