import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { pressable } from '../shared/pressable.js';
import { displayText, domIds } from '../shared/props.js';
import { cellSelect } from '../shared/select-data.js';
import type { BlockProps } from '../types.js';
import { DataGrid } from './DataGrid.js';
import { initialTable } from './edit.js';
import { parseTable } from './table.js';

/** Dataframe: an editable grid when interactive (DataGrid.tsx), otherwise a table with a header row. */
export function Dataframe(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  if (block.interactive) {
    return (
      <BlockFrame block={block} variant="plain">
        <DataGrid block={block} table={initialTable(block.value, block.props)} />
      </BlockFrame>
    );
  }
  const table = parseTable(block.value, block.props.headers);
  // A click (or Enter) on a cell fires `select` with [row, col], the cell, its row and its column.
  const cell = (r: number, c: number) =>
    block.listens.has('select') ? { className: 'is-selectable', ...pressable(() => block.onSelect?.(cellSelect(table.rows, r, c))) } : {};
  return (
    <BlockFrame block={block} variant="plain">
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={ids.label}>
        <table className="table" aria-labelledby={ids.label}>
          <thead>
            <tr>
              {table.headers.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td className="empty" colSpan={Math.max(1, table.headers.length)}>
                  No rows
                </td>
              </tr>
            ) : (
              table.rows.map((row, r) => (
                <tr key={r}>
                  {table.headers.map((_, c) => (
                    <td key={c} {...cell(r, c)}>
                      {displayText(row[c])}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </BlockFrame>
  );
}
