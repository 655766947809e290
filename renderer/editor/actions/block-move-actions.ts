import type { ActionRegistry, EditorAction } from '../state/action.js';
import type { EditorState } from '../state/editor-state.js';
import { intoPlace, outPlace, selectedPath, stepPlace } from '../state/places.js';
import { moveNode, type NodePath, type Place } from '../state/tree.js';
import type { JsonObject } from '../state/editor-state.js';
import { edited, refused } from './edit.js';
import { moveSlot, selectedSlot, type Side } from './interface-actions.js';

/** Reordering and nesting, by drag (a place) or by keyboard (a direction); the moved node stays selected. */

export interface MovePayload {
  readonly from: NodePath;
  /** The place in the tree as it is before the move (drop indicators are computed there). */
  readonly to: Place;
}

function moveTo(state: EditorState, from: NodePath, to: Place | undefined, nowhere: string): EditorState {
  if (!to) return refused(state, nowhere);
  const result = moveNode(state.doc, from, to);
  if ('problem' in result) return refused(state, `Cannot move it there: ${result.problem}.`);
  return edited(state, result.doc, { area: 'block', path: result.path });
}

export const moveBlock: EditorAction<MovePayload> = {
  id: 'block.move',
  label: 'Move',
  recordsHistory: true,
  needsPayload: true,
  perform: (state, { from, to }) => moveTo(state, from, to, ''),
};

type SlotTarget = (slot: { side: Side; index: number }) => { side: Side; index: number };

function keyboardMove(
  id: string,
  label: string,
  shortcut: string,
  where: (doc: JsonObject, path: NodePath) => Place | undefined,
  slotTarget: SlotTarget,
  nowhere: string,
): EditorAction {
  return {
    id,
    label,
    shortcut,
    keywords: ['move', 'reorder', 'nest'],
    recordsHistory: true,
    enabled: (state) => selectedPath(state) !== undefined || selectedSlot(state) !== undefined,
    perform(state) {
      const slot = selectedSlot(state);
      if (slot) return moveSlot(state, slotTarget(slot));
      const path = selectedPath(state);
      if (!path) return refused(state, 'Select a component to move.');
      return moveTo(state, path, where(state.doc, path), nowhere);
    },
  };
}

export const moveUp = keyboardMove(
  'block.moveUp',
  'Move up',
  'Alt+ArrowUp',
  (doc, path) => stepPlace(doc, path, -1),
  ({ side, index }) => ({ side, index: index - 1 }),
  'It is already first.',
);
export const moveDown = keyboardMove(
  'block.moveDown',
  'Move down',
  'Alt+ArrowDown',
  (doc, path) => stepPlace(doc, path, 1),
  ({ side, index }) => ({ side, index: index + 1 }),
  'It is already last.',
);
export const moveOut = keyboardMove(
  'block.moveOut',
  'Move out of the container',
  'Alt+ArrowLeft',
  outPlace,
  () => ({ side: 'inputs', index: Number.MAX_SAFE_INTEGER }),
  'It is not inside a container it may leave.',
);
export const moveIn = keyboardMove(
  'block.moveIn',
  'Move into the container beside it',
  'Alt+ArrowRight',
  intoPlace,
  () => ({ side: 'outputs', index: Number.MAX_SAFE_INTEGER }),
  'There is no container just before or after it that it may go into.',
);

export function registerBlockMoveActions(registry: ActionRegistry): void {
  registry.register(moveBlock);
  for (const action of [moveUp, moveDown, moveOut, moveIn]) registry.register(action);
}
