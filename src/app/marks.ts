import type {MarkAction} from './actions.js';
import type {AppState} from './state.js';

/** Marks name volumes (not rows): they survive sorting and filtering, and drop out when the volume goes. */
export function reduceMarks(state: AppState, action: MarkAction): AppState {
  switch (action.type) {
    case 'mark': {
      const name = state.selectedName;
      if (name === undefined) return state;
      const marks = new Set(state.marks);
      if (!marks.delete(name)) marks.add(name);
      return {...state, marks};
    }
    case 'markAll':
      return {...state, marks: new Set([...state.marks, ...state.visible.map((row) => row.volume.name)])};
    case 'clearMarks':
      return state.marks.size ? {...state, marks: new Set()} : state;
  }
}
