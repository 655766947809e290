import type { ReactNode } from 'react';
import { MarkdownView } from '../markdown/MarkdownView.js';
import { displayText, domIds } from '../shared/props.js';
import { cellSelect } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';
import { CellEditor } from './CellEditor.js';
import { columnType, editRules, type CellType } from './edit.js';
import type { Table } from './table.js';
import { useDataGrid, type DataGrid as Grid } from './use-data-grid.js';

function CellText({ value, type }: { readonly value: unknown; readonly type: CellType }): ReactNode {
  if (type === 'markdown' && typeof value === 'string') return <MarkdownView source={value} />;
  return displayText(value);
}

function Toolbar({ grid, table, block }: { readonly grid: Grid; readonly table: Table; readonly block: BlockProps }): ReactNode {
  const rules = editRules(block.props, table);
  if (!rules.addRow && !rules.deleteRow && !rules.addColumn && !rules.deleteColumn) return null;
  const header = table.headers[grid.active.col] ?? '';
  return (
    <div className="table-actions">
      {rules.addRow ? (
        <button type="button" className="btn btn--small" onClick={grid.addRow}>
          Add row
        </button>
      ) : null}
      {rules.deleteRow ? (
        <button type="button" className="btn btn--small" onClick={grid.deleteRow}>
          Delete row {grid.active.row + 1}
        </button>
      ) : null}
      {rules.addColumn ? (
        <button type="button" className="btn btn--small" onClick={grid.addColumn}>
          Add column
        </button>
      ) : null}
      {rules.deleteColumn ? (
        <button type="button" className="btn btn--small" onClick={grid.deleteColumn}>
          Delete column “{header}”
        </button>
      ) : null}
    </div>
  );
}

/**
 * An editable Dataframe (ARIA grid): one cell is a tab stop, arrows move, Enter / F2 / a click /
 * typing edits in place. Edits are typed by `datatype` and sent as Gradio's {headers, data}.
 */
export function DataGrid({ block, table }: { readonly block: BlockProps; readonly table: Table }): ReactNode {
  const ids = domIds(block.id);
  const grid = useDataGrid(block, table);
  const errorId = `${ids.input}-error`;
  const { active, editing } = grid;
  return (
    <>
      <div className="table-wrap">
        <table
          className="table table--grid"
          role="grid"
          ref={grid.gridRef}
          aria-labelledby={ids.label}
          aria-rowcount={table.rows.length + 1}
        >
          <thead>
            <tr>
              {table.headers.map((h, c) => (
                <th
                  key={c}
                  scope="col"
                  role="columnheader"
                  className={columnType(block.props.datatype, c) === 'number' ? 'cell--number' : undefined}
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, r) => (
              <tr key={r}>
                {table.headers.map((h, c) => {
                  const type = columnType(block.props.datatype, c);
                  const isActive = active.row === r && active.col === c;
                  const isEditing = editing?.at.row === r && editing.at.col === c;
                  return (
                    <td
                      key={c}
                      role="gridcell"
                      data-cell={`${r}:${c}`}
                      tabIndex={isActive && !isEditing ? 0 : -1}
                      aria-selected={isActive}
                      className={[type === 'number' ? 'cell--number' : '', isEditing ? 'is-editing' : ''].join(' ').trim() || undefined}
                      onClick={() => {
                        grid.startEdit({ row: r, col: c });
                        block.onSelect?.(cellSelect(table.rows, r, c));
                      }}
                      onKeyDown={(e) => grid.onCellKeyDown(e, { row: r, col: c })}
                    >
                      {isEditing ? (
                        <CellEditor
                          grid={grid}
                          editing={editing}
                          label={`${h}, row ${r + 1}`}
                          errorId={errorId}
                          numeric={type === 'number'}
                        />
                      ) : (
                        <CellText value={row[c]} type={type} />
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing?.error ? (
        <p className="table-error" id={errorId} role="alert">
          {editing.error}
        </p>
      ) : null}
      <Toolbar grid={grid} table={table} block={block} />
    </>
  );
}
