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
      return {
        ...state,
        seq: state.seq + 1,
        picker: {items: undefined, cursor: 0, top: 0, marked: new Set(), toggled: false, seq: state.seq + 1},
      };
    case 'pickerItems': {
      if (!picker || picker.seq !== action.seq) return state;
      // The list opens on the context in use.
      const view = keepInView(
        {
          cursor: Math.max(
            0,
            action.items.findIndex((item) => item.current),
          ),
          top: 0,
        },
        action.items.length,
        pickerRoom(state.pageSize),
      );
      const marked = new Set(action.items.filter((item) => item.current).map((item) => item.name));
      return {
        ...state,
        picker: {...picker, items: action.items, marked, ...view, ...(action.error ? {error: action.error} : {})},
      };
    }
    case 'pickerMove': {
      if (!picker?.items?.length || picker.connecting) return state;
      const view = move(picker, {by: 'row', delta: action.delta}, picker.items.length, pickerRoom(state.pageSize));
      return view === picker ? state : {...state, picker: {...picker, cursor: view.cursor, top: view.top}};
    }
    case 'pickerToggle': {
      const item = picker?.items?.[picker.cursor];
      if (!picker || !item || picker.connecting) return state;
      const marked = new Set(picker.marked);
      if (!marked.delete(item.name)) marked.add(item.name);
      return {...state, picker: {...picker, marked, toggled: true}};
    }
    case 'pickerChoose': {
      const under = picker?.items?.[picker.cursor];
      if (!picker || !under || picker.connecting) return state;
      const items = picker.items ?? [];
      // In the list's order, so the table groups engines the way the picker showed them.
      const names = picker.toggled
        ? items.filter((item) => picker.marked.has(item.name)).map((item) => item.name)
        : [under.name];
      if (names.length === 0)
        return {...state, picker: {...picker, error: 'No context is marked: Space marks the ones to show.'}};
      const current = items.filter((item) => item.current).map((item) => item.name);
      if (names.length === current.length && names.every((name) => current.includes(name)))
        return {...state, picker: undefined};
      const {error: _dropped, ...rest} = picker;
      return {...state, seq: state.seq + 1, picker: {...rest, connecting: names, seq: state.seq + 1}};
    }
    case 'pickerFailed':
      if (!picker || picker.seq !== action.seq) return state;
      return {
        ...state,
        picker: {
          items: picker.items,
          cursor: picker.cursor,
          top: picker.top,
          marked: picker.marked,
          toggled: picker.toggled,
          seq: picker.seq,
          error: action.message,
        },
      };
    case 'pickerCancel':
      // Esc while connecting gives up waiting: the late answer is dropped by its seq.
      return picker ? {...state, picker: undefined} : state;
  }
}
