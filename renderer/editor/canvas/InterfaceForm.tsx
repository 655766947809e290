import type { ReactNode } from 'react';
import type { InterfaceSetPayload } from '../actions/interface-actions.js';
import type { JsonValue } from '../state/editor-state.js';
import { arrayAt, getIn, isObject, objectAt, own, stringAt } from '../state/json.js';
import { kindName } from '../state/new-nodes.js';
import { section } from '../state/names.js';
import { SelectControl, TextControl } from '../inspector/controls.js';
import { issuesUnder, issueText } from '../inspector/issues.js';
import { FieldList } from '../inspector/FieldList.js';
import { fieldsOf, projectSchema, variant } from '../inspector/schema-fields.js';
import { useCanvas } from './canvas-context.js';

const count = (n: number, noun: string): string => `${String(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Interface keys with a control of their own here; the rest (API name, queue settings) come from the schema. */
const OWN = ['type', 'fn', 'inputs', 'outputs', 'title', 'description', 'article', 'examples'];

/**
 * Interface mode's form: inputs → function → outputs, with the title, description, examples and the
 * event's settings; and the one action that turns it into Blocks with the same behaviour.
 */
export function InterfaceForm(): ReactNode {
  const { state, dispatch } = useCanvas();
  const ui = objectAt(own(state.doc, 'ui')) ?? {};
  const set = (path: (string | number)[], value: JsonValue | undefined, coalesce = true): void =>
    dispatch<InterfaceSetPayload>('interface.set', { path, value }, coalesce ? { coalesce: `interface.${path.join('.')}` } : {});
  const errors = (key: string): ReactNode =>
    issuesUnder(state.issues, ['ui', key]).map((issue) => (
      <p key={`${issue.path}${issue.message}`} className="ins-errors">
        {issueText(issue)}
      </p>
    ));
  const schema = fieldsOf(variant(projectSchema().properties?.ui, 'type', 'interface'));
  return (
    // A form inside the canvas: keys typed here are the form's, not the canvas's shortcuts.
    <form
      className="cv-interface-form"
      aria-label="Interface"
      onSubmit={(e) => e.preventDefault()}
      onKeyDown={(e) => e.stopPropagation()}
      onClick={(e) => e.stopPropagation()}
      data-testid="interface-form"
    >
      <div className="cv-flow">
        <span>{count(arrayAt(own(ui, 'inputs'))?.length ?? 0, 'input')} →</span>
        <label className="ins-label" htmlFor="interface-fn">
          Function
        </label>
        <SelectControl
          id="interface-fn"
          label="Function"
          value={own(ui, 'fn')}
          options={Object.keys(section(state.doc, 'functions'))}
          required
          onValue={(value) => set(['fn'], value, false)}
        />
        <span>→ {count(arrayAt(own(ui, 'outputs'))?.length ?? 0, 'output')}</span>
        <button type="button" className="btn btn--small" onClick={() => dispatch('interface.toBlocks', undefined)}>
          Convert to Blocks
        </button>
      </div>
      {errors('fn')}
      <div className="cv-form-grid">
        <label className="ins-label" htmlFor="interface-title">
          Title
        </label>
        <TextControl
          id="interface-title"
          label="Title"
          value={own(ui, 'title')}
          placeholder={stringAt(own(state.doc, 'name'))}
          onValue={(value) => set(['title'], value)}
        />
        <label className="ins-label" htmlFor="interface-description">
          Description
        </label>
        <TextControl
          id="interface-description"
          label="Description"
          value={own(ui, 'description')}
          multiline
          onValue={(value) => set(['description'], value)}
        />
      </div>
      <Examples set={set} />
      <details className="ins-more">
        <summary>API name and queue settings</summary>
        <FieldList
          fields={schema.filter((f) => !OWN.includes(f.key))}
          object={ui}
          base={['ui']}
          issues={state.issues}
          onValue={(key, value) => set([key], value)}
        />
      </details>
    </form>
  );
}

/** Example rows: one value per input; a number input's column takes numbers, a checkbox's true/false. */
function Examples(props: {
  readonly set: (path: (string | number)[], value: JsonValue | undefined, coalesce?: boolean) => void;
}): ReactNode {
  const { state } = useCanvas();
  const inputs = arrayAt(getIn(state.doc, ['ui', 'inputs'])) ?? [];
  const rows = arrayAt(getIn(state.doc, ['ui', 'examples'])) ?? [];
  const typeOf = (i: number): string | undefined => {
    const input = inputs[i];
    return isObject(input) ? stringAt(own(input, 'type')) : undefined;
  };
  const cell = (row: number, col: number, value: JsonValue | undefined): ReactNode => {
    const type = typeOf(col);
    const label = `Example ${String(row + 1)}, ${kindName(type)} ${String(col + 1)}`;
    if (type === 'checkbox') {
      return (
        <input
          type="checkbox"
          aria-label={label}
          checked={value === true}
          onChange={(e) => props.set(['examples', row, col], e.currentTarget.checked, false)}
        />
      );
    }
    const numeric = type === 'number' || type === 'slider';
    return (
      <input
        className="input"
        aria-label={label}
        inputMode={numeric ? 'decimal' : undefined}
        value={value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)}
        onChange={(e) => {
          const text = e.currentTarget.value;
          const next = numeric && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text === '' ? null : text;
          props.set(['examples', row, col], next);
        }}
      />
    );
  };
  return (
    <fieldset className="cv-examples">
      <legend className="ins-label">Examples</legend>
      {rows.length > 0 ? (
        <table className="cv-examples-table">
          <thead>
            <tr>
              {inputs.map((input, i) => (
                <th key={i} scope="col">
                  {(isObject(input) ? (stringAt(own(input, 'label')) ?? stringAt(own(input, 'id'))) : undefined) ?? kindName(typeOf(i))}
                </th>
              ))}
              <th aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, r) => (
              <tr key={r}>
                {inputs.map((_, c) => (
                  <td key={c}>{cell(r, c, arrayAt(row)?.[c])}</td>
                ))}
                <td>
                  <button
                    type="button"
                    className="ins-icon"
                    aria-label={`Remove example ${String(r + 1)}`}
                    onClick={() => props.set(['examples', r], undefined, false)}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="cv-muted">No examples: a row of values that fills the inputs with one click.</p>
      )}
      <button
        type="button"
        className="btn btn--small"
        disabled={inputs.length === 0}
        onClick={() =>
          props.set(
            ['examples', rows.length],
            inputs.map(() => null),
            false,
          )
        }
      >
        Add an example
      </button>
    </fieldset>
  );
}
