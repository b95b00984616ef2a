import {describe, expect, it} from 'vitest';
import {keepInView, LIST_START, move, moveTo, reselect, scroll, windowOf} from '../../src/model/list-view.js';

describe('list view', () => {
  it('moves by row, page and to the ends, the window following the cursor as little as it must', () => {
    let v = move(LIST_START, {by: 'row', delta: 3}, 10, 3);
    expect(v).toEqual({cursor: 3, top: 1});
    v = move(v, {by: 'page', direction: 1}, 10, 3);
    expect(v).toEqual({cursor: 6, top: 4});
    v = move(v, {by: 'row', delta: -1}, 10, 3);
    expect(v).toEqual({cursor: 5, top: 4});
    v = move(v, {by: 'ends', to: 'bottom'}, 10, 3);
    expect(v).toEqual({cursor: 9, top: 7});
    expect(windowOf([...'abcdefghij'], v, 3)).toEqual(['h', 'i', 'j']);
    expect(move(v, {by: 'ends', to: 'top'}, 10, 3)).toEqual({cursor: 0, top: 0});
  });

  it('clamps at both ends and returns the same object when nothing moves', () => {
    const end = moveTo(LIST_START, 99, 4, 2);
    expect(end).toEqual({cursor: 3, top: 2});
    expect(move(end, {by: 'row', delta: 1}, 4, 2)).toBe(end);
    expect(move(LIST_START, {by: 'row', delta: -1}, 4, 2)).toBe(LIST_START);
    expect(moveTo(LIST_START, 0, 0, 5)).toBe(LIST_START);
  });

  it('keeps the selection by key after the rows change, else stays at its index', () => {
    const v = {cursor: 1, top: 0};
    expect(reselect(v, ['c', 'a', 'b'], 'b', 2)).toEqual({view: {cursor: 2, top: 1}, kept: true});
    expect(reselect(v, ['x', 'y', 'z'], 'b', 2)).toEqual({view: v, kept: false});
    expect(reselect({cursor: 5, top: 4}, ['x', 'y'], 'gone', 2).view).toEqual({cursor: 1, top: 0});
  });

  it('fits the window when the page grows or shrinks, and scrolls cursor-less lists to their last page', () => {
    expect(keepInView({cursor: 9, top: 0}, 10, 4)).toEqual({cursor: 9, top: 6});
    expect(keepInView({cursor: 2, top: 6}, 10, 20)).toEqual({cursor: 2, top: 0});
    expect(scroll(0, 100, 10, 4)).toBe(6);
    expect(scroll(6, -100, 10, 4)).toBe(0);
  });
});
