import { useState, type ReactNode } from 'react';
import { SELECT } from '../actions/editor-actions.js';
import type { FunctionAddPayload, FunctionKind, FunctionSetPayload } from '../actions/function-actions.js';
import type { AreaProps } from '../area-props.js';
import type { JsonObject, Selection } from '../state/editor-state.js';
import { objectAt, own, stringAt } from '../state/json.js';
import { functionUsers, section } from '../state/names.js';
import { SelectControl } from './controls.js';
import { FieldList } from './FieldList.js';
import { IdListPicker } from './IdListPicker.js';
import { issuesUnder, issueText, otherIssues } from './issues.js';
import { IssueList } from './FieldControl.js';
import { EntryHeader } from './EntryHeader.js';
import { NamedList } from './NamedList.js';
import { definition, fieldsOf, variant } from './schema-fields.js';

const KINDS: readonly { readonly kind: FunctionKind; readonly label: string }[] = [
  { kind: 'js', label: 'JS function (module + export)' },
  { kind: 'model', label: 'Model call' },
  { kind: 'parallel', label: 'Parallel fan-out' },
  { kind: 'chain', label: 'Chain' },
];

/** Functions: the list, Add (of a kind), and the picked one's form: name, kind, and its kind's fields. */
export function FunctionsPanel({ state, dispatch }: AreaProps): ReactNode {
  const [kind, setKind] = useState<FunctionKind>('js');
  const functions = section(state.doc, 'functions');
  const name = state.selection?.area === 'function' ? state.selection.name : null;
  const fn = name === null ? undefined : objectAt(own(functions, name));
  return (
    <section className="ins-section" aria-label="Functions" data-testid="functions-panel">
      <NamedList
        entries={functions}
        selected={name}
        detail="kind"
        onSelect={(key) => dispatch<Selection>(SELECT, { area: 'function', name: key })}
      />
      <div className="ins-add">
        <select
          className="input"
          aria-label="Kind of function to add"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as FunctionKind)}
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--small" onClick={() => dispatch<FunctionAddPayload>('function.add', { kind })}>
          Add a function
        </button>
      </div>
      {name !== null && fn ? <FunctionForm state={state} dispatch={dispatch} name={name} fn={fn} /> : null}
    </section>
  );
}

function FunctionForm(props: AreaProps & { readonly name: string; readonly fn: JsonObject }): ReactNode {
  const { state, dispatch, name, fn } = props;
  const kind = stringAt(own(fn, 'kind')) ?? '';
  const base = ['functions', name];
  const set = (path: string[], value: FunctionSetPayload['value'], coalesce = true): void =>
    dispatch<FunctionSetPayload>('function.set', { name, path, value }, coalesce ? { coalesce: `fn:${name}.${path.join('.')}` } : {});
  const fields = fieldsOf(variant(definition('Function'), 'kind', kind), ['kind', 'model', 'functions']);
  const users = functionUsers(state.doc, name);
  const others = Object.keys(section(state.doc, 'functions')).filter((f) => f !== name);
  return (
    <div className="ins-form" data-testid="function-form">
      <EntryHeader state={state} dispatch={dispatch} area="function" name={name} users={users} />
      <div className="ins-field">
        <label className="ins-label" htmlFor="function-kind">
          Kind
        </label>
        <SelectControl
          id="function-kind"
          label="Kind"
          value={kind}
          options={KINDS.map((k) => k.kind)}
          labels={Object.fromEntries(KINDS.map((k) => [k.kind, k.label]))}
          required
          onValue={(value) => set(['kind'], value, false)}
        />
      </div>
      {kind === 'model' ? (
        <div className="ins-field">
          <label className="ins-label" htmlFor="function-model">
            Model
          </label>
          <SelectControl
            id="function-model"
            label="Model"
            value={own(fn, 'model')}
            options={Object.keys(section(state.doc, 'models'))}
            required
            onValue={(value) => set(['model'], value, false)}
          />
          {issuesUnder(state.issues, [...base, 'model']).map((issue) => (
            <p key={issue.message} className="ins-errors">
              {issueText(issue)}
            </p>
          ))}
        </div>
      ) : null}
      {kind === 'parallel' || kind === 'chain' ? (
        <IdListPicker
          label={kind === 'parallel' ? 'Functions run at once' : 'Functions, in order'}
          value={own(fn, 'functions')}
          choices={others.map((f) => ({ value: f, label: f }))}
          issues={issuesUnder(state.issues, [...base, 'functions']).map(issueText)}
          onValue={(value) => set(['functions'], value, false)}
        />
      ) : null}
      <IssueList issues={otherIssues(state.issues, base, ['kind', 'model', 'functions', ...fields.map((f) => f.key)])} />
      <FieldList fields={fields} object={fn} base={base} issues={state.issues} onValue={(key, value) => set([key], value)} />
    </div>
  );
}
