import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { EditorState, JsonObject, JsonValue } from '../state/editor-state.js';
import { objectAt, own, setIn, stringAt, type JsonPath } from '../state/json.js';
import { freshName, functionUsers, renameFunction, section, usedByMessage } from '../state/names.js';
import { edited, refused } from './edit.js';
import { nameProblem, type RenamePayload } from './model-actions.js';

/** Functions: a model call with its task parameters, a JS module's export, a parallel fan-out, a chain. */

export type FunctionKind = 'model' | 'js' | 'parallel' | 'chain';

export interface FunctionAddPayload {
  readonly name?: string | undefined;
  readonly kind?: FunctionKind | undefined;
  /** Fields of the new function beyond its kind's defaults (`{ model: "gpt2" }`, `{ functions: [...] }`). */
  readonly fields?: JsonObject | undefined;
}

export interface FunctionSetPayload {
  readonly name: string;
  /** Inside the function: `['module']`, `['params', 'max_new_tokens']`, `['functions']`, ... */
  readonly path: JsonPath;
  readonly value: JsonValue | undefined;
}

/** A function of `kind` as it starts out; the description carries over from `previous`. */
export function newFunction(doc: JsonObject, kind: FunctionKind, name: string, previous: JsonObject = {}): JsonObject {
  const description = own(previous, 'description');
  const keep: JsonObject = description === undefined ? {} : { description };
  switch (kind) {
    case 'model':
      return { kind, model: Object.keys(section(doc, 'models'))[0] ?? '', ...keep };
    case 'js':
      return { kind, module: './functions.js', export: name, ...keep };
    case 'parallel':
    case 'chain':
      return {
        kind,
        functions: Object.keys(section(doc, 'functions'))
          .filter((f) => f !== name)
          .slice(0, 2),
        ...keep,
      };
  }
}

export const addFunction: EditorAction<FunctionAddPayload> = {
  id: 'function.add',
  label: 'Add a function',
  keywords: ['js', 'model call', 'parallel', 'chain', 'fan-out'],
  recordsHistory: true,
  needsPayload: true,
  paletteEntries: () => [
    { label: 'Add a JS function (module + export)', payload: { kind: 'js' } },
    { label: 'Add a model call', payload: { kind: 'model' } },
    { label: 'Add a parallel fan-out', payload: { kind: 'parallel' } },
    { label: 'Add a chain of functions', payload: { kind: 'chain' } },
  ],
  perform(state, { name, kind = 'js', fields = {} }) {
    const functions = section(state.doc, 'functions');
    const key = name ?? freshName(kind === 'js' ? 'fn' : kind, Object.keys(functions));
    const problem = nameProblem(state.doc, 'functions', null, key);
    if (problem) return refused(state, problem);
    const definition = { ...newFunction(state.doc, kind, key), ...fields };
    return edited(state, { ...state.doc, functions: { ...functions, [key]: definition } }, { area: 'function', name: key });
  },
};

function functionNamed(state: EditorState, name: string): JsonObject | undefined {
  return objectAt(own(section(state.doc, 'functions'), name));
}

function isKind(value: JsonValue | undefined): value is FunctionKind {
  return value === 'model' || value === 'js' || value === 'parallel' || value === 'chain';
}

export const setFunction: EditorAction<FunctionSetPayload> = {
  id: 'function.set',
  label: 'Set a function field',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { name, path, value }) {
    const fn = functionNamed(state, name);
    if (!fn) return refused(state, `There is no function "${name}".`);
    if (path[0] === 'kind' && isKind(value) && value !== stringAt(own(fn, 'kind'))) {
      return edited(state, setIn(state.doc, ['functions', name], newFunction(state.doc, value, name, fn)));
    }
    return edited(state, setIn(state.doc, ['functions', name], setIn(fn, path, value)));
  },
};

export const renameFunctionAction: EditorAction<RenamePayload> = {
  id: 'function.rename',
  label: 'Rename a function',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { from, to }) {
    if (!functionNamed(state, from)) return refused(state, `There is no function "${from}".`);
    const problem = nameProblem(state.doc, 'functions', from, to);
    if (problem) return refused(state, problem);
    return edited(state, renameFunction(state.doc, from, to), { area: 'function', name: to });
  },
};

export const deleteFunction: EditorAction<{ readonly name: string }> = {
  id: 'function.delete',
  label: 'Delete a function',
  recordsHistory: true,
  needsPayload: true,
  paletteEntries: (state) =>
    Object.keys(section(state.doc, 'functions')).map((name) => ({ label: `Delete function "${name}"`, payload: { name } })),
  perform(state, { name }) {
    if (!functionNamed(state, name)) return refused(state, `There is no function "${name}".`);
    const users = functionUsers(state.doc, name);
    if (users.length > 0) return refused(state, usedByMessage(`Function "${name}"`, users));
    const { [name]: _gone, ...functions } = section(state.doc, 'functions');
    return edited(state, { ...state.doc, functions }, { area: 'project' }, `Deleted function "${name}".`);
  },
};

export function registerFunctionActions(registry: ActionRegistry): void {
  registry.register(addFunction);
  registry.register(setFunction);
  registry.register(renameFunctionAction);
  registry.register(deleteFunction);
}
