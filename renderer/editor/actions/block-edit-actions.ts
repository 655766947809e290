import { identifier } from '../../../preload/shared/project/schema-components.js';
import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { JsonObject, JsonValue } from '../state/editor-state.js';
import { dropComponentRefs, renameComponentRefs } from '../state/event-refs.js';
import { idFirst, usedIds } from '../state/ids.js';
import { own, setIn, stringAt } from '../state/json.js';
import { kindName } from '../state/new-nodes.js';
import { selectedPath, selectionAfterDelete } from '../state/places.js';
import { componentsIn, nodeAt, removeNode, updateNode, type NodePath } from '../state/tree.js';
import { edited, refused } from './edit.js';
import { deleteSlot, selectedSlot, setSlotProp } from './interface-actions.js';

/** Deleting a node and editing its properties. */

export interface SetPropPayload {
  /** Default: the selected node. */
  readonly path?: NodePath | undefined;
  readonly key: string;
  /** undefined removes the key (the schema's default applies). */
  readonly value: JsonValue | undefined;
}

export interface RenamePayload {
  readonly path?: NodePath | undefined;
  readonly id: string;
}

export const deleteBlock: EditorAction = {
  id: 'block.delete',
  label: 'Delete',
  keywords: ['remove'],
  shortcut: 'Delete',
  recordsHistory: true,
  enabled: (state) => selectedPath(state) !== undefined || selectedSlot(state) !== undefined,
  perform(state) {
    if (selectedSlot(state)) return deleteSlot(state);
    const path = selectedPath(state);
    const removed = path && removeNode(state.doc, path);
    if (!path || !removed) return refused(state, 'Select a component to delete.');
    const ids = new Set(componentsIn(removed.node).flatMap((c) => stringAt(own(c, 'id')) ?? []));
    const { doc, notes } = dropComponentRefs(removed.doc, ids);
    const next = selectionAfterDelete(doc, path);
    const what = `Deleted the ${kindName(own(removed.node, 'type')).toLowerCase()}.`;
    return edited(state, doc, next ? { area: 'block', path: next } : null, [what, ...notes].join(' '));
  },
};

/** Why `id` cannot be the id of the node at `path`, or null when it can. */
export function idProblem(doc: JsonObject, path: NodePath, id: string): string | null {
  if (!identifier.safeParse(id).success) return 'An id is a letter or _ followed by letters, digits, _ or -.';
  const current = stringAt(own(nodeAt(doc, path) ?? {}, 'id'));
  if (id !== current && usedIds(doc).has(id)) return `"${id}" is the id of another component.`;
  return null;
}

export const renameBlock: EditorAction<RenamePayload> = {
  id: 'block.rename',
  label: 'Rename (change the id)',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { path = selectedPath(state), id }) {
    if (!path && selectedSlot(state)) return setSlotProp(state, 'id', id);
    const node = path && nodeAt(state.doc, path);
    if (!path || !node) return refused(state, 'Select a component to rename.');
    const problem = idProblem(state.doc, path, id);
    if (problem) return refused(state, problem);
    const old = stringAt(own(node, 'id'));
    const doc = updateNode(state.doc, path, (n) => idFirst(n, id));
    if (!doc) return state;
    const notice = old === undefined ? undefined : `Renamed "${old}" to "${id}" in every event too.`;
    return edited(state, old === undefined ? doc : renameComponentRefs(doc, old, id), state.selection, notice);
  },
};

export const setBlockProp: EditorAction<SetPropPayload> = {
  id: 'block.setProp',
  label: 'Set a property',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { path = selectedPath(state), key, value }) {
    if (!path && selectedSlot(state)) return setSlotProp(state, key, value);
    if (key === 'id' && typeof value === 'string') return renameBlock.perform(state, { path, id: value });
    if (key === 'type' || key === 'children') return refused(state, `"${key}" is not edited as a property.`);
    const doc = path && updateNode(state.doc, path, (node) => setIn(node, [key], value));
    if (!doc) return refused(state, 'Select a component first.');
    return edited(state, doc);
  },
};

export function registerBlockEditActions(registry: ActionRegistry): void {
  registry.register(deleteBlock);
  registry.register(renameBlock);
  registry.register(setBlockProp);
}
