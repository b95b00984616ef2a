import type {Snapshot} from '../docker/live-store.js';
import type {KeyEvent} from '../keymap/types.js';
import type {SortKey} from '../model/types.js';

/** Everything a key or the engine can change. Key handlers produce these and nothing else. */
export type Action =
  /** A raw keypress: routed inside the reducer so it sees the state left by the key before it. */
  | {type: 'key'; input: string; key: KeyEvent}
  | {type: 'data'; snapshot: Snapshot}
  | {type: 'resize'; pageSize: number}
  | {type: 'move'; delta: number}
  | {type: 'page'; direction: 1 | -1}
  | {type: 'jump'; to: 'top' | 'bottom'}
  | {type: 'sort'; key: SortKey}
  | {type: 'toggleUnused'}
  | {type: 'filterOpen'}
  | {type: 'filterType'; text: string}
  | {type: 'filterErase'; all: boolean}
  | {type: 'filterAccept'}
  | {type: 'filterCancel'}
  | {type: 'filterClear'}
  | {type: 'openDetails'}
  | {type: 'back'}
  | {type: 'toggleHelp'}
  /** Effects are requested through state and carried out by the app, not by key handlers. */
  | {type: 'refresh'}
  | {type: 'quit'};
