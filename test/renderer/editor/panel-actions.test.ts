import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../renderer/editor/state/editor-state.js';
import { blocksDoc, button, events, perform, stateOf, textbox } from './support.js';

const TWO_MODELS = blocksDoc(
  [textbox('prompt'), button('go'), textbox('a'), textbox('b')],
  [{ trigger: 'go.click', fn: 'both', inputs: ['prompt'], outputs: ['a', 'b'] }],
  {
    models: { gpt2: { runtime: 'transformers', task: 'text-generation', source: { hub: 'Xenova/gpt2' } } },
    functions: {
      gpt2: { kind: 'model', model: 'gpt2' },
      greet: { kind: 'js', module: './greet.js', export: 'greet' },
      both: { kind: 'parallel', functions: ['gpt2', 'greet'] },
    },
  },
);
const models = (doc: JsonObject): unknown => doc.models;
const functions = (doc: JsonObject): unknown => doc.functions;

describe('models', () => {
  it('adds a Hugging Face model, sets its fields, and selects it', () => {
    let state = perform(stateOf(TWO_MODELS), 'model.add', {
      name: 'distil',
      source: { hub: 'Xenova/distilgpt2' },
      task: 'text-generation',
    });
    expect(state.selection).toEqual({ area: 'model', name: 'distil' });
    state = perform(state, 'model.set', { name: 'distil', path: ['dtype'], value: 'q8' });
    state = perform(state, 'model.set', { name: 'distil', path: ['device'], value: 'cpu' });
    expect((models(state.doc) as JsonObject).distil).toEqual({
      runtime: 'transformers',
      source: { hub: 'Xenova/distilgpt2' },
      task: 'text-generation',
      dtype: 'q8',
      device: 'cpu',
    });
    expect(state.issues).toEqual([]);
  });

  it('switches a model to a local file and to another runtime, keeping the source and device', () => {
    let state = perform(stateOf(TWO_MODELS), 'model.set', { name: 'gpt2', path: ['source'], value: { path: './gpt2' } });
    state = perform(state, 'model.set', { name: 'gpt2', path: ['device'], value: 'gpu' });
    state = perform(state, 'model.set', { name: 'gpt2', path: ['runtime'], value: 'onnx' });
    expect((models(state.doc) as JsonObject).gpt2).toMatchObject({ runtime: 'onnx', source: { path: './gpt2' }, device: 'gpu' });
    expect(state.issues).toEqual([]);
  });

  it('gives a new model a fresh name, renames it in the functions that call it, and refuses a taken name', () => {
    const added = perform(stateOf(TWO_MODELS), 'model.add', {});
    expect(Object.keys(models(added.doc) as JsonObject)).toEqual(['gpt2', 'model']);
    const renamed = perform(stateOf(TWO_MODELS), 'model.rename', { from: 'gpt2', to: 'small' });
    expect(models(renamed.doc)).toEqual({ small: (TWO_MODELS.models as JsonObject).gpt2 });
    expect((functions(renamed.doc) as JsonObject).gpt2).toEqual({ kind: 'model', model: 'small' });
    expect(perform(added, 'model.rename', { from: 'model', to: 'gpt2' }).notice).toMatch(/already the name of another model/);
    expect(perform(added, 'model.rename', { from: 'model', to: '__proto__' }).notice).toMatch(/reserved/);
  });

  it('refuses to delete a model a function calls, naming the function; deletes an unused one', () => {
    const refused = perform(stateOf(TWO_MODELS), 'model.delete', { name: 'gpt2' });
    expect(refused.doc).toBe(TWO_MODELS);
    expect(refused.notice).toBe('Model "gpt2" is used by function "gpt2"; change those first (or undo after deleting them).');
    const added = perform(stateOf(TWO_MODELS), 'model.add', { name: 'spare' });
    expect(models(perform(added, 'model.delete', { name: 'spare' }).doc)).toEqual(TWO_MODELS.models);
  });
});

describe('functions', () => {
  it('adds each kind with its defaults: a JS module export, a model call, a parallel fan-out, a chain', () => {
    let state = stateOf(TWO_MODELS);
    for (const kind of ['js', 'model', 'parallel', 'chain']) state = perform(state, 'function.add', { kind });
    expect(functions(state.doc)).toMatchObject({
      fn: { kind: 'js', module: './functions.js', export: 'fn' },
      model: { kind: 'model', model: 'gpt2' },
      parallel: { kind: 'parallel', functions: ['gpt2', 'greet'] },
      chain: { kind: 'chain', functions: ['gpt2', 'greet'] },
    });
    expect(state.selection).toEqual({ area: 'function', name: 'chain' });
  });

  it('sets model call params and a JS export; a kind change starts from that kind, keeping the description', () => {
    let state = perform(stateOf(TWO_MODELS), 'function.set', { name: 'gpt2', path: ['params', 'max_new_tokens'], value: 20 });
    state = perform(state, 'function.set', { name: 'gpt2', path: ['description'], value: 'Continue' });
    expect((functions(state.doc) as JsonObject).gpt2).toEqual({
      kind: 'model',
      model: 'gpt2',
      params: { max_new_tokens: 20 },
      description: 'Continue',
    });
    state = perform(state, 'function.set', { name: 'gpt2', path: ['params', 'max_new_tokens'], value: undefined });
    expect((functions(state.doc) as JsonObject).gpt2).toEqual({ kind: 'model', model: 'gpt2', description: 'Continue' });
    state = perform(state, 'function.set', { name: 'gpt2', path: ['kind'], value: 'js' });
    expect((functions(state.doc) as JsonObject).gpt2).toEqual({
      kind: 'js',
      module: './functions.js',
      export: 'gpt2',
      description: 'Continue',
    });
  });

  it('renames a function in events, compositions and the Interface', () => {
    const state = perform(stateOf(TWO_MODELS), 'function.rename', { from: 'both', to: 'fanout' });
    expect(events(state)).toMatchObject([{ fn: 'fanout' }]);
    const second = perform(state, 'function.rename', { from: 'greet', to: 'hello' });
    expect((functions(second.doc) as JsonObject).fanout).toEqual({ kind: 'parallel', functions: ['gpt2', 'hello'] });
    expect(Object.keys(functions(second.doc) as JsonObject)).toEqual(['gpt2', 'hello', 'fanout']);
    expect(second.issues).toEqual([]);
  });

  it('refuses to delete a function in use, naming every user', () => {
    expect(perform(stateOf(TWO_MODELS), 'function.delete', { name: 'greet' }).notice).toMatch(/used by function "both"/);
    expect(perform(stateOf(TWO_MODELS), 'function.delete', { name: 'both' }).notice).toMatch(/used by event 1 \(both\)/);
    const added = perform(stateOf(TWO_MODELS), 'function.add', { name: 'spare' });
    expect(perform(added, 'function.delete', { name: 'spare' }).doc.functions).toEqual(TWO_MODELS.functions);
  });
});

describe('events', () => {
  it('adds an event on the first button with the first function, then edits every setting', () => {
    let state = perform(stateOf(TWO_MODELS), 'event.add', {});
    expect(state.selection).toEqual({ area: 'event', index: 1 });
    const at = { index: 1, then: [] };
    const set = (path: string[], value: unknown): void => {
      state = perform(state, 'event.set', { event: at, path, value });
    };
    set(['inputs'], ['prompt']);
    set(['outputs'], ['a']);
    set(['apiName'], 'second');
    set(['concurrencyLimit'], 2);
    set(['concurrencyId'], 'gpu');
    set(['batch'], true);
    set(['maxBatchSize'], 8);
    set(['queue'], false);
    set(['trigger'], ['go.click', 'prompt.submit']);
    expect((events(state) as JsonObject[])[1]).toEqual({
      trigger: ['go.click', 'prompt.submit'],
      fn: 'gpt2',
      inputs: ['prompt'],
      outputs: ['a'],
      apiName: 'second',
      concurrencyLimit: 2,
      concurrencyId: 'gpu',
      batch: true,
      maxBatchSize: 8,
      queue: false,
    });
    expect(state.issues).toEqual([]);
  });

  it('chains then/success events, edits and deletes them; a chained event has no trigger', () => {
    let state = perform(stateOf(TWO_MODELS), 'event.addThen', { event: { index: 0, then: [] } });
    state = perform(state, 'event.addThen', { event: { index: 0, then: [0] }, onlyOnSuccess: true });
    state = perform(state, 'event.set', { event: { index: 0, then: [0, 0] }, path: ['fn'], value: 'greet' });
    expect((events(state) as JsonObject[])[0]?.then).toEqual([
      { fn: 'both', inputs: ['a', 'b'], outputs: [], then: [{ fn: 'greet', inputs: [], outputs: [], onlyOnSuccess: true }] },
    ]);
    expect(perform(state, 'event.set', { event: { index: 0, then: [0] }, path: ['trigger'], value: 'go.click' }).notice).toMatch(
      /no trigger/,
    );
    const deleted = perform(state, 'event.delete', { event: { index: 0, then: [0] } });
    expect((events(deleted) as JsonObject[])[0]?.then).toEqual([]);
    expect(deleted.notice).toBe('Deleted event 1 → then 1 (both) and the events chained after it.');
    const all = perform(deleted, 'event.delete', { event: { index: 0, then: [] } });
    expect(events(all)).toEqual([]);
    expect(all.selection).toEqual({ area: 'project' });
  });
});

describe('the project', () => {
  it('sets the name, description and queue settings, and clears them back', () => {
    let state = perform(stateOf(TWO_MODELS), 'project.set', { path: ['queue', 'defaultConcurrencyLimit'], value: 2 });
    state = perform(state, 'project.set', { path: ['queue', 'maxSize'], value: 20 });
    state = perform(state, 'project.set', { path: ['queue', 'apiOpen'], value: false });
    state = perform(state, 'project.set', { path: ['description'], value: 'Two at once' });
    expect(state.doc.queue).toEqual({ defaultConcurrencyLimit: 2, maxSize: 20, apiOpen: false });
    expect(state.issues).toEqual([]);
    for (const key of ['defaultConcurrencyLimit', 'maxSize', 'apiOpen'])
      state = perform(state, 'project.set', { path: ['queue', key], value: undefined });
    expect('queue' in state.doc).toBe(false);
    expect(perform(state, 'project.set', { path: ['ui'], value: {} }).notice).toMatch(/its own panel/);
  });
});
