/**
 * Keyboard rules of the Dataframe grid (the WAI-ARIA grid pattern plus spreadsheet habits), pure:
 * a key on the focused cell becomes an action; Tab order while editing walks cells row by row.
 */

export interface CellPos {
  readonly row: number;
  readonly col: number;
}

export interface GridSize {
  readonly rows: number;
  readonly cols: number;
}

export interface KeyInput {
  readonly key: string;
  readonly shiftKey?: boolean;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly altKey?: boolean;
}

export type GridAction =
  | { readonly kind: 'move'; readonly to: CellPos }
  /** Enter or F2: edit the cell, starting from its text. */
  | { readonly kind: 'edit' }
  /** A printable key: edit the cell, replacing its text with the key. */
  | { readonly kind: 'type'; readonly text: string }
  /** Delete or Backspace: empty the cell. */
  | { readonly kind: 'clear' }
  | { readonly kind: 'none' };

const clamp = (n: number, max: number): number => Math.max(0, Math.min(n, max));

/** What a key pressed on the focused (not edited) cell does; editing keys only when `editable`. */
export function gridKey(input: KeyInput, at: CellPos, size: GridSize, editable: boolean): GridAction {
  const lastRow = Math.max(0, size.rows - 1);
  const lastCol = Math.max(0, size.cols - 1);
  const move = (row: number, col: number): GridAction => ({ kind: 'move', to: { row: clamp(row, lastRow), col: clamp(col, lastCol) } });
  const ctrl = input.ctrlKey === true || input.metaKey === true;
  switch (input.key) {
    case 'ArrowUp':
      return move(at.row - 1, at.col);
    case 'ArrowDown':
      return move(at.row + 1, at.col);
    case 'ArrowLeft':
      return move(at.row, at.col - 1);
    case 'ArrowRight':
      return move(at.row, at.col + 1);
    case 'Home':
      return ctrl ? move(0, 0) : move(at.row, 0);
    case 'End':
      return ctrl ? move(lastRow, lastCol) : move(at.row, lastCol);
    case 'PageUp':
      return move(0, at.col);
    case 'PageDown':
      return move(lastRow, at.col);
  }
  if (!editable) return { kind: 'none' };
  if (input.key === 'Enter' || input.key === 'F2') return { kind: 'edit' };
  if (input.key === 'Delete' || input.key === 'Backspace') return { kind: 'clear' };
  if (input.key.length === 1 && !ctrl && input.altKey !== true) return { kind: 'type', text: input.key };
  return { kind: 'none' };
}

/** The next cell in reading order (previous with `backwards`), or null past either end. */
export function tabFrom(at: CellPos, size: GridSize, backwards = false): CellPos | null {
  const index = at.row * size.cols + at.col + (backwards ? -1 : 1);
  if (size.cols <= 0 || index < 0 || index >= size.rows * size.cols) return null;
  return { row: Math.floor(index / size.cols), col: index % size.cols };
}

/** Keeps a remembered position inside the grid after rows or columns were removed. */
export function clampPos(at: CellPos, size: GridSize): CellPos {
  return { row: clamp(at.row, Math.max(0, size.rows - 1)), col: clamp(at.col, Math.max(0, size.cols - 1)) };
}
