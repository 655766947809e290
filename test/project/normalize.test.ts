import { describe, expect, it } from 'vitest';
import { parseProject } from '../../preload/shared/project/check.js';
import { normalize, type AppNode } from '../../preload/shared/project/normalize.js';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { blocksProject, interfaceProject } from './fixtures.js';

const app = (input: ProjectInput): ReturnType<typeof normalize> => normalize(parseProject(input));

/** The tree as nested [type, key-or-children] for readable assertions. */
function shape(nodes: readonly AppNode[]): unknown[] {
  return nodes.map((node) => (node.kind === 'component' ? node.component.key : { [node.layout.type]: shape(node.layout.children) }));
}

describe('normalize: Interface', () => {
  it('expands into a row of input and output columns with Clear and Submit buttons', () => {
    const result = app({
      ...interfaceProject(),
      ui: {
        type: 'interface',
        fn: 'classify',
        inputs: [{ type: 'textbox', id: 'text' }, { type: 'slider' }],
        outputs: [{ type: 'label' }],
      },
    });
    expect(result.mode).toBe('interface');
    expect(shape(result.tree)).toEqual([
      { row: [{ column: ['text', 'input_1', { row: ['__clear', '__submit'] }] }, { column: ['output_0'] }] },
    ]);
    expect(result.components.get('__submit')).toMatchObject({ type: 'button', props: { value: 'Submit', variant: 'primary' } });
    expect(result.components.get('__clear')).toMatchObject({ type: 'button', props: { value: 'Clear', variant: 'secondary' } });
    // Component props keep everything but type/id; slider defaults come from the schema.
    expect(result.components.get('input_1')?.props).toEqual({ minimum: 0, maximum: 100 });
    const [event] = result.events;
    expect(event).toMatchObject({
      index: 0,
      fn: 'classify',
      inputs: ['text', 'input_1'],
      outputs: ['output_0'],
      apiName: 'predict',
      apiVisibility: 'public',
      // Submit click, plus Enter in each textbox.
      triggers: [
        { componentKey: '__submit', event: 'click' },
        { componentKey: 'text', event: 'submit' },
      ],
    });
  });

  it('numbers components and layouts uniquely from 1', () => {
    const result = app(interfaceProject());
    const ids: number[] = [];
    const walk = (nodes: readonly AppNode[]): void => {
      for (const node of nodes) {
        ids.push(node.kind === 'component' ? node.component.id : node.layout.id);
        if (node.kind === 'layout') walk(node.layout.children);
      }
    };
    walk(result.tree);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBe(1);
  });

  it('takes concurrency from queue.defaultConcurrencyLimit unless the UI sets it', () => {
    expect(app(interfaceProject()).events[0]).toMatchObject({ concurrencyLimit: 2, concurrencyId: 'classify' });
    const base = interfaceProject();
    const own = app({ ...base, ui: { ...base.ui, concurrencyLimit: 5, concurrencyId: 'gpu' } as ProjectInput['ui'] });
    expect(own.events[0]).toMatchObject({ concurrencyLimit: 5, concurrencyId: 'gpu' });
    const unlimited = app({ ...base, queue: { defaultConcurrencyLimit: null } });
    expect(unlimited.events[0]?.concurrencyLimit).toBeNull();
    const { queue: _queue, ...noQueue } = base;
    expect(app(noQueue).events[0]?.concurrencyLimit).toBe(1);
  });

  it('uses the UI texts, falling back to the project name and description', () => {
    expect(app(interfaceProject())).toMatchObject({ title: 'Sentiment', description: 'Is it positive?', examples: [['what a great day']] });
    const base = interfaceProject();
    expect(app({ ...base, ui: { ...base.ui, title: 'T', description: 'D', article: 'A' } as ProjectInput['ui'] })).toMatchObject({
      title: 'T',
      description: 'D',
      article: 'A',
    });
  });
});

describe('normalize: Blocks', () => {
  it('keeps the tree and keys id-less components by their position among components', () => {
    const result = app(blocksProject());
    expect(result.mode).toBe('blocks');
    expect(shape(result.tree)).toEqual([{ row: ['text', { column: ['run', 'go'] }] }, 'mood', 'summary', 'component_5']);
    expect(result.components.get('text')).toMatchObject({ type: 'textbox', props: { label: 'Text', lines: 3 } });
    // Layout props exclude type, id and children.
    const [row] = result.tree;
    expect(row?.kind === 'layout' && row.layout.props).toEqual({});
  });

  it('resolves triggers, api names, visibility and queue settings per event', () => {
    const result = app(blocksProject());
    expect(result.events.map((e) => [e.index, e.fn, e.apiName, e.apiVisibility, e.concurrencyLimit, e.concurrencyId])).toEqual([
      [0, 'classify', 'classify', 'public', 1, 'classify'],
      [1, 'both', 'both', 'public', 3, 'both'],
      [2, 'classify', 'classify_1', 'private', 1, 'classify'],
      [3, 'summaryMood', 'summaryMood', 'public', null, 'heavy'],
    ]);
    expect(result.events[1]?.triggers).toEqual([
      { componentKey: 'go', event: 'click' },
      { componentKey: 'text', event: 'submit' },
    ]);
    expect(result.events[2]?.triggers).toEqual([{ componentKey: null, event: 'load' }]);
  });

  it('makes api names unique with _1, _2 suffixes, never taking a name given explicitly', () => {
    const input = blocksProject();
    if (input.ui.type !== 'blocks') throw new Error('unreachable');
    input.ui.events = [
      { trigger: 'run.click', fn: 'classify', apiName: 'classify_1' },
      { trigger: 'run.click', fn: 'classify' },
      { trigger: 'go.click', fn: 'classify' },
      { trigger: 'go.click', fn: 'classify' },
    ];
    expect(app(input).events.map((e) => e.apiName)).toEqual(['classify_1', 'classify', 'classify_2', 'classify_3']);
  });

  it('flattens chained events depth-first after the event they follow, with triggerAfter', () => {
    const input = blocksProject();
    if (input.ui.type !== 'blocks') throw new Error('unreachable');
    input.ui.events = [
      {
        trigger: 'run.click',
        fn: 'classify',
        inputs: ['text'],
        outputs: ['mood'],
        then: [
          { fn: 'shout', inputs: ['mood'], outputs: ['summary'], then: [{ fn: 'summarize', onlyOnSuccess: true, apiName: 'deep' }] },
          { fn: 'shout', onlyOnSuccess: true, concurrencyLimit: 2, apiName: false },
        ],
      },
      { trigger: 'go.click', fn: 'both', then: [{ fn: 'classify' }] },
    ];
    const result = app(input);
    expect(result.events.map((e) => [e.index, e.fn, e.apiName, e.triggers.length, e.triggerAfter, e.triggerOnlyOnSuccess])).toEqual([
      [0, 'classify', 'classify', 1, null, false],
      [1, 'shout', 'shout', 0, 0, false],
      [2, 'summarize', 'deep', 0, 1, true],
      [3, 'shout', 'shout_1', 0, 0, true],
      [4, 'both', 'both', 1, null, false],
      [5, 'classify', 'classify_1', 0, 4, false],
    ]);
    // A chained event is an endpoint like any other: its own inputs, outputs and queue settings.
    expect(result.events[1]).toMatchObject({ inputs: ['mood'], outputs: ['summary'], concurrencyId: 'shout' });
    expect(result.events[3]).toMatchObject({ apiVisibility: 'private', concurrencyLimit: 2 });
  });

  it('never gives a generated key an id that the project uses later in the tree', () => {
    const input = blocksProject();
    if (input.ui.type !== 'blocks') throw new Error('unreachable');
    input.ui.children = [
      { type: 'markdown', value: 'first, no id' },
      { type: 'textbox', id: 'component_0' },
      { type: 'button', id: 'run' },
    ];
    input.ui.events = [{ trigger: 'run.click', fn: 'classify', inputs: ['component_0'], outputs: ['component_0'] }];
    const result = app(input);
    expect(result.components.get('component_0')?.type).toBe('textbox');
    expect(result.components.get('component_0_1')?.type).toBe('markdown');
    expect(result.events[0]?.inputs).toEqual(['component_0']);
  });
});
