import type {MarkAction} from './actions.js';
import type {AppState} from './state.js';

/** Marks name volumes on engines (not rows): they survive sorting and filtering, and drop out when the volume goes. */
export function reduceMarks(state: AppState, action: MarkAction): AppState {
  switch (action.type) {
    case 'mark': {
      const key = state.selectedKey;
      if (key === undefined) return state;
      const marks = new Set(state.marks);
      if (!marks.delete(key)) marks.add(key);
      return {...state, marks};
    }
    case 'markAll':
      return {...state, marks: new Set([...state.marks, ...state.visible.map((row) => row.key)])};
    case 'clearMarks':
      return state.marks.size ? {...state, marks: new Set()} : state;
  }
}
