import type { DragItem } from './drop-place.js';

/**
 * The drag in progress, for dragover handlers: the browser hides a drag's data until the drop, but
 * the canvas must know during the drag whether the place under the pointer may take the item.
 * One drag at a time per page, so one module-level slot (set on dragstart, cleared on dragend).
 */
let current: DragItem | null = null;

export function startDrag(item: DragItem): void {
  current = item;
}

export function currentDrag(): DragItem | null {
  return current;
}

export function endDrag(): void {
  current = null;
}
