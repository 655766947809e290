import type { ActionRegistry, EditorAction } from '../state/action.js';
import { parseClipboard } from '../state/clipboard.js';
import type { EditorState, JsonValue } from '../state/editor-state.js';
import { usedIds, withFreshIds } from '../state/ids.js';
import { insertionPlace, selectedPath } from '../state/places.js';
import { isComponentType, KIND_NAMES, kindName, newComponent, newLayout, PALETTE_COMPONENTS, PALETTE_LAYOUTS } from '../state/new-nodes.js';
import { blocksUi, childrenAt, insertNodes, isLayoutType, nodeAt, parentOf, placeProblem, type Place } from '../state/tree.js';
import { edited, refused } from './edit.js';
import { duplicateSlot, pasteIntoInterface, selectedSlot } from './interface-actions.js';

/** Adding to the Blocks tree: from the palette, by duplicating, or by pasting JSON. */

export interface AddPayload {
  /** A component kind (`textbox`) or a layout (`row`, `tabs`, ...). */
  readonly type: string;
  /** Where; default: see insertionPlace (into the selected container, or after the selection). */
  readonly place?: Place | undefined;
}

export interface PastePayload {
  /** Clipboard text: one node or a list of nodes, as project.json writes them. */
  readonly text: string;
  readonly place?: Place | undefined;
}

/** Puts `nodes` at `place` (or where insertionPlace says) and selects the first. */
export function insertAt(state: EditorState, nodes: readonly JsonValue[], place: Place | undefined, notice?: string): EditorState {
  const [first] = nodes;
  if (!blocksUi(state.doc)) return refused(state, 'This project is an Interface: convert it to Blocks to add layouts.');
  if (first === undefined) return state;
  const target = place ?? insertionPlace(state, first);
  if (!target) return refused(state, 'A tab goes only inside tabs: select a tabs block (or one of its tabs) first.');
  for (const node of nodes) {
    const problem = placeProblem(state.doc, node, target.parent);
    if (problem) return refused(state, `Cannot put it there: ${problem}.`);
  }
  const doc = insertNodes(state.doc, target, nodes);
  if (!doc) return refused(state, 'That place is gone.');
  const index = Math.min(target.index, (childrenAt(state.doc, target.parent) ?? []).length);
  return edited(state, doc, { area: 'block', path: [...target.parent, index] }, notice);
}

function newNode(state: EditorState, type: string, place: Place | undefined): JsonValue | undefined {
  if (isComponentType(type)) return newComponent(type, usedIds(state.doc));
  if (!isLayoutType(type)) return undefined;
  const parent = place?.parent ?? (type === 'tab' ? insertionParent(state) : undefined);
  const tabs = parent ? (childrenAt(state.doc, parent)?.length ?? 0) : 0;
  return newLayout(type, tabs + 1);
}

function insertionParent(state: EditorState): readonly number[] | undefined {
  const place = insertionPlace(state, { type: 'tab', children: [] });
  return place?.parent;
}

export const addBlock: EditorAction<AddPayload> = {
  id: 'block.add',
  label: 'Add a component or layout',
  keywords: ['insert', 'palette', 'new'],
  recordsHistory: true,
  needsPayload: true,
  paletteEntries: () =>
    [...PALETTE_COMPONENTS, ...PALETTE_LAYOUTS].map((type) => ({ label: `Add ${KIND_NAMES[type]}`, payload: { type } })),
  perform(state, { type, place }) {
    if (isComponentType(type) && !blocksUi(state.doc)) return pasteIntoInterface(state, [newComponent(type, usedIds(state.doc))]);
    const node = newNode(state, type, place);
    if (node === undefined) return refused(state, `There is no component or layout "${type}".`);
    return insertAt(state, [node], place);
  },
};

export const duplicateBlock: EditorAction = {
  id: 'block.duplicate',
  label: 'Duplicate',
  keywords: ['copy', 'clone'],
  shortcut: 'Mod+D',
  recordsHistory: true,
  enabled: (state) => selectedPath(state) !== undefined || selectedSlot(state) !== undefined,
  perform(state) {
    if (selectedSlot(state)) return duplicateSlot(state);
    const path = selectedPath(state);
    const node = path && nodeAt(state.doc, path);
    if (!path || !node) return refused(state, 'Select a component to duplicate.');
    const [copy] = withFreshIds([node], usedIds(state.doc), true);
    if (copy === undefined) return state;
    const last = path.at(-1) ?? 0;
    return insertAt(
      state,
      [copy],
      { parent: parentOf(path), index: last + 1 },
      `Duplicated the ${kindName(node.type).toLowerCase()}; its events stay with the original.`,
    );
  },
};

export const pasteBlocks: EditorAction<PastePayload> = {
  id: 'block.paste',
  label: 'Paste',
  recordsHistory: true,
  needsPayload: true,
  perform(state, { text, place }) {
    const parsed = parseClipboard(text);
    if ('problem' in parsed) return refused(state, parsed.problem);
    const nodes = withFreshIds(parsed.nodes, usedIds(state.doc));
    if (!blocksUi(state.doc)) return pasteIntoInterface(state, nodes);
    return insertAt(state, nodes, place);
  },
};

export function registerBlockAddActions(registry: ActionRegistry): void {
  registry.register(addBlock);
  registry.register(duplicateBlock);
  registry.register(pasteBlocks);
}
