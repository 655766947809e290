import type { ReactNode } from 'react';
import type { ComponentInfo } from './config.js';
import { exampleCell, exampleLabel, type ExampleCell } from './examples.js';

interface ExamplesProps {
  readonly rows: readonly (readonly unknown[])[];
  readonly inputs: readonly (ComponentInfo | undefined)[];
  readonly onPick: (row: readonly unknown[]) => void;
}

function Cell({ cell }: { readonly cell: ExampleCell }): ReactNode {
  if (cell.kind === 'image') return <img className="example-thumb" src={cell.url} alt="" />;
  return <span className="example-text">{cell.text}</span>;
}

/**
 * Interface mode: examples as Gradio draws them, one button each: chips for a single input, rows
 * under the input labels for several. A click, Enter or Space fills the inputs (Tab moves between
 * examples).
 */
export function Examples({ rows, inputs, onPick }: ExamplesProps): ReactNode {
  if (rows.length === 0) return null;
  const headers = inputs.map((c, i) => (typeof c?.props.label === 'string' ? c.props.label : `Input ${i + 1}`));
  const chips = headers.length <= 1;
  const columns = { gridTemplateColumns: `repeat(${Math.max(1, headers.length)}, minmax(0, 1fr))` };
  return (
    <section className="examples" aria-labelledby="examples-heading" data-testid="examples">
      <h2 id="examples-heading" className="section-title">
        Examples
      </h2>
      {chips ? null : (
        <div className="example-head" style={columns} aria-hidden="true">
          {headers.map((h, i) => (
            <span key={i}>{h}</span>
          ))}
        </div>
      )}
      <ul className={chips ? 'example-list example-list--chips' : 'example-list example-list--rows'}>
        {rows.map((row, r) => {
          const cells = headers.map((_, c) => exampleCell(row[c], inputs[c]));
          return (
            <li key={r}>
              <button
                type="button"
                className={chips ? 'example-chip' : 'example-row'}
                style={chips ? undefined : columns}
                onClick={() => onPick(row)}
                aria-label={exampleLabel(r, cells, headers)}
              >
                {cells.map((cell, c) => (
                  <Cell key={c} cell={cell} />
                ))}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
