/**
 * The cursor and the window of a list on screen, for every list volscope draws: volumes, files,
 * the lines of a dialog, the engine picker. The window is kept in state (not computed while
 * drawing), so it moves as little as possible and a frame only changes when it must.
 */
export interface ListView {
  /** Index of the selected row (0 in an empty list). */
  readonly cursor: number;
  /** First row drawn. */
  readonly top: number;
}

export const LIST_START: ListView = {cursor: 0, top: 0};

export type ListMove =
  | {readonly by: 'row'; readonly delta: number}
  | {readonly by: 'page'; readonly direction: 1 | -1}
  | {readonly by: 'ends'; readonly to: 'top' | 'bottom'};

function clamp(index: number, length: number): number {
  return Math.max(0, Math.min(index, length - 1));
}

/** The window moved just enough to show the cursor (and no further than the list allows). */
export function keepInView(view: ListView, length: number, pageSize: number): ListView {
  const cursor = clamp(view.cursor, length);
  const maxTop = Math.max(0, length - pageSize);
  let top = Math.min(view.top, maxTop);
  if (cursor < top) top = cursor;
  if (cursor >= top + pageSize) top = cursor - pageSize + 1;
  top = Math.max(0, top);
  return cursor === view.cursor && top === view.top ? view : {cursor, top};
}

/** The cursor put on `index` (clamped), the window following it. */
export function moveTo(view: ListView, index: number, length: number, pageSize: number): ListView {
  const cursor = clamp(index, length);
  return keepInView(cursor === view.cursor ? view : {...view, cursor}, length, pageSize);
}

export function move(view: ListView, how: ListMove, length: number, pageSize: number): ListView {
  switch (how.by) {
    case 'row':
      return moveTo(view, view.cursor + how.delta, length, pageSize);
    case 'page':
      return moveTo(view, view.cursor + how.direction * pageSize, length, pageSize);
    case 'ends':
      return moveTo(view, how.to === 'top' ? 0 : length - 1, length, pageSize);
  }
}

/**
 * After the rows changed (a refresh, a sort, a filter): the cursor goes back to the row with the
 * same key when it is still there, else stays at its index within the new length.
 */
export function reselect<K>(
  view: ListView,
  keys: readonly K[],
  selected: K | undefined,
  pageSize: number,
): {view: ListView; kept: boolean} {
  const at = selected === undefined ? -1 : keys.indexOf(selected);
  const next = keepInView(at >= 0 && at !== view.cursor ? {...view, cursor: at} : view, keys.length, pageSize);
  return {view: next, kept: at >= 0};
}

/**
 * A list with no cursor, only scrolled (a dialog's lines): `top` moves by `delta`, and stops where
 * the last line is still shown.
 */
export function scroll(top: number, delta: number, length: number, pageSize: number): number {
  return Math.max(0, Math.min(top + delta, Math.max(0, length - pageSize)));
}

/** The rows of `items` the window shows. */
export function windowOf<T>(items: readonly T[], view: ListView, pageSize: number): readonly T[] {
  return items.slice(view.top, view.top + pageSize);
}
