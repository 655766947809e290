import type { ReactNode } from 'react';
import { BlockFrame } from '../shared/BlockFrame.js';
import { displayText, domIds } from '../shared/props.js';
import type { BlockProps } from '../types.js';
import { parseTable } from './table.js';

/** Dataframe: a read-only table with a header row. */
export function Dataframe(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const table = parseTable(block.value, block.props.headers);
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
                    <td key={c}>{displayText(row[c])}</td>
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
