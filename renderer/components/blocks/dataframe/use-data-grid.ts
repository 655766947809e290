import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { displayText } from '../shared/props.js';
import type { BlockProps } from '../types.js';
import { addColumn, addRow, coerceCell, columnType, deleteColumn, deleteRow, emptyCell, setCell, toValue } from './edit.js';
import { clampPos, gridKey, tabFrom, type CellPos } from './grid-keys.js';
import type { Table } from './table.js';

/** A cell being edited: its position, the text typed so far, and why the text was refused. */
export interface Editing {
  readonly at: CellPos;
  readonly text: string;
  readonly error: string | null;
  /** Started by typing a character (the caret goes after it) rather than Enter, F2 or a click (all selected). */
  readonly typed: boolean;
}

/** How an edit ends: stay on the cell, move on with Tab / Shift+Tab, or lose focus. */
export type CommitHow = 'stay' | 'next' | 'previous' | 'blur';

export interface DataGrid {
  readonly gridRef: RefObject<HTMLTableElement | null>;
  readonly active: CellPos;
  readonly editing: Editing | null;
  readonly startEdit: (at: CellPos, text?: string) => void;
  readonly setText: (text: string) => void;
  /**
   * Ends the edit of `at` (default: whichever cell is edited); a refused value keeps editing, or on
   * blur is dropped. Returns whether editing ended (Tab past the last cell lets the browser move on).
   */
  readonly commit: (how: CommitHow, at?: CellPos) => boolean;
  readonly cancel: () => void;
  readonly onCellKeyDown: (event: KeyboardEvent<HTMLElement>, at: CellPos) => void;
  readonly addRow: () => void;
  readonly deleteRow: () => void;
  readonly addColumn: () => void;
  readonly deleteColumn: () => void;
}

const samePos = (a: CellPos, b: CellPos): boolean => a.row === b.row && a.col === b.col;

/** Roving focus: after a keyboard move or the end of an edit, the active cell takes focus once drawn. */
function useRovingFocus(active: CellPos, editing: boolean): { gridRef: RefObject<HTMLTableElement | null>; focusSoon: () => void } {
  const gridRef = useRef<HTMLTableElement>(null);
  const wanted = useRef(false);
  useEffect(() => {
    if (!wanted.current || editing) return;
    wanted.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-cell="${active.row}:${active.col}"]`)?.focus();
  });
  return { gridRef, focusSoon: () => (wanted.current = true) };
}

/**
 * Editing state of a Dataframe grid: the focused cell (roving tabindex), the cell being edited,
 * and the edits, each sent as a whole new value through `block.onChange` (input + change).
 */
export function useDataGrid(block: BlockProps, table: Table): DataGrid {
  const [activeRaw, setActive] = useState<CellPos>({ row: 0, col: 0 });
  const [editing, setEditingState] = useState<Editing | null>(null);
  const size = { rows: table.rows.length, cols: table.headers.length };
  const active = clampPos(activeRaw, size);
  const { gridRef, focusSoon } = useRovingFocus(active, editing !== null);
  // The newest table and edit, also between an edit and the re-render it causes (a blur commits
  // on mousedown, the toolbar button's click comes after).
  const latest = useRef(table);
  latest.current = table;
  const editingRef = useRef<Editing | null>(null);
  const { onChange, props } = block;

  const setEditing = useCallback((next: Editing | null) => {
    editingRef.current = next;
    setEditingState(next);
  }, []);
  const apply = useCallback(
    (next: Table) => {
      latest.current = next;
      onChange(toValue(next));
    },
    [onChange],
  );
  const moveTo = (at: CellPos): void => {
    focusSoon();
    setActive(at);
  };

  const startEdit = (at: CellPos, text?: string): void => {
    if (!block.interactive) return;
    setActive(at);
    setEditing({ at, text: text ?? displayText(latest.current.rows[at.row]?.[at.col]), error: null, typed: text !== undefined });
  };

  const commit = (how: CommitHow, at?: CellPos): boolean => {
    const current = editingRef.current;
    // A blur from an editor that Tab already replaced is not about the cell edited now.
    if (!current || (at && !samePos(at, current.at))) return true;
    const result = coerceCell(current.text, columnType(props.datatype, current.at.col));
    if (!result.ok) {
      if (how === 'blur') setEditing(null);
      else setEditing({ ...current, error: result.message });
      return how === 'blur';
    }
    const before = latest.current.rows[current.at.row]?.[current.at.col];
    if (!Object.is(before, result.value)) apply(setCell(latest.current, current.at.row, current.at.col, result.value));
    const next = how === 'next' || how === 'previous' ? tabFrom(current.at, size, how === 'previous') : null;
    if (next) {
      startEdit(next);
      return false;
    }
    setEditing(null);
    if (how === 'stay') moveTo(current.at);
    return true;
  };

  const cancel = (): void => {
    const current = editingRef.current;
    setEditing(null);
    if (current) moveTo(current.at);
  };

  const onCellKeyDown = (event: KeyboardEvent<HTMLElement>, at: CellPos): void => {
    if (event.target !== event.currentTarget) return; // keys typed into the cell editor
    const action = gridKey(event, at, size, block.interactive);
    if (action.kind === 'none') return;
    event.preventDefault();
    if (action.kind === 'move') moveTo(action.to);
    else if (action.kind === 'edit') startEdit(at);
    else if (action.kind === 'type') startEdit(at, action.text);
    else apply(setCell(latest.current, at.row, at.col, emptyCell(columnType(props.datatype, at.col))));
  };

  return {
    gridRef,
    active,
    editing,
    startEdit: (at, text) => {
      if (editingRef.current && samePos(editingRef.current.at, at)) return;
      if (editingRef.current) commit('blur');
      startEdit(at, text);
    },
    setText: (text) => {
      if (editingRef.current) setEditing({ ...editingRef.current, text, error: null });
    },
    commit,
    cancel,
    onCellKeyDown,
    addRow: () => {
      apply(addRow(latest.current, props.datatype));
      moveTo({ row: latest.current.rows.length - 1, col: active.col });
    },
    deleteRow: () => apply(deleteRow(latest.current, active.row)),
    addColumn: () => apply(addColumn(latest.current, props.datatype)),
    deleteColumn: () => apply(deleteColumn(latest.current, active.col)),
  };
}
