import { describe, expect, it } from 'vitest';
import { selectionForPath, selectionKey } from '../../../renderer/editor/issues/issue-selection.js';

const BLOCKS = { ui: { type: 'blocks', children: [] } };
const INTERFACE = { ui: { type: 'interface', inputs: [], outputs: [] } };

describe('issue path to selection', () => {
  it('selects the block of a path under $.ui.children, however deep', () => {
    expect(selectionForPath('$.ui.children[1].children[0].label', BLOCKS)).toEqual({ area: 'block', path: [1, 0] });
    expect(selectionForPath('$.ui.children[2]', BLOCKS)).toEqual({ area: 'block', path: [2] });
  });

  it('selects the event, the function, the model or the Interface component', () => {
    expect(selectionForPath('$.ui.events[3].then[0].fn', BLOCKS)).toEqual({ area: 'event', index: 3 });
    expect(selectionForPath('$.functions.greet.module', BLOCKS)).toEqual({ area: 'function', name: 'greet' });
    expect(selectionForPath('$.models["my model"].source', BLOCKS)).toEqual({ area: 'model', name: 'my model' });
    expect(selectionForPath('$.ui.outputs[1].label', INTERFACE)).toEqual({ area: 'interface', side: 'outputs', index: 1 });
  });

  it('selects the project for anything else', () => {
    expect(selectionForPath('$.queue.maxSize', BLOCKS)).toEqual({ area: 'project' });
    expect(selectionForPath('$.ui.children', BLOCKS)).toEqual({ area: 'project' });
    expect(selectionForPath('$', BLOCKS)).toEqual({ area: 'project' });
  });
});

describe('selection keys', () => {
  it('names every kind of selection in a few characters', () => {
    expect(selectionKey(null)).toBe('');
    expect(selectionKey({ area: 'block', path: [0, 2] })).toBe('block:0.2');
    expect(selectionKey({ area: 'interface', side: 'inputs', index: 1 })).toBe('interface:inputs.1');
    expect(selectionKey({ area: 'function', name: 'greet' })).toBe('function:greet');
    expect(selectionKey({ area: 'event', index: 0 })).toBe('event:0');
    expect(selectionKey({ area: 'project' })).toBe('project');
  });
});
