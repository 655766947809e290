import { describe, expect, it } from 'vitest';
import { clampPos, gridKey, tabFrom } from '../../renderer/components/blocks/dataframe/grid-keys.js';

const size = { rows: 3, cols: 4 };
const at = { row: 1, col: 1 };

describe('dataframe grid keys', () => {
  it('moves with arrows, Home/End and PageUp/PageDown, clamped to the grid', () => {
    expect(gridKey({ key: 'ArrowRight' }, at, size, true)).toEqual({ kind: 'move', to: { row: 1, col: 2 } });
    expect(gridKey({ key: 'ArrowUp' }, { row: 0, col: 0 }, size, true)).toEqual({ kind: 'move', to: { row: 0, col: 0 } });
    expect(gridKey({ key: 'ArrowDown' }, { row: 2, col: 3 }, size, true)).toEqual({ kind: 'move', to: { row: 2, col: 3 } });
    expect(gridKey({ key: 'Home' }, at, size, true)).toEqual({ kind: 'move', to: { row: 1, col: 0 } });
    expect(gridKey({ key: 'End', ctrlKey: true }, at, size, true)).toEqual({ kind: 'move', to: { row: 2, col: 3 } });
    expect(gridKey({ key: 'PageUp' }, at, size, false)).toEqual({ kind: 'move', to: { row: 0, col: 1 } });
  });

  it('edits with Enter or F2, types a character into the cell, clears with Delete', () => {
    expect(gridKey({ key: 'Enter' }, at, size, true)).toEqual({ kind: 'edit' });
    expect(gridKey({ key: 'F2' }, at, size, true)).toEqual({ kind: 'edit' });
    expect(gridKey({ key: '7' }, at, size, true)).toEqual({ kind: 'type', text: '7' });
    expect(gridKey({ key: 'Backspace' }, at, size, true)).toEqual({ kind: 'clear' });
    expect(gridKey({ key: 'c', ctrlKey: true }, at, size, true)).toEqual({ kind: 'none' });
    expect(gridKey({ key: 'Shift' }, at, size, true)).toEqual({ kind: 'none' });
  });

  it('never edits a read-only grid', () => {
    for (const key of ['Enter', 'F2', 'x', 'Delete']) expect(gridKey({ key }, at, size, false)).toEqual({ kind: 'none' });
  });

  it('tabs through cells row by row and stops past either end', () => {
    expect(tabFrom({ row: 0, col: 3 }, size)).toEqual({ row: 1, col: 0 });
    expect(tabFrom({ row: 1, col: 0 }, size, true)).toEqual({ row: 0, col: 3 });
    expect(tabFrom({ row: 2, col: 3 }, size)).toBeNull();
    expect(tabFrom({ row: 0, col: 0 }, size, true)).toBeNull();
    expect(tabFrom({ row: 0, col: 0 }, { rows: 0, cols: 0 })).toBeNull();
  });

  it('keeps a remembered cell inside a grid that shrank', () => {
    expect(clampPos({ row: 5, col: 5 }, size)).toEqual({ row: 2, col: 3 });
    expect(clampPos({ row: 2, col: 1 }, { rows: 0, cols: 2 })).toEqual({ row: 0, col: 1 });
  });
});
