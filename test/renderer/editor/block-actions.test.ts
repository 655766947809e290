import { describe, expect, it } from 'vitest';
import { copyText } from '../../../renderer/editor/state/clipboard.js';
import { COMPONENT_TYPES } from '../../../preload/shared/project/schema-components.js';
import { LAYOUT_TYPES } from '../../../preload/shared/project/schema-ui.js';
import { childrenAt, nodeAt } from '../../../renderer/editor/state/tree.js';
import { blocksDoc, button, children, events, layout, perform, stateOf, textbox } from './support.js';

const GREET_EVENT = { trigger: ['go.click', 'name.submit'], fn: 'greet', inputs: ['name'], outputs: ['out'] };
const PAGE = blocksDoc(
  [
    textbox('name'),
    layout('row', [button('go'), layout('column', [])]),
    layout('tabs', [layout('tab', [], { label: 'A' })]),
    textbox('out'),
  ],
  [GREET_EVENT],
);

describe('adding from the palette', () => {
  it('adds every component kind the runner has, each with a fresh id, and the result validates', () => {
    let state = stateOf(blocksDoc([]));
    for (const type of COMPONENT_TYPES) state = perform(state, 'block.add', { type, place: { parent: [], index: 999 } });
    const added = children(state) as { type: string; id: string }[];
    expect(added.map((c) => c.type)).toEqual(COMPONENT_TYPES);
    expect(new Set(added.map((c) => c.id)).size).toBe(COMPONENT_TYPES.length);
    expect(added[0]).toEqual({ type: 'textbox', id: 'textbox_1', label: 'Textbox' });
    expect(state.issues).toEqual([]);
  });

  it('adds every layout; tabs come with a first tab, and a tab goes only into tabs', () => {
    let state = stateOf(blocksDoc([textbox('x')]));
    for (const type of LAYOUT_TYPES.filter((t) => t !== 'tab'))
      state = perform(state, 'block.add', { type, place: { parent: [], index: 99 } });
    expect((children(state) as { type: string }[]).map((c) => c.type)).toEqual(['textbox', 'row', 'column', 'tabs', 'accordion', 'group']);
    expect(nodeAt(state.doc, [3])).toEqual({ type: 'tabs', children: [{ type: 'tab', label: 'Tab 1', children: [] }] });
    const refused = perform(state, 'block.add', { type: 'tab', place: { parent: [], index: 0 } });
    expect(refused.doc).toBe(state.doc);
    expect(refused.notice).toMatch(/tab goes only inside tabs/);
    const tab = perform({ ...state, selection: { area: 'block', path: [3, 0] } }, 'block.add', { type: 'tab' });
    expect(childrenAt(tab.doc, [3])).toHaveLength(2);
    expect(nodeAt(tab.doc, [3, 1])).toMatchObject({ label: 'Tab 2' });
    expect(tab.selection).toEqual({ area: 'block', path: [3, 1] });
    expect(state.issues).toEqual([]);
  });

  it('without a place: into the selected container, after a selected component, or at the end', () => {
    const intoRow = perform(stateOf(PAGE, { area: 'block', path: [1] }), 'block.add', { type: 'number' });
    expect(intoRow.selection).toEqual({ area: 'block', path: [1, 2] });
    const afterName = perform(stateOf(PAGE, { area: 'block', path: [0] }), 'block.add', { type: 'number' });
    expect(afterName.selection).toEqual({ area: 'block', path: [1] });
    const atEnd = perform(stateOf(PAGE), 'block.add', { type: 'number' });
    expect(atEnd.selection).toEqual({ area: 'block', path: [4] });
    // A component with the tabs selected goes into their last tab (tabs hold only tabs); with a tab selected, into it.
    expect(perform(stateOf(PAGE, { area: 'block', path: [2] }), 'block.add', { type: 'number' }).selection).toEqual({
      area: 'block',
      path: [2, 0, 0],
    });
    expect(perform(stateOf(PAGE, { area: 'block', path: [2, 0] }), 'block.add', { type: 'number' }).selection).toEqual({
      area: 'block',
      path: [2, 0, 0],
    });
  });

  it('refuses kinds that do not exist', () => {
    const state = perform(stateOf(PAGE), 'block.add', { type: 'video' });
    expect(state.doc).toBe(PAGE);
    expect(state.notice).toMatch(/no component or layout "video"/);
  });
});

describe('duplicate, copy and paste', () => {
  it('duplicates with a fresh id right after the original; events are not duplicated', () => {
    const state = perform(stateOf(PAGE, { area: 'block', path: [0] }), 'block.duplicate', undefined);
    expect(nodeAt(state.doc, [1])).toEqual(textbox('name_1'));
    expect(state.selection).toEqual({ area: 'block', path: [1] });
    expect(events(state)).toEqual([GREET_EVENT]);
    const again = perform({ ...state, selection: { area: 'block', path: [0] } }, 'block.duplicate', undefined);
    expect(nodeAt(again.doc, [1])).toEqual(textbox('name_2'));
  });

  it('duplicates a container with fresh ids inside', () => {
    const state = perform(stateOf(PAGE, { area: 'block', path: [1] }), 'block.duplicate', undefined);
    expect(nodeAt(state.doc, [2])).toEqual(layout('row', [button('go_1'), layout('column', [])]));
    expect(state.issues).toEqual([]);
  });

  it('copies the selection as JSON and pastes it back with a fresh id where its own is taken', () => {
    const state = stateOf(PAGE, { area: 'block', path: [0] });
    const text = copyText(state);
    expect(JSON.parse(text ?? '')).toEqual(textbox('name'));
    const pasted = perform(state, 'block.paste', { text: text ?? '' });
    expect(nodeAt(pasted.doc, [1])).toEqual(textbox('name_1'));
    expect(copyText(stateOf(PAGE))).toBeUndefined();
  });

  it('keeps a pasted id that is free (between projects), and gives ids to components without one', () => {
    const text = JSON.stringify([textbox('prompt'), { type: 'markdown', value: 'hi' }, textbox('prompt')]);
    const pasted = perform(stateOf(PAGE), 'block.paste', { text, place: { parent: [], index: 0 } });
    expect((children(pasted) as { id?: string }[]).slice(0, 3).map((c) => c.id)).toEqual(['prompt', 'markdown_1', 'prompt_1']);
  });

  it('refuses text that is no component, saying why', () => {
    expect(perform(stateOf(PAGE), 'block.paste', { text: 'hello' }).notice).toMatch(/not JSON/);
    expect(perform(stateOf(PAGE), 'block.paste', { text: '{"a":1}' }).notice).toMatch(/not a component or layout/);
    expect(perform(stateOf(PAGE), 'block.paste', { text: '[]' }).notice).toMatch(/empty list/);
  });
});

describe('delete', () => {
  it('removes a component and its references from events, saying so', () => {
    const state = perform(stateOf(PAGE, { area: 'block', path: [3] }), 'block.delete', undefined);
    expect(events(state)).toEqual([{ ...GREET_EVENT, outputs: [] }]);
    expect(state.notice).toBe('Deleted the textbox. Removed "out" from the outputs of event 1 (greet).');
    expect(state.selection).toEqual({ area: 'block', path: [2] });
  });

  it('removes a trigger, and an event left with no trigger (with its chain)', () => {
    const chained = { ...GREET_EVENT, trigger: 'go.click', then: [{ fn: 'greet', inputs: ['out'], outputs: ['name'] }] };
    const doc = blocksDoc((PAGE.ui as { children: never[] }).children, [chained, { ...GREET_EVENT, trigger: ['go.click', 'load'] }]);
    const state = perform(stateOf(doc, { area: 'block', path: [1] }), 'block.delete', undefined);
    expect(events(state)).toEqual([{ ...GREET_EVENT, trigger: 'load' }]);
    expect(state.notice).toBe(
      'Deleted the row. Deleted event 1 (greet): nothing else triggers it. Removed go.click from the triggers of event 2 (greet).',
    );
    expect(state.issues).toEqual([]);
  });

  it('cleans chained events too', () => {
    const chained = { ...GREET_EVENT, then: [{ fn: 'greet', inputs: ['out'], outputs: ['name'] }] };
    const state = perform(
      stateOf(blocksDoc((PAGE.ui as { children: never[] }).children, [chained]), { area: 'block', path: [3] }),
      'block.delete',
      undefined,
    );
    expect(events(state)).toEqual([{ ...GREET_EVENT, outputs: [], then: [{ fn: 'greet', inputs: [], outputs: ['name'] }] }]);
    expect(state.notice).toMatch(/from the inputs of event 1 → then 1 \(greet\)/);
  });

  it('selects the previous sibling, then the parent, then nothing', () => {
    const doc = blocksDoc([layout('row', [textbox('a')])]);
    const first = perform(stateOf(doc, { area: 'block', path: [0, 0] }), 'block.delete', undefined);
    expect(first.selection).toEqual({ area: 'block', path: [0] });
    expect(perform(first, 'block.delete', undefined).selection).toBeNull();
  });
});

describe('properties and ids', () => {
  it('sets and clears a property of the selected component', () => {
    const set = perform(stateOf(PAGE, { area: 'block', path: [0] }), 'block.setProp', { key: 'label', value: 'Name' });
    expect(nodeAt(set.doc, [0])).toEqual(textbox('name', { label: 'Name' }));
    const cleared = perform(set, 'block.setProp', { key: 'label', value: undefined });
    expect(nodeAt(cleared.doc, [0])).toEqual(textbox('name'));
  });

  it('shows a wrong value as an issue at its path, not as a refusal', () => {
    const state = perform(stateOf(PAGE), 'block.setProp', { path: [0], key: 'lines', value: 0 });
    expect(state.issues.map((i) => i.path)).toEqual(['$.ui.children[0].lines']);
  });

  it('renames a component everywhere events name it, and refuses a taken or invalid id', () => {
    const renamed = perform(stateOf(PAGE, { area: 'block', path: [0] }), 'block.setProp', { key: 'id', value: 'who' });
    expect(nodeAt(renamed.doc, [0])).toEqual(textbox('who'));
    expect(events(renamed)).toEqual([{ ...GREET_EVENT, trigger: ['go.click', 'who.submit'], inputs: ['who'] }]);
    expect(perform(renamed, 'block.rename', { id: 'out' }).notice).toMatch(/"out" is the id of another component/);
    expect(perform(renamed, 'block.rename', { id: '1x' }).notice).toMatch(/An id is a letter/);
    expect(perform(renamed, 'block.setProp', { key: 'type', value: 'number' }).doc).toBe(renamed.doc);
  });
});

describe('keyboard moves', () => {
  const at = (path: number[]) => stateOf(PAGE, { area: 'block', path });

  it('Alt+Up/Down swap with a sibling, and leave the container at its ends', () => {
    const down = perform(at([0]), 'block.moveDown', undefined);
    expect((children(down) as { type: string }[]).map((c) => c.type)).toEqual(['row', 'textbox', 'tabs', 'textbox']);
    expect(down.selection).toEqual({ area: 'block', path: [1] });
    const up = perform(at([1, 0]), 'block.moveUp', undefined);
    expect(up.selection).toEqual({ area: 'block', path: [1] });
    expect(nodeAt(up.doc, [1])).toEqual(button('go'));
    const last = perform(at([1, 1]), 'block.moveDown', undefined);
    expect(last.selection).toEqual({ area: 'block', path: [2] });
    expect(perform(at([3]), 'block.moveDown', undefined).notice).toBe('It is already last.');
  });

  it('Alt+Right goes into the container before (at its end) or after (at its start); into tabs means into a tab', () => {
    const intoRow = perform(at([0]), 'block.moveIn', undefined);
    expect(intoRow.selection).toEqual({ area: 'block', path: [0, 0] });
    expect(nodeAt(intoRow.doc, [0, 0])).toEqual(textbox('name'));
    const intoColumn = perform(at([1, 0]), 'block.moveIn', undefined);
    expect(intoColumn.selection).toEqual({ area: 'block', path: [1, 0, 0] });
    const intoTab = perform(at([3]), 'block.moveIn', undefined);
    expect(intoTab.selection).toEqual({ area: 'block', path: [2, 0, 0] });
  });

  it('Alt+Left leaves the container; a tab cannot leave its tabs', () => {
    const out = perform(at([1, 0]), 'block.moveOut', undefined);
    expect(out.selection).toEqual({ area: 'block', path: [2] });
    expect(nodeAt(out.doc, [2])).toEqual(button('go'));
    expect(perform(at([2, 0]), 'block.moveOut', undefined).notice).toMatch(/not inside a container it may leave/);
    expect(perform(at([0]), 'block.moveOut', undefined).doc).toBe(PAGE);
  });

  it('drag: moves to a place counted before the move, refusing a container into itself', () => {
    const moved = perform(stateOf(PAGE), 'block.move', { from: [0], to: { parent: [1, 1], index: 0 } });
    expect(moved.selection).toEqual({ area: 'block', path: [0, 1, 0] });
    const refused = perform(stateOf(PAGE), 'block.move', { from: [1], to: { parent: [1, 1], index: 0 } });
    expect(refused.doc).toBe(PAGE);
    expect(refused.notice).toMatch(/cannot go inside itself/);
  });
});

describe('selection by keyboard', () => {
  it('walks the page in reading order, to the container and into it', () => {
    let state = stateOf(PAGE);
    const path = (): unknown => (state.selection?.area === 'block' ? state.selection.path : null);
    state = perform(state, 'select.next', undefined);
    expect(path()).toEqual([0]);
    state = perform(state, 'select.next', undefined);
    state = perform(state, 'select.next', undefined);
    expect(path()).toEqual([1, 0]);
    state = perform(state, 'select.parent', undefined);
    expect(path()).toEqual([1]);
    state = perform(state, 'select.child', undefined);
    expect(path()).toEqual([1, 0]);
    state = perform(state, 'select.previous', undefined);
    state = perform(state, 'select.previous', undefined);
    state = perform(state, 'select.previous', undefined);
    expect(path()).toEqual([0]);
    state = perform(state, 'select.none', undefined);
    expect(state.selection).toBeNull();
    expect(perform(state, 'select.previous', undefined).selection).toEqual({ area: 'block', path: [3] });
  });
});
