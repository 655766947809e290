import type { ReactNode } from 'react';
import type { CellPos } from './grid-keys.js';
import type { DataGrid, Editing } from './use-data-grid.js';

interface CellEditorProps {
  readonly grid: DataGrid;
  readonly editing: Editing;
  readonly label: string;
  readonly errorId: string;
  readonly numeric: boolean;
}

/** The in-place editor of one cell: Enter commits, Escape cancels, Tab commits and edits the next cell. */
export function CellEditor({ grid, editing, label, errorId, numeric }: CellEditorProps): ReactNode {
  const at: CellPos = editing.at;
  return (
    <input
      className="cell-input"
      type="text"
      inputMode={numeric ? 'decimal' : undefined}
      aria-label={label}
      aria-invalid={editing.error !== null}
      aria-describedby={editing.error !== null ? errorId : undefined}
      value={editing.text}
      autoFocus
      onFocus={(e) => {
        const input = e.currentTarget;
        if (editing.typed) input.setSelectionRange(input.value.length, input.value.length);
        else input.select();
      }}
      onChange={(e) => grid.setText(e.currentTarget.value)}
      onBlur={() => grid.commit('blur', at)}
      onKeyDown={(e) => {
        if (e.nativeEvent.isComposing) return;
        if (e.key === 'Enter') {
          e.preventDefault();
          grid.commit('stay', at);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          grid.cancel();
        } else if (e.key === 'Tab') {
          // Past the last (or first) cell the edit ends and the browser moves focus out of the grid.
          if (!grid.commit(e.shiftKey ? 'previous' : 'next', at)) e.preventDefault();
        }
      }}
    />
  );
}
