import { describe, expect, it } from 'vitest';
import {
  childrenAt,
  insertNodes,
  moveNode,
  nodeAt,
  placeAfterRemoval,
  placeProblem,
  readingOrder,
  removeNode,
  updateNode,
} from '../../../renderer/editor/state/tree.js';
import { blocksDoc, layout, textbox } from './support.js';

// [0] a   [1] row( [1,0] b  [1,1] column( [1,1,0] c ) )   [2] tabs( [2,0] tab( [2,0,0] d )  [2,1] tab() )   [3] e
const DOC = blocksDoc([
  textbox('a'),
  layout('row', [textbox('b'), layout('column', [textbox('c')])]),
  layout('tabs', [layout('tab', [textbox('d')], { label: 'One' }), layout('tab', [], { label: 'Two' })]),
  textbox('e'),
]);

const ids = (nodes: readonly unknown[] | undefined): unknown[] =>
  (nodes ?? []).map((n) => (n as { id?: string; type: string }).id ?? (n as { type: string }).type);

describe('the Blocks tree', () => {
  it('reads nodes and children by path, and nothing where the path leads nowhere', () => {
    expect(nodeAt(DOC, [1, 1, 0])).toEqual(textbox('c'));
    expect(ids(childrenAt(DOC, [2, 0]))).toEqual(['d']);
    expect(nodeAt(DOC, [9])).toBeUndefined();
    expect(nodeAt(DOC, [0, 0])).toBeUndefined();
    expect(childrenAt(DOC, [0])).toBeUndefined();
    expect(childrenAt({ ...DOC, ui: { type: 'interface' } }, [])).toBeUndefined();
  });

  it('lists every node in reading order, containers before their contents', () => {
    expect(readingOrder(DOC)).toEqual([[0], [1], [1, 0], [1, 1], [1, 1, 0], [2], [2, 0], [2, 0, 0], [2, 1], [3]]);
  });

  it('inserts, removes and updates without touching the input document', () => {
    const inserted = insertNodes(DOC, { parent: [1, 1], index: 0 }, [textbox('x')]);
    expect(ids(childrenAt(inserted ?? {}, [1, 1]))).toEqual(['x', 'c']);
    const removed = removeNode(DOC, [1, 0]);
    expect(removed?.node).toEqual(textbox('b'));
    expect(ids(childrenAt(removed?.doc ?? {}, [1]))).toEqual(['column']);
    const updated = updateNode(DOC, [3], (n) => ({ ...n, label: 'E' }));
    expect(nodeAt(updated ?? {}, [3])).toEqual(textbox('e', { label: 'E' }));
    expect(nodeAt(DOC, [3])).toEqual(textbox('e'));
    expect(insertNodes(DOC, { parent: [0], index: 0 }, [textbox('x')])).toBeUndefined();
  });

  it('keeps tabs in tabs and only tabs in tabs', () => {
    expect(placeProblem(DOC, layout('tab', []), [])).toMatch(/tab goes only inside tabs/);
    expect(placeProblem(DOC, layout('tab', []), [1])).toMatch(/tab goes only inside tabs/);
    expect(placeProblem(DOC, layout('tab', []), [2])).toBeNull();
    expect(placeProblem(DOC, textbox('x'), [2])).toMatch(/tabs hold only tabs/);
    expect(placeProblem(DOC, textbox('x'), [2, 1])).toBeNull();
    expect(placeProblem(DOC, textbox('x'), [0])).toMatch(/holds other blocks/);
  });

  describe('move', () => {
    it('moves forward and backward among siblings (the place is counted before the move)', () => {
      const forward = moveNode(DOC, [0], { parent: [], index: 3 });
      expect('doc' in forward && ids(childrenAt(forward.doc, []))).toEqual(['row', 'tabs', 'a', 'e']);
      expect('path' in forward && forward.path).toEqual([2]);
      const backward = moveNode(DOC, [3], { parent: [], index: 0 });
      expect('doc' in backward && ids(childrenAt(backward.doc, []))).toEqual(['e', 'a', 'row', 'tabs']);
    });

    it('nests into a container after the node, whose path shifts when the node leaves', () => {
      const result = moveNode(DOC, [0], { parent: [1, 1], index: 1 });
      if (!('doc' in result)) throw new Error(result.problem);
      expect(result.path).toEqual([0, 1, 1]);
      expect(ids(childrenAt(result.doc, [0, 1]))).toEqual(['c', 'a']);
      expect(placeAfterRemoval([0], { parent: [1, 1], index: 1 })).toEqual({ parent: [0, 1], index: 1 });
      expect(placeAfterRemoval([1, 0], { parent: [1, 1], index: 0 })).toEqual({ parent: [1, 0], index: 0 });
      expect(placeAfterRemoval([3], { parent: [1, 1], index: 0 })).toEqual({ parent: [1, 1], index: 0 });
    });

    it('moves out of a container and into a tab', () => {
      const out = moveNode(DOC, [1, 1, 0], { parent: [], index: 0 });
      expect('doc' in out && ids(childrenAt(out.doc, []))).toEqual(['c', 'a', 'row', 'tabs', 'e']);
      const intoTab = moveNode(DOC, [3], { parent: [2, 1], index: 0 });
      expect('doc' in intoTab && intoTab.path).toEqual([2, 1, 0]);
    });

    it('refuses a container into itself or its descendants, and breaking the tab rules', () => {
      expect(moveNode(DOC, [1], { parent: [1], index: 0 })).toEqual({ problem: 'a container cannot go inside itself' });
      expect(moveNode(DOC, [1], { parent: [1, 1], index: 0 })).toEqual({ problem: 'a container cannot go inside itself' });
      expect(moveNode(DOC, [2, 0], { parent: [], index: 0 })).toEqual({ problem: 'a tab goes only inside tabs' });
      expect(moveNode(DOC, [0], { parent: [2], index: 0 })).toMatchObject({ problem: expect.stringMatching(/tabs hold only tabs/) });
      expect(moveNode(DOC, [9], { parent: [], index: 0 })).toEqual({ problem: 'nothing is at that place' });
    });

    it('reorders tabs inside their tabs', () => {
      const result = moveNode(DOC, [2, 1], { parent: [2], index: 0 });
      expect('doc' in result && (childrenAt(result.doc, [2]) ?? []).map((t) => (t as { label: string }).label)).toEqual(['Two', 'One']);
    });
  });
});
