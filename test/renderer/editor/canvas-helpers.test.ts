import { describe, expect, it } from 'vitest';
import { decodeDrag, dropTarget, encodeDrag } from '../../../renderer/editor/canvas/drop-place.js';
import { canvasCommand } from '../../../renderer/editor/canvas/keymap.js';
import { componentPreview, eventRoles, isInteractive, layoutProps } from '../../../renderer/editor/canvas/preview-props.js';
import { blocksDoc, button, textbox } from './support.js';

const key = (k: string, mods: Partial<{ alt: boolean; ctrl: boolean; meta: boolean; shift: boolean }> = {}) => ({
  key: k,
  altKey: mods.alt ?? false,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
});

describe('canvas keys', () => {
  it('arrows select, Alt+arrows move, Delete removes, Mod+D duplicates, Escape clears', () => {
    expect(canvasCommand(key('ArrowDown'), false)).toBe('select.next');
    expect(canvasCommand(key('ArrowLeft'), false)).toBe('select.parent');
    expect(canvasCommand(key('ArrowUp', { alt: true }), false)).toBe('block.moveUp');
    expect(canvasCommand(key('ArrowRight', { alt: true }), false)).toBe('block.moveIn');
    expect(canvasCommand(key('Delete'), false)).toBe('block.delete');
    expect(canvasCommand(key('Backspace'), false)).toBe('block.delete');
    expect(canvasCommand(key('d', { ctrl: true }), false)).toBe('block.duplicate');
    expect(canvasCommand(key('d', { meta: true }), true)).toBe('block.duplicate');
    expect(canvasCommand(key('Escape'), false)).toBe('select.none');
  });

  it('leaves other keys to the browser and the shell (Ctrl+Z, Shift+arrows, Ctrl+Alt+arrows, Cmd+D off a Mac)', () => {
    expect(canvasCommand(key('z', { ctrl: true }), false)).toBeUndefined();
    expect(canvasCommand(key('ArrowDown', { shift: true }), false)).toBeUndefined();
    expect(canvasCommand(key('ArrowDown', { alt: true, ctrl: true }), false)).toBeUndefined();
    expect(canvasCommand(key('d', { meta: true }), false)).toBeUndefined();
    expect(canvasCommand(key('a'), false)).toBeUndefined();
  });
});

describe('drop places', () => {
  const box = { left: 0, top: 0, width: 200, height: 100 };
  it('before or after a component by the nearer half, along the parent axis', () => {
    expect(dropTarget([1, 2], { container: false, horizontal: false, childCount: 0 }, box, { x: 190, y: 10 })).toEqual({
      side: 'before',
      place: { parent: [1], index: 2 },
    });
    expect(dropTarget([1, 2], { container: false, horizontal: true, childCount: 0 }, box, { x: 190, y: 10 })).toEqual({
      side: 'after',
      place: { parent: [1], index: 3 },
    });
  });

  it('inside a container in its middle half (at the end), before or after at its edges', () => {
    expect(dropTarget([0], { container: true, horizontal: false, childCount: 3 }, box, { x: 100, y: 50 })).toEqual({
      side: 'inside',
      place: { parent: [0], index: 3 },
    });
    expect(dropTarget([0], { container: true, horizontal: false, childCount: 3 }, box, { x: 100, y: 95 }).side).toBe('after');
  });

  it('reads back only its own drag data', () => {
    expect(decodeDrag(encodeDrag({ kind: 'move', path: [1, 0] }))).toEqual({ kind: 'move', path: [1, 0] });
    expect(decodeDrag(encodeDrag({ kind: 'new', type: 'row' }))).toEqual({ kind: 'new', type: 'row' });
    expect(decodeDrag('{"kind":"move","path":["x"]}')).toBeUndefined();
    expect(decodeDrag('not json')).toBeUndefined();
  });
});

describe('canvas previews', () => {
  it("gives the runner's blocks Gradio's props and initial value, from the server's own converter", () => {
    const dropdown = componentPreview({ type: 'dropdown', id: 'pick', choices: ['a', 'b'], allowCustomValue: true, minWidth: 200 });
    expect(dropdown.props).toMatchObject({
      choices: [
        ['a', 'a'],
        ['b', 'b'],
      ],
      allow_custom_value: true,
      min_width: 200,
      name: 'dropdown',
    });
    expect(dropdown.value).toBeNull();
    expect(componentPreview({ type: 'textbox' }).value).toBe('');
    expect(componentPreview({ type: 'slider', minimum: 3 }).value).toBe(3);
    expect(componentPreview({ type: 'chatbot', format: 'tuples' }).props.type).toBe('tuples');
    expect(layoutProps({ type: 'row', minWidth: 100, variant: 'panel', children: [] })).toEqual({
      min_width: 100,
      variant: 'panel',
      name: 'row',
    });
  });

  it("draws inputs editable and outputs-only static, as Gradio's rule says", () => {
    const doc = blocksDoc(
      [textbox('in'), textbox('out'), textbox('both'), textbox('alone'), textbox('forced', { interactive: true }), button('go')],
      [{ trigger: 'go.click', fn: 'greet', inputs: ['in', 'both'], outputs: ['out', 'both', 'forced'] }],
    );
    const roles = eventRoles(doc);
    const interactive = (id: string): boolean =>
      isInteractive(componentPreview({ type: 'textbox', id, ...(id === 'forced' ? { interactive: true } : {}) }), roles);
    expect(['in', 'out', 'both', 'alone', 'forced'].map(interactive)).toEqual([true, false, true, true, true]);
    expect([...(roles.listens.get('go') ?? [])]).toEqual(['click']);
  });
});
