import { describe, expect, it } from 'vitest';
import { parseProject } from '../../../preload/shared/project/check.js';
import { normalize, type App } from '../../../preload/shared/project/normalize.js';
import { interfaceToBlocks } from '../../../renderer/editor/actions/interface-to-blocks.js';
import type { JsonObject } from '../../../renderer/editor/state/editor-state.js';
import { frozen, perform, stateOf } from './support.js';

const GREET: JsonObject = frozen<JsonObject>({
  version: 1,
  name: 'Greet',
  functions: { greet: { kind: 'js', module: './greet.js', export: 'greet' } },
  ui: {
    type: 'interface',
    fn: 'greet',
    title: 'Greet',
    description: 'Say hello',
    inputs: [{ type: 'textbox', id: 'name', label: 'Name' }, { type: 'number' }],
    outputs: [{ type: 'textbox', id: 'greeting', label: 'Greeting' }],
    examples: [
      ['World', 1],
      ['you', 2],
    ],
    concurrencyLimit: 3,
    batch: true,
    maxBatchSize: 8,
  },
});
const ui = (doc: JsonObject): JsonObject => doc.ui as JsonObject;

describe('Interface mode', () => {
  it('adds inputs with an empty example column, and outputs without one', () => {
    let state = perform(stateOf(GREET, { area: 'interface', side: 'inputs', index: 0 }), 'interface.add', {
      side: 'inputs',
      type: 'slider',
    });
    expect(state.selection).toEqual({ area: 'interface', side: 'inputs', index: 1 });
    expect(ui(state.doc).examples).toEqual([
      ['World', null, 1],
      ['you', null, 2],
    ]);
    state = perform(state, 'interface.add', { side: 'outputs', type: 'label' });
    expect(ui(state.doc).outputs).toEqual([
      { type: 'textbox', id: 'greeting', label: 'Greeting' },
      { type: 'label', id: 'label_1', label: 'Label' },
    ]);
    expect(ui(state.doc).examples).toHaveLength(2);
    expect((ui(state.doc).examples as unknown[][])[0]).toHaveLength(3);
  });

  it('deletes an input with its example column; Delete and Duplicate work on the selected slot', () => {
    const state = perform(stateOf(GREET, { area: 'interface', side: 'inputs', index: 0 }), 'block.delete', undefined);
    expect(ui(state.doc).inputs).toEqual([{ type: 'number' }]);
    expect(ui(state.doc).examples).toEqual([[1], [2]]);
    expect(state.notice).toBe('Deleted the textbox and its column of the examples.');
    const duplicated = perform(stateOf(GREET, { area: 'interface', side: 'outputs', index: 0 }), 'block.duplicate', undefined);
    expect(ui(duplicated.doc).outputs).toEqual([
      { type: 'textbox', id: 'greeting', label: 'Greeting' },
      { type: 'textbox', id: 'greeting_1', label: 'Greeting' },
    ]);
  });

  it('moves inputs with their example values, and between inputs and outputs by Alt+Left/Right', () => {
    const down = perform(stateOf(GREET, { area: 'interface', side: 'inputs', index: 0 }), 'block.moveDown', undefined);
    expect(ui(down.doc).inputs).toEqual([{ type: 'number' }, { type: 'textbox', id: 'name', label: 'Name' }]);
    expect(ui(down.doc).examples).toEqual([
      [1, 'World'],
      [2, 'you'],
    ]);
    expect(down.selection).toEqual({ area: 'interface', side: 'inputs', index: 1 });
    const toOutputs = perform(down, 'block.moveIn', undefined);
    expect(ui(toOutputs.doc).outputs).toHaveLength(2);
    expect(ui(toOutputs.doc).examples).toEqual([[1], [2]]);
    expect(toOutputs.selection).toEqual({ area: 'interface', side: 'outputs', index: 1 });
    expect(perform(toOutputs, 'block.moveIn', undefined).notice).toMatch(/already one of the outputs/);
    expect(perform(stateOf(GREET, { area: 'interface', side: 'inputs', index: 0 }), 'block.moveUp', undefined).notice).toMatch(
      /cannot go further/,
    );
  });

  it('sets the function, title, description and examples, and component props through the selection', () => {
    let state = perform(stateOf(GREET), 'interface.set', { path: ['title'], value: 'Hello' });
    state = perform(state, 'interface.set', { path: ['examples', 0, 0], value: 'Ada' });
    state = perform({ ...state, selection: { area: 'interface', side: 'inputs', index: 1 } }, 'block.setProp', {
      key: 'label',
      value: 'Age',
    });
    expect(ui(state.doc)).toMatchObject({
      title: 'Hello',
      examples: [
        ['Ada', 1],
        ['you', 2],
      ],
      inputs: [{}, { type: 'number', label: 'Age' }],
    });
    expect(perform(state, 'block.setProp', { key: 'id', value: 'greeting' }).notice).toMatch(/id of another component/);
    expect(perform(state, 'interface.set', { path: ['type'], value: 'blocks' }).notice).toMatch(/Convert to Blocks/);
  });

  it('starts from an empty Blocks page only', () => {
    const empty = stateOf({ ...GREET, ui: { type: 'blocks', title: 'T', children: [], events: [] } });
    expect(ui(perform(empty, 'interface.start', undefined).doc)).toEqual({
      type: 'interface',
      fn: 'greet',
      title: 'T',
      inputs: [],
      outputs: [],
    });
    const full = stateOf({ ...GREET, ui: { type: 'blocks', children: [{ type: 'textbox' }], events: [] } });
    expect(perform(full, 'interface.start', undefined).notice).toMatch(/starts from an empty page/);
  });
});

/** What a user of the running demo sees and calls: components by key and kind, events by what they do. */
function behaviour(app: App): unknown {
  const kinds = (keys: readonly string[]): unknown =>
    keys.map((key) => [key, app.components.get(key)?.type, app.components.get(key)?.props.label]);
  return {
    title: app.title,
    events: app.events.map((e) => ({
      fn: e.fn,
      inputs: kinds(e.inputs),
      outputs: kinds(e.outputs),
      triggers: e.triggers.map((t) => [app.components.get(t.componentKey ?? '')?.type, t.event]),
      apiName: e.apiName,
      concurrencyLimit: e.concurrencyLimit,
      concurrencyId: e.concurrencyId,
      batch: e.batch,
      maxBatchSize: e.maxBatchSize,
      queue: e.queue,
    })),
  };
}

describe('Interface → Blocks', () => {
  it('keeps the behaviour: inputs, outputs, a Submit button, one event with the same function, api name and queue settings', () => {
    const state = perform(stateOf(GREET), 'interface.toBlocks', undefined);
    expect(state.issues).toEqual([]);
    const before = normalize(parseProject(GREET));
    const after = normalize(parseProject(state.doc));
    expect(behaviour(after)).toEqual(behaviour(before));
    expect(after.events[0]?.apiName).toBe('predict');
    expect(state.selection).toEqual({ area: 'event', index: 0 });
    expect(state.notice).toMatch(/Left out: 2 examples \(Blocks have no examples yet\); undo brings them back/);
  });

  it('writes the Blocks a person would: a row of two panel columns, the description as Markdown', () => {
    const { ui: blocks } = interfaceToBlocks(ui(GREET));
    expect(blocks).toEqual({
      type: 'blocks',
      title: 'Greet',
      children: [
        { type: 'markdown', value: 'Say hello' },
        {
          type: 'row',
          children: [
            {
              type: 'column',
              variant: 'panel',
              children: [
                { type: 'textbox', id: 'name', label: 'Name' },
                { type: 'number', id: 'input_1' },
                { type: 'button', id: 'submit', value: 'Submit', variant: 'primary' },
              ],
            },
            { type: 'column', variant: 'panel', children: [{ type: 'textbox', id: 'greeting', label: 'Greeting' }] },
          ],
        },
      ],
      events: [
        {
          trigger: ['submit.click', 'name.submit'],
          fn: 'greet',
          inputs: ['name', 'input_1'],
          outputs: ['greeting'],
          apiName: 'predict',
          concurrencyLimit: 3,
          batch: true,
          maxBatchSize: 8,
        },
      ],
    });
  });

  it('does not take an id a component already has', () => {
    const taken: JsonObject = {
      ...ui(GREET),
      inputs: [{ type: 'textbox', id: 'submit' }, { type: 'textbox' }],
      outputs: [{ type: 'json', id: 'input_1' }],
    };
    const { ui: blocks } = interfaceToBlocks(taken);
    expect((blocks.events as JsonObject[])[0]).toMatchObject({
      trigger: ['submit_1.click', 'submit.submit', 'input_2.submit'],
      inputs: ['submit', 'input_2'],
    });
  });
});
