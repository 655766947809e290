/**
 * Connected components of a binary mask (8-connectivity, like the outer contours OpenCV's
 * `findContours` finds on DB's bitmap). Each component keeps only its leftmost and rightmost
 * pixel per row: the convex hull of those equals the hull of all its pixels, which is all the
 * minimum-area rectangle needs, and it keeps the point lists small.
 */

import type { Point } from './types.js';

export interface Component {
  /** Number of pixels in the component. */
  readonly area: number;
  /** Pixel centres (x + 0.5, y + 0.5) of each row's leftmost and rightmost pixel. */
  readonly extremes: Point[];
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/**
 * Labels the non-zero pixels of `mask` (`width * height`, row-major) and returns one component
 * per 8-connected region, in scan order, stopping after `maxComponents`.
 */
export function connectedComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  maxComponents = Number.POSITIVE_INFINITY,
): Component[] {
  if (mask.length !== width * height) throw new RangeError('mask size does not match width * height');
  const visited = new Uint8Array(width * height);
  // An explicit stack: recursion would overflow on large blobs.
  const stack = new Int32Array(width * height);
  const components: Component[] = [];
  // Per-row extremes of the current component, reset lazily via the row list.
  const rowMin = new Int32Array(height).fill(-1);
  const rowMax = new Int32Array(height).fill(-1);

  for (let start = 0; start < mask.length && components.length < maxComponents; start++) {
    if (mask[start] === 0 || visited[start] === 1) continue;
    let top = 0;
    stack[top++] = start;
    visited[start] = 1;
    let area = 0;
    let minX = width;
    let minY = height;
    let maxX = -1;
    let maxY = -1;
    const rows: number[] = [];
    while (top > 0) {
      const index = stack[--top] ?? 0;
      const x = index % width;
      const y = (index - x) / width;
      area++;
      if (rowMin[y] === -1) {
        rows.push(y);
        rowMin[y] = x;
        rowMax[y] = x;
      } else {
        if (x < (rowMin[y] ?? x)) rowMin[y] = x;
        if (x > (rowMax[y] ?? x)) rowMax[y] = x;
      }
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
          const next = ny * width + nx;
          if (mask[next] !== 0 && visited[next] === 0) {
            visited[next] = 1;
            stack[top++] = next;
          }
        }
      }
    }
    const extremes: Point[] = [];
    for (const y of rows) {
      const left = rowMin[y] ?? 0;
      const right = rowMax[y] ?? 0;
      extremes.push([left + 0.5, y + 0.5]);
      if (right !== left) extremes.push([right + 0.5, y + 0.5]);
      rowMin[y] = -1;
      rowMax[y] = -1;
    }
    components.push({ area, extremes, minX, minY, maxX, maxY });
  }
  return components;
}
