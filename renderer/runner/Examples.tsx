import type { ReactNode } from 'react';
import { displayText } from '../components/blocks/shared/props.js';
import type { ComponentInfo } from './config.js';
import { fileName, fileUrl } from './values.js';

interface ExamplesProps {
  readonly rows: readonly (readonly unknown[])[];
  readonly inputs: readonly (ComponentInfo | undefined)[];
  readonly onPick: (row: readonly unknown[]) => void;
}

function cellText(value: unknown): string {
  if (fileUrl(value) !== null || (typeof value === 'object' && value !== null && 'path' in value)) return fileName(value);
  const text = displayText(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** Interface mode: example rows; picking one fills the inputs. */
export function Examples({ rows, inputs, onPick }: ExamplesProps): ReactNode {
  if (rows.length === 0) return null;
  const headers = inputs.map((c, i) => (typeof c?.props.label === 'string' ? c.props.label : `Input ${i + 1}`));
  return (
    <section className="examples" aria-labelledby="examples-heading" data-testid="examples">
      <h2 id="examples-heading" className="section-title">
        Examples
      </h2>
      <table className="table examples-table">
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {headers.map((_, c) => (
                <td key={c}>
                  {c === 0 ? (
                    <button
                      type="button"
                      className="example-pick"
                      onClick={() => onPick(row)}
                      aria-label={`Use example ${r + 1}: ${row.map(cellText).join(', ')}`}
                    >
                      {cellText(row[c])}
                    </button>
                  ) : (
                    cellText(row[c])
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
