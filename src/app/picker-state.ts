import type {AppState} from './state.js';
import type {Action} from './actions.js';

/** One docker context as the picker shows it. */
export interface EngineChoice {
  readonly name: string;
  readonly description: string;
  /** The engine address it names (for `default`: DOCKER_HOST or the local socket). */
  readonly endpoint: string;
  /** The engine this session talks to now. */
  readonly current: boolean;
}

export interface EnginePicker {
  /** undefined while the contexts are being read. */
  readonly items: readonly EngineChoice[] | undefined;
  readonly cursor: number;
  /** The context being connected to: the picker stays open until it answers or fails. */
  readonly connecting?: string;
  readonly error?: string;
  /** Tags the listing and the connection attempt: a late answer to a closed picker is dropped. */
  readonly seq: number;
}

/**
 * The picker's transitions. Choosing only asks: the app connects (ping, first list) and swaps
 * engines only once the new one answers, so a wrong choice never leaves the user with nothing.
 */
export function pickerReducer(state: AppState, action: Action): AppState {
  const picker = state.picker;
  switch (action.type) {
    case 'pickerOpen':
      return {...state, seq: state.seq + 1, picker: {items: undefined, cursor: 0, seq: state.seq + 1}};
    case 'pickerItems': {
      if (!picker || picker.seq !== action.seq) return state;
      const current = action.items.findIndex((item) => item.current);
      return {...state, picker: {...picker, items: action.items, cursor: Math.max(0, current), ...(action.error ? {error: action.error} : {})}};
    }
    case 'pickerMove': {
      if (!picker?.items?.length || picker.connecting) return state;
      const cursor = Math.max(0, Math.min(picker.items.length - 1, picker.cursor + action.delta));
      return cursor === picker.cursor ? state : {...state, picker: {...picker, cursor}};
    }
    case 'pickerChoose': {
      const chosen = picker?.items?.[picker.cursor];
      if (!picker || !chosen || picker.connecting) return state;
      if (chosen.current) return {...state, picker: undefined};
      const {error: _dropped, ...rest} = picker;
      return {...state, seq: state.seq + 1, picker: {...rest, connecting: chosen.name, seq: state.seq + 1}};
    }
    case 'pickerFailed':
      if (!picker || picker.seq !== action.seq) return state;
      return {...state, picker: {items: picker.items, cursor: picker.cursor, seq: picker.seq, error: action.message}};
    case 'pickerCancel':
      // Esc while connecting gives up waiting: the late answer is dropped by its seq.
      return picker ? {...state, picker: undefined} : state;
    default:
      return state;
  }
}

export const PICKER_ACTIONS: ReadonlySet<Action['type']> = new Set(['pickerOpen', 'pickerItems', 'pickerMove', 'pickerChoose', 'pickerCancel', 'pickerFailed']);
