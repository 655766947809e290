import { parseTable, type Table } from './table.js';

/**
 * Dataframe editing as pure functions on a Table: typed cell edits, adding and deleting rows and
 * columns within Gradio's `row_count` / `col_count` rules, and the value an edit produces.
 * Invariant: every function returns a new Table whose rows are exactly as wide as its headers.
 */

/** Gradio's Dataframe cell types. */
export type CellType = 'str' | 'number' | 'bool' | 'date' | 'markdown' | 'html';
const CELL_TYPES: ReadonlySet<string> = new Set(['str', 'number', 'bool', 'date', 'markdown', 'html']);

export type Cell = string | number | boolean | null;

/** A row or column count: how many an empty table starts with, and whether the user may change it. */
export interface Count {
  readonly n: number;
  readonly mode: 'fixed' | 'dynamic';
}

/** Gradio's `row_count` / `col_count`: n or [n, "fixed" | "dynamic"]; a bare n (or nothing) is dynamic. */
export function parseCount(value: unknown, fallback: number): Count {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { n: value, mode: 'dynamic' };
  if (Array.isArray(value) && typeof value[0] === 'number' && Number.isInteger(value[0]) && value[0] >= 0) {
    return { n: value[0], mode: value[1] === 'fixed' ? 'fixed' : 'dynamic' };
  }
  return { n: fallback, mode: 'dynamic' };
}

/** The type of one column: `datatype` is one type for all columns or one per column; default "str". */
export function columnType(datatype: unknown, col: number): CellType {
  const raw: unknown = Array.isArray(datatype) ? datatype[col] : datatype;
  return typeof raw === 'string' && CELL_TYPES.has(raw) ? (raw as CellType) : 'str';
}

export type Coerced = { readonly ok: true; readonly value: Cell } | { readonly ok: false; readonly message: string };

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);

/** Typed text → a cell value: numbers for "number" (empty → null), booleans for "bool", text otherwise. */
export function coerceCell(text: string, type: CellType): Coerced {
  const trimmed = text.trim();
  if (type === 'number') {
    if (trimmed === '') return { ok: true, value: null };
    const parsed = Number(trimmed);
    return Number.isFinite(parsed) ? { ok: true, value: parsed } : { ok: false, message: `"${text}" is not a number` };
  }
  if (type === 'bool') {
    const word = trimmed.toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
    return { ok: false, message: `"${text}" is not true or false` };
  }
  return { ok: true, value: text };
}

/** What a new or cleared cell holds. */
export function emptyCell(type: CellType): Cell {
  if (type === 'number') return null;
  if (type === 'bool') return false;
  return '';
}

function emptyRow(width: number, datatype: unknown): Cell[] {
  return Array.from({ length: width }, (_, c) => emptyCell(columnType(datatype, c)));
}

function fit(row: readonly unknown[], width: number): unknown[] {
  return Array.from({ length: width }, (_, c) => (c < row.length ? row[c] : ''));
}

/** The table a Dataframe shows: its value, or for no value an empty `row_count` × `col_count` grid. */
export function initialTable(value: unknown, props: Readonly<Record<string, unknown>>): Table {
  const table = parseTable(value, props.headers);
  if (value !== null && value !== undefined) return table;
  const rows = parseCount(props.row_count, 1).n;
  const cols = parseCount(props.col_count, table.headers.length > 0 ? table.headers.length : 3).n;
  const headers = Array.from({ length: cols }, (_, i) => table.headers[i] ?? String(i + 1));
  return { headers, rows: Array.from({ length: rows }, () => emptyRow(cols, props.datatype)) };
}

/** Sets one cell; rows shorter than the headers are padded. Out-of-range cells leave the table as is. */
export function setCell(table: Table, row: number, col: number, value: unknown): Table {
  const width = table.headers.length;
  if (row < 0 || row >= table.rows.length || col < 0 || col >= width) return table;
  const rows = table.rows.map((r, i) => {
    if (i !== row) return fit(r, width);
    const next = fit(r, width);
    next[col] = value;
    return next;
  });
  return { headers: table.headers, rows };
}

/** Inserts an empty row at `at` (default: the end). */
export function addRow(table: Table, datatype: unknown, at = table.rows.length): Table {
  const width = table.headers.length;
  const index = Math.max(0, Math.min(at, table.rows.length));
  const rows = table.rows.map((r) => fit(r, width));
  rows.splice(index, 0, emptyRow(width, datatype));
  return { headers: table.headers, rows };
}

export function deleteRow(table: Table, row: number): Table {
  if (row < 0 || row >= table.rows.length) return table;
  const width = table.headers.length;
  return { headers: table.headers, rows: table.rows.filter((_, i) => i !== row).map((r) => fit(r, width)) };
}

/** Appends a column named by its position ("4"), or the next free number if that name is taken. */
export function addColumn(table: Table, datatype: unknown): Table {
  const width = table.headers.length;
  let n = width + 1;
  while (table.headers.includes(String(n))) n++;
  const empty = emptyCell(columnType(datatype, width));
  return { headers: [...table.headers, String(n)], rows: table.rows.map((r) => [...fit(r, width), empty]) };
}

export function deleteColumn(table: Table, col: number): Table {
  const width = table.headers.length;
  if (col < 0 || col >= width) return table;
  return {
    headers: table.headers.filter((_, i) => i !== col),
    rows: table.rows.map((r) => fit(r, width).filter((_, i) => i !== col)),
  };
}

export interface EditRules {
  readonly addRow: boolean;
  readonly deleteRow: boolean;
  readonly addColumn: boolean;
  readonly deleteColumn: boolean;
}

/** What the user may change: "dynamic" counts allow adding and deleting; the last column stays. */
export function editRules(props: Readonly<Record<string, unknown>>, table: Table): EditRules {
  const rows = parseCount(props.row_count, 1);
  const cols = parseCount(props.col_count, table.headers.length);
  return {
    addRow: rows.mode === 'dynamic' && table.headers.length > 0,
    deleteRow: rows.mode === 'dynamic' && table.rows.length > 0,
    addColumn: cols.mode === 'dynamic',
    deleteColumn: cols.mode === 'dynamic' && table.headers.length > 1,
  };
}

/** Gradio's Dataframe value, what an edited table sends: `{headers, data, metadata}`. */
export interface DataframeValue {
  readonly headers: string[];
  readonly data: unknown[][];
  readonly metadata: null;
}

export function toValue(table: Table): DataframeValue {
  const width = table.headers.length;
  return { headers: [...table.headers], data: table.rows.map((r) => fit(r, width)), metadata: null };
}
