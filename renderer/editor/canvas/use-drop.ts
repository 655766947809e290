import type { DragEvent } from 'react';
import type { MovePayload } from '../actions/block-move-actions.js';
import type { AddPayload } from '../actions/block-add-actions.js';
import type { JsonObject } from '../state/editor-state.js';
import { isPrefix, nodeAt, placeProblem, type NodePath, type Place } from '../state/tree.js';
import { useCanvas, pathKey } from './canvas-context.js';
import { currentDrag, endDrag } from './drag-state.js';
import { decodeDrag, dropTarget, DRAG_TYPE, type DragItem, type DropTarget } from './drop-place.js';

/** Whether `item` may land at `place` (the same rules as the actions, checked while dragging). */
export function canDrop(doc: JsonObject, item: DragItem, place: Place): boolean {
  if (item.kind === 'move') {
    const node = nodeAt(doc, item.path);
    return node !== undefined && !isPrefix(item.path, place.parent) && placeProblem(doc, node, place.parent) === null;
  }
  return placeProblem(doc, { type: item.type, children: [] }, place.parent) === null;
}

export interface DropOptions {
  readonly container: boolean;
  readonly horizontal: boolean;
  readonly childCount: number;
  /** A fixed place (an empty container's drop zone) instead of one from the pointer. */
  readonly place?: Place | undefined;
}

/** dragover/dragleave/drop handlers for the node at `path`, drawing the indicator through the canvas context. */
export function useDrop(
  path: NodePath,
  options: DropOptions,
): {
  onDragOver: (event: DragEvent<HTMLElement>) => void;
  onDragLeave: (event: DragEvent<HTMLElement>) => void;
  onDrop: (event: DragEvent<HTMLElement>) => void;
} {
  const { state, dispatch, drop, setDrop } = useCanvas();
  const key = options.place ? `${pathKey(path)}:zone` : pathKey(path);
  const targetOf = (event: DragEvent<HTMLElement>): DropTarget => {
    if (options.place) return { side: 'inside', place: options.place };
    const box = event.currentTarget.getBoundingClientRect();
    return dropTarget(path, options, box, { x: event.clientX, y: event.clientY });
  };
  return {
    onDragOver(event) {
      const item = currentDrag();
      if (!item || !event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.stopPropagation();
      const target = targetOf(event);
      if (!canDrop(state.doc, item, target.place)) {
        if (drop?.key === key) setDrop(null);
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = item.kind === 'move' ? 'move' : 'copy';
      if (drop?.key !== key || drop.target.side !== target.side) setDrop({ key, target });
    },
    onDragLeave(event) {
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
      if (drop?.key === key) setDrop(null);
    },
    onDrop(event) {
      const item = decodeDrag(event.dataTransfer.getData(DRAG_TYPE)) ?? currentDrag();
      if (!item) return;
      event.preventDefault();
      event.stopPropagation();
      const target = targetOf(event);
      setDrop(null);
      endDrag();
      if (!canDrop(state.doc, item, target.place)) return;
      if (item.kind === 'new') dispatch<AddPayload>('block.add', { type: item.type, place: target.place });
      else dispatch<MovePayload>('block.move', { from: item.path, to: target.place });
    },
  };
}
