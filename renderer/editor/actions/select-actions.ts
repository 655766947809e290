import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { EditorState } from '../state/editor-state.js';
import { arrayAt, getIn } from '../state/json.js';
import { selectedPath } from '../state/places.js';
import { childrenAt, nodeAt, parentOf, readingOrder, samePath, type NodePath } from '../state/tree.js';
import { selected } from './edit.js';

/**
 * Selection: what the inspector shows and what keyboard edits act on. Up/Down walk the page in
 * reading order (a container, then what is inside it), Left goes to the container, Right to the
 * first thing inside. In an Interface they walk the inputs, then the outputs.
 */

type Slot = { side: 'inputs' | 'outputs'; index: number };

function interfaceSlots(state: EditorState): Slot[] {
  return (['inputs', 'outputs'] as const).flatMap((side) =>
    (arrayAt(getIn(state.doc, ['ui', side])) ?? []).map((_, index): Slot => ({ side, index })),
  );
}

function step(state: EditorState, direction: -1 | 1): EditorState {
  if (getIn(state.doc, ['ui', 'type']) === 'interface') {
    const slots = interfaceSlots(state);
    const current = state.selection?.area === 'interface' ? state.selection : undefined;
    const at = current ? slots.findIndex((s) => s.side === current.side && s.index === current.index) : -1;
    const next = slots[at < 0 ? (direction > 0 ? 0 : slots.length - 1) : Math.max(0, Math.min(slots.length - 1, at + direction))];
    return next ? selected(state, { area: 'interface', ...next }) : state;
  }
  const order = readingOrder(state.doc);
  const path = selectedPath(state);
  const at = path ? order.findIndex((p) => samePath(p, path)) : -1;
  const index = at < 0 ? (direction > 0 ? 0 : order.length - 1) : Math.max(0, Math.min(order.length - 1, at + direction));
  const next = order[index];
  return next ? selected(state, { area: 'block', path: next }) : state;
}

export const selectNext: EditorAction = {
  id: 'select.next',
  label: 'Select the next component',
  recordsHistory: false,
  perform: (state) => step(state, 1),
};

export const selectPrevious: EditorAction = {
  id: 'select.previous',
  label: 'Select the previous component',
  recordsHistory: false,
  perform: (state) => step(state, -1),
};

export const selectParent: EditorAction = {
  id: 'select.parent',
  label: 'Select the container',
  recordsHistory: false,
  perform(state) {
    const path = selectedPath(state);
    return path && path.length > 1 ? selected(state, { area: 'block', path: parentOf(path) }) : state;
  },
};

export const selectChild: EditorAction = {
  id: 'select.child',
  label: 'Select the first thing inside',
  recordsHistory: false,
  perform(state) {
    const path = selectedPath(state);
    const first: NodePath | undefined = path && (childrenAt(state.doc, path)?.length ?? 0) > 0 ? [...path, 0] : undefined;
    return first && nodeAt(state.doc, first) ? selected(state, { area: 'block', path: first }) : state;
  },
};

export const selectNone: EditorAction = {
  id: 'select.none',
  label: 'Select nothing',
  recordsHistory: false,
  perform: (state) => (state.selection === null ? state : selected(state, null)),
};

export function registerSelectActions(registry: ActionRegistry): void {
  for (const action of [selectNext, selectPrevious, selectParent, selectChild, selectNone]) registry.register(action);
}
