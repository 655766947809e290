import { describe, expect, it } from 'vitest';
import {
  addColumn,
  addRow,
  coerceCell,
  columnType,
  deleteColumn,
  deleteRow,
  editRules,
  initialTable,
  parseCount,
  setCell,
  toValue,
} from '../../renderer/components/blocks/dataframe/edit.js';
import type { Table } from '../../renderer/components/blocks/dataframe/table.js';
import { displayText } from '../../renderer/components/blocks/shared/props.js';

const table: Table = {
  headers: ['item', 'qty', 'price'],
  rows: [
    ['apple', 3, 1.5],
    ['bread', 1],
  ],
};

describe('dataframe counts and types', () => {
  it("reads Gradio's row_count / col_count: n is dynamic, [n, mode] as given, junk falls back", () => {
    expect(parseCount(4, 1)).toEqual({ n: 4, mode: 'dynamic' });
    expect(parseCount([2, 'fixed'], 1)).toEqual({ n: 2, mode: 'fixed' });
    expect(parseCount([2, 'dynamic'], 1)).toEqual({ n: 2, mode: 'dynamic' });
    expect(parseCount(undefined, 3)).toEqual({ n: 3, mode: 'dynamic' });
    expect(parseCount(-1, 3)).toEqual({ n: 3, mode: 'dynamic' });
    expect(parseCount(['2', 'fixed'], 5)).toEqual({ n: 5, mode: 'dynamic' });
  });

  it('takes one datatype for all columns or one per column, "str" by default', () => {
    expect(columnType('number', 5)).toBe('number');
    expect(columnType(['str', 'bool'], 1)).toBe('bool');
    expect(columnType(['str', 'bool'], 2)).toBe('str');
    expect(columnType('nonsense', 0)).toBe('str');
    expect(columnType(undefined, 0)).toBe('str');
  });

  it('coerces typed text by the column type and refuses what does not fit', () => {
    expect(coerceCell(' 2.5 ', 'number')).toEqual({ ok: true, value: 2.5 });
    expect(coerceCell('-1e3', 'number')).toEqual({ ok: true, value: -1000 });
    expect(coerceCell('', 'number')).toEqual({ ok: true, value: null });
    expect(coerceCell('12abc', 'number')).toEqual({ ok: false, message: '"12abc" is not a number' });
    expect(coerceCell('Yes', 'bool')).toEqual({ ok: true, value: true });
    expect(coerceCell('0', 'bool')).toEqual({ ok: true, value: false });
    expect(coerceCell('maybe', 'bool')).toMatchObject({ ok: false });
    expect(coerceCell(' 42 ', 'str')).toEqual({ ok: true, value: ' 42 ' });
    expect(coerceCell('2024-01-31', 'date')).toEqual({ ok: true, value: '2024-01-31' });
  });

  it('shows a cell as editable text (the editor starts with displayText)', () => {
    expect(displayText(null)).toBe('');
    expect(displayText(1.5)).toBe('1.5');
    expect(displayText(false)).toBe('false');
    expect(displayText({ a: 1 })).toBe('{"a":1}');
  });
});

describe('dataframe edits', () => {
  it('sets one cell and pads ragged rows to the header width, leaving the input untouched', () => {
    const next = setCell(table, 1, 2, 2.25);
    expect(next.rows).toEqual([
      ['apple', 3, 1.5],
      ['bread', 1, 2.25],
    ]);
    expect(table.rows[1]).toEqual(['bread', 1]);
    expect(setCell(table, 5, 0, 'x')).toBe(table);
    expect(setCell(table, 0, 3, 'x')).toBe(table);
  });

  it('adds rows with empty cells typed per column, at the end or at a position', () => {
    const types = ['str', 'number', 'bool'];
    expect(addRow(table, types).rows.at(-1)).toEqual(['', null, false]);
    expect(addRow(table, types, 0).rows[0]).toEqual(['', null, false]);
    expect(addRow(table, types, 0).rows).toHaveLength(3);
  });

  it('deletes a row; an index out of range changes nothing', () => {
    expect(deleteRow(table, 0).rows).toEqual([['bread', 1, '']]);
    expect(deleteRow(table, 9)).toBe(table);
  });

  it('adds a column named by its position (skipping taken names) and deletes one', () => {
    const added = addColumn(table, ['str', 'number', 'number', 'number']);
    expect(added.headers).toEqual(['item', 'qty', 'price', '4']);
    expect(added.rows[1]).toEqual(['bread', 1, '', null]);
    expect(addColumn({ headers: ['2'], rows: [] }, undefined).headers).toEqual(['2', '3']);
    const removed = deleteColumn(table, 1);
    expect(removed.headers).toEqual(['item', 'price']);
    expect(removed.rows).toEqual([
      ['apple', 1.5],
      ['bread', ''],
    ]);
    expect(deleteColumn(table, 3)).toBe(table);
  });

  it('allows adding and deleting only for dynamic counts, and always keeps one column', () => {
    expect(editRules({}, table)).toEqual({ addRow: true, deleteRow: true, addColumn: true, deleteColumn: true });
    expect(editRules({ row_count: [3, 'fixed'], col_count: [3, 'fixed'] }, table)).toEqual({
      addRow: false,
      deleteRow: false,
      addColumn: false,
      deleteColumn: false,
    });
    expect(editRules({}, { headers: ['only'], rows: [] })).toMatchObject({ deleteRow: false, deleteColumn: false });
  });

  it('starts an empty table as row_count × col_count empty cells named after the headers', () => {
    expect(initialTable(null, { headers: ['a', 'b'], row_count: [2, 'dynamic'], datatype: ['str', 'number'] })).toEqual({
      headers: ['a', 'b'],
      rows: [
        ['', null],
        ['', null],
      ],
    });
    expect(initialTable(undefined, {})).toEqual({ headers: ['1', '2', '3'], rows: [['', '', '']] });
    expect(initialTable([['x']], { row_count: 5 })).toEqual({ headers: ['1'], rows: [['x']] });
  });

  it("produces Gradio's {headers, data, metadata} value with full-width rows", () => {
    expect(toValue(table)).toEqual({
      headers: ['item', 'qty', 'price'],
      data: [
        ['apple', 3, 1.5],
        ['bread', 1, ''],
      ],
      metadata: null,
    });
  });
});
