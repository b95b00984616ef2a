import {keepInView, move} from '../model/list-view.js';
import {pickerRoom} from '../model/screen-layout.js';
import type {PickerAction} from './actions.js';
import type {AppState} from './state.js';

/**
 * The engine picker's transitions. Choosing only asks: the app connects (ping, first list) and
 * swaps engines only once the new one answers, so a wrong choice never leaves the user with nothing.
 */
export function reducePicker(state: AppState, action: PickerAction): AppState {
  const picker = state.picker;
  switch (action.type) {
    case 'pickerOpen':
      return {...state, seq: state.seq + 1, picker: {items: undefined, cursor: 0, top: 0, seq: state.seq + 1}};
    case 'pickerItems': {
      if (!picker || picker.seq !== action.seq) return state;
      // The list opens on the context in use.
      const view = keepInView({cursor: Math.max(0, action.items.findIndex((item) => item.current)), top: 0}, action.items.length, pickerRoom(state.pageSize));
      return {...state, picker: {...picker, items: action.items, ...view, ...(action.error ? {error: action.error} : {})}};
    }
    case 'pickerMove': {
      if (!picker?.items?.length || picker.connecting) return state;
      const view = move(picker, {by: 'row', delta: action.delta}, picker.items.length, pickerRoom(state.pageSize));
      return view === picker ? state : {...state, picker: {...picker, cursor: view.cursor, top: view.top}};
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
      return {...state, picker: {items: picker.items, cursor: picker.cursor, top: picker.top, seq: picker.seq, error: action.message}};
    case 'pickerCancel':
      // Esc while connecting gives up waiting: the late answer is dropped by its seq.
      return picker ? {...state, picker: undefined} : state;
  }
}
