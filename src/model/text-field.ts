/**
 * One line of text being typed, with a cursor that moves: every prompt (filter, paths, names,
 * forms, the typed confirmation) is one of these. Positions count code points, so an emoji or a
 * non-Latin letter is one step of the cursor and Backspace never splits it.
 */
export interface TextField {
  readonly text: string;
  /** 0 … length in code points; the insertion point. */
  readonly cursor: number;
}

export type EditOp =
  | {readonly op: 'insert'; readonly text: string}
  /** Backspace: the character before the cursor. */
  | {readonly op: 'erase'}
  /** Delete: the character under the cursor. */
  | {readonly op: 'eraseForward'}
  | {readonly op: 'clear'}
  | {readonly op: 'left'}
  | {readonly op: 'right'}
  | {readonly op: 'home'}
  | {readonly op: 'end'};

export const EMPTY_FIELD: TextField = {text: '', cursor: 0};

/** A field holding `text`, the cursor at its end (where typing goes on). */
export function fieldOf(text: string): TextField {
  return {text, cursor: [...text].length};
}

/** The field after one edit; the same object when nothing changes, so the reducer can skip a render. */
export function edit(field: TextField, op: EditOp): TextField {
  const chars = [...field.text];
  const at = Math.max(0, Math.min(field.cursor, chars.length));
  switch (op.op) {
    case 'insert': {
      if (!op.text) return field;
      const inserted = [...op.text];
      return {text: [...chars.slice(0, at), ...inserted, ...chars.slice(at)].join(''), cursor: at + inserted.length};
    }
    case 'erase':
      return at === 0 ? field : {text: [...chars.slice(0, at - 1), ...chars.slice(at)].join(''), cursor: at - 1};
    case 'eraseForward':
      return at >= chars.length ? field : {text: [...chars.slice(0, at), ...chars.slice(at + 1)].join(''), cursor: at};
    case 'clear':
      return field.text === '' ? field : EMPTY_FIELD;
    case 'left':
      return at === 0 ? field : {...field, cursor: at - 1};
    case 'right':
      return at >= chars.length ? field : {...field, cursor: at + 1};
    case 'home':
      return at === 0 ? field : {...field, cursor: 0};
    case 'end':
      return at === chars.length ? field : {...field, cursor: chars.length};
  }
}

/** The text split at the cursor, for drawing it: `at` is the character under the cursor ('' at the end). */
export function splitAtCursor(field: TextField): {before: string; at: string; after: string} {
  const chars = [...field.text];
  const cursor = Math.max(0, Math.min(field.cursor, chars.length));
  return {before: chars.slice(0, cursor).join(''), at: chars[cursor] ?? '', after: chars.slice(cursor + 1).join('')};
}
