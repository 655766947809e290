import type { NodePath, Place } from '../state/tree.js';
import { indexOf, parentOf } from '../state/tree.js';

/**
 * Where a drop lands, from the pointer's position over a node: the half of a component nearer the
 * pointer says before or after it (left/right in a row, above/below elsewhere); over a container,
 * the middle half means inside it (at the end) and the edges before or after it.
 */

export type DropSide = 'before' | 'after' | 'inside';

export interface DropTarget {
  readonly side: DropSide;
  readonly place: Place;
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export function dropTarget(
  path: NodePath,
  options: { readonly container: boolean; readonly horizontal: boolean; readonly childCount: number },
  box: Box,
  point: { readonly x: number; readonly y: number },
): DropTarget {
  const along = options.horizontal ? (point.x - box.left) / Math.max(1, box.width) : (point.y - box.top) / Math.max(1, box.height);
  let side: DropSide = along < 0.5 ? 'before' : 'after';
  if (options.container && along >= 0.25 && along <= 0.75) side = 'inside';
  if (side === 'inside') return { side, place: { parent: path, index: options.childCount } };
  return { side, place: { parent: parentOf(path), index: indexOf(path) + (side === 'after' ? 1 : 0) } };
}

/** What is being dragged: a palette kind or a node of the canvas. */
export type DragItem = { readonly kind: 'new'; readonly type: string } | { readonly kind: 'move'; readonly path: NodePath };

/** The data type drags carry, so a drop from elsewhere (a file, text) is never taken for a component. */
export const DRAG_TYPE = 'application/x-demo-desktop-block';

export function encodeDrag(item: DragItem): string {
  return JSON.stringify(item);
}

export function decodeDrag(text: string): DragItem | undefined {
  try {
    const value = JSON.parse(text) as Partial<{ kind: unknown; type: unknown; path: unknown }>;
    if (value.kind === 'new' && typeof value.type === 'string') return { kind: 'new', type: value.type };
    if (value.kind === 'move' && Array.isArray(value.path) && value.path.every((n) => Number.isInteger(n))) {
      return { kind: 'move', path: value.path as number[] };
    }
  } catch {
    // Not ours.
  }
  return undefined;
}
