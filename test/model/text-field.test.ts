import {describe, expect, it} from 'vitest';
import {EMPTY_FIELD, edit, type EditOp, fieldOf, splitAtCursor, type TextField} from '../../src/model/text-field.js';

const apply = (field: TextField, ...ops: EditOp[]) => ops.reduce(edit, field);

describe('text field', () => {
  it('types at the cursor, which moves with ← → Home End, and erases on either side of it', () => {
    let f = apply(EMPTY_FIELD, {op: 'insert', text: 'backup'}, {op: 'home'}, {op: 'right'}, {op: 'right'});
    expect(f).toEqual({text: 'backup', cursor: 2});
    f = apply(f, {op: 'insert', text: 'XY'});
    expect(f).toEqual({text: 'baXYckup', cursor: 4});
    f = apply(f, {op: 'erase'}, {op: 'eraseForward'});
    expect(f).toEqual({text: 'baXkup', cursor: 3});
    f = apply(f, {op: 'end'}, {op: 'left'});
    expect(splitAtCursor(f)).toEqual({before: 'baXku', at: 'p', after: ''});
    expect(apply(f, {op: 'clear'})).toBe(EMPTY_FIELD);
  });

  it('counts code points: an emoji or a CJK letter is one step and one Backspace', () => {
    const f = apply(fieldOf('日本🐳'), {op: 'left'}, {op: 'erase'});
    expect(f).toEqual({text: '日🐳', cursor: 1});
    expect(apply(fieldOf('🐳'), {op: 'erase'})).toEqual({text: '', cursor: 0});
  });

  it('returns the same object when nothing changes (no render)', () => {
    const start = fieldOf('ab');
    for (const op of [{op: 'right'}, {op: 'end'}, {op: 'eraseForward'}, {op: 'insert', text: ''}] as EditOp[])
      expect(edit(start, op)).toBe(start);
    const home = edit(start, {op: 'home'});
    for (const op of [{op: 'left'}, {op: 'home'}, {op: 'erase'}] as EditOp[]) expect(edit(home, op)).toBe(home);
    expect(edit(EMPTY_FIELD, {op: 'clear'})).toBe(EMPTY_FIELD);
  });
});
