import type { ReactNode } from 'react';
import type { RenamePayload, SetPropPayload } from '../actions/block-edit-actions.js';
import { idProblem } from '../actions/block-edit-actions.js';
import type { AreaProps } from '../area-props.js';
import type { JsonObject } from '../state/editor-state.js';
import { usedIds } from '../state/ids.js';
import { getIn, isObject, own, stringAt, type JsonPath } from '../state/json.js';
import { kindName } from '../state/new-nodes.js';
import { isLayout, nodeAt } from '../state/tree.js';
import { IssueList } from './FieldControl.js';
import { FieldList } from './FieldList.js';
import { otherIssues } from './issues.js';
import { NameField } from './NameField.js';
import { componentFields, layoutFields } from './schema-fields.js';

/** The selected component or layout (of the Blocks page or the Interface): every property as a field. */
export function ComponentInspector({ state, dispatch }: AreaProps): ReactNode {
  const selection = state.selection;
  let node: JsonObject | undefined;
  let base: JsonPath = [];
  if (selection?.area === 'block') {
    node = nodeAt(state.doc, selection.path);
    base = ['ui', ...selection.path.flatMap((i) => ['children', i])];
  } else if (selection?.area === 'interface') {
    const value = getIn(state.doc, ['ui', selection.side, selection.index]);
    node = isObject(value) ? value : undefined;
    base = ['ui', selection.side, selection.index];
  }
  if (!node) return <p className="ins-empty">Select a component on the canvas (or with the arrow keys) to edit it here.</p>;
  const type = stringAt(own(node, 'type')) ?? '';
  const layout = isLayout(node);
  const fields = layout ? layoutFields(type) : componentFields(type);
  const id = stringAt(own(node, 'id')) ?? '';
  const path = selection?.area === 'block' ? selection.path : undefined;
  const problem = (draft: string): string | null => {
    if (path) return idProblem(state.doc, path, draft);
    return draft !== id && usedIds(state.doc).has(draft) ? `"${draft}" is the id of another component.` : null;
  };
  const coalesce = JSON.stringify(base);
  return (
    <section className="ins-section" aria-label={`${kindName(type)} properties`} data-testid="component-inspector">
      <header className="ins-header">
        <h2 className="ins-title">{kindName(type)}</h2>
        <span className="ins-actions">
          <button type="button" className="btn btn--small" onClick={() => dispatch('block.duplicate', undefined)}>
            Duplicate
          </button>
          <button type="button" className="btn btn--small btn--stop" onClick={() => dispatch('block.delete', undefined)}>
            Delete
          </button>
        </span>
      </header>
      {layout ? null : (
        <NameField
          label="Id"
          value={id}
          testId="field-id"
          help="Events name the component by it; renaming it renames it in every event."
          problem={problem}
          onCommit={(next) => dispatch<RenamePayload>('block.rename', { id: next })}
        />
      )}
      <IssueList issues={otherIssues(state.issues, base, ['id', ...fields.map((f) => f.key), 'children'])} />
      <FieldList
        fields={fields}
        object={node}
        base={base}
        issues={state.issues}
        onValue={(key, value) => dispatch<SetPropPayload>('block.setProp', { key, value }, { coalesce: `${coalesce}.${key}` })}
      />
    </section>
  );
}
