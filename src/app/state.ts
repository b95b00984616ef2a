import type {Snapshot} from '../docker/live-store.js';
import type {SortOrder, VolumeRow} from '../model/types.js';

export type View = 'table' | 'details';

export interface AppState {
  readonly view: View;
  readonly help: boolean;
  readonly filterEditing: boolean;
  readonly filter: string;
  readonly unusedOnly: boolean;
  readonly sort: SortOrder;
  /** All volumes joined with containers and sizes. */
  readonly rows: readonly VolumeRow[];
  /** rows after filter and sort: what the table shows. */
  readonly visible: readonly VolumeRow[];
  /** The selection follows the volume, not the index, across refreshes, sorts and filters. */
  readonly selectedName: string | undefined;
  readonly cursor: number;
  /** First row of the rendered window. */
  readonly top: number;
  /** Rows the table body has room for. */
  readonly pageSize: number;
  readonly detailsScroll: number;
  readonly data: Snapshot | undefined;
  /** Bumped by `r`; the app refreshes when it changes. */
  readonly refreshSeq: number;
  readonly quitRequested: boolean;
}

export const initialState: AppState = {
  view: 'table',
  help: false,
  filterEditing: false,
  filter: '',
  unusedOnly: false,
  sort: {key: 'name', descending: false},
  rows: [],
  visible: [],
  selectedName: undefined,
  cursor: 0,
  top: 0,
  pageSize: 10,
  detailsScroll: 0,
  data: undefined,
  refreshSeq: 0,
  quitRequested: false,
};

export function selectedRow(state: AppState): VolumeRow | undefined {
  return state.visible[state.cursor];
}
