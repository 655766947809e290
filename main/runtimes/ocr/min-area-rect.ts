/**
 * Convex hull and minimum-area enclosing rectangle (rotating calipers), the pure-TypeScript
 * stand-in for OpenCV's `convexHull` / `minAreaRect` / `boxPoints` that DB post-processing uses.
 */

import type { Point, Quad, RotatedRect } from './types.js';

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** True while the last two points of `chain` and `next` do not make a strict left turn. */
function turnsBack(chain: readonly Point[], next: Point): boolean {
  const a = chain[chain.length - 2];
  const b = chain[chain.length - 1];
  return a !== undefined && b !== undefined && cross(a, b, next) <= 0;
}

/** Andrew's monotone chain; returns the hull counter-clockwise (in y-up terms), without collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (sorted.length <= 2) return sorted;
  const lower: Point[] = [];
  for (const point of sorted) {
    while (turnsBack(lower, point)) lower.pop();
    lower.push(point);
  }
  const upper: Point[] = [];
  for (const point of sorted.reverse()) {
    while (turnsBack(upper, point)) upper.pop();
    upper.push(point);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/**
 * The smallest-area rectangle containing all points. One side of the optimum is collinear with a
 * hull edge, so trying every edge direction is exact. Ties keep the first (least rotated) edge.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  const first = hull[0];
  if (first === undefined) return { cx: 0, cy: 0, width: 0, height: 0, angle: 0 };
  if (hull.length === 1) return { cx: first[0], cy: first[1], width: 0, height: 0, angle: 0 };
  let best: RotatedRect | undefined;
  let bestArea = Number.POSITIVE_INFINITY;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i] ?? first;
    const b = hull[(i + 1) % hull.length] ?? first;
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (length === 0) continue;
    const ux = (b[0] - a[0]) / length;
    const uy = (b[1] - a[1]) / length;
    let minU = Number.POSITIVE_INFINITY;
    let maxU = Number.NEGATIVE_INFINITY;
    let minV = Number.POSITIVE_INFINITY;
    let maxV = Number.NEGATIVE_INFINITY;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      minU = Math.min(minU, u);
      maxU = Math.max(maxU, u);
      minV = Math.min(minV, v);
      maxV = Math.max(maxV, v);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = {
        cx: cu * ux - cv * uy,
        cy: cu * uy + cv * ux,
        width: maxU - minU,
        height: maxV - minV,
        angle: Math.atan2(uy, ux),
      };
    }
  }
  return best ?? { cx: first[0], cy: first[1], width: 0, height: 0, angle: 0 };
}

/** The rectangle's corners, ordered like PaddleOCR's `get_mini_boxes`. */
export function rectCorners(rect: RotatedRect): Quad {
  const ux = Math.cos(rect.angle);
  const uy = Math.sin(rect.angle);
  const hw = rect.width / 2;
  const hh = rect.height / 2;
  const corners: Point[] = [
    [rect.cx - ux * hw + uy * hh, rect.cy - uy * hw - ux * hh],
    [rect.cx + ux * hw + uy * hh, rect.cy + uy * hw - ux * hh],
    [rect.cx + ux * hw - uy * hh, rect.cy + uy * hw + ux * hh],
    [rect.cx - ux * hw - uy * hh, rect.cy - uy * hw + ux * hh],
  ];
  return orderCorners(corners);
}

/**
 * Orders four corners as top-left, top-right, bottom-right, bottom-left: the two leftmost points
 * form the left side (upper one first), the two rightmost the right side. Text boxes are near
 * horizontal, so this matches how a reader sees the box.
 */
export function orderCorners(corners: readonly Point[]): Quad {
  if (corners.length !== 4) throw new RangeError('a quad needs exactly four corners');
  const byX = [...corners].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [l1, l2, r1, r2] = byX as [Point, Point, Point, Point];
  const [topLeft, bottomLeft] = l1[1] <= l2[1] ? [l1, l2] : [l2, l1];
  const [topRight, bottomRight] = r1[1] <= r2[1] ? [r1, r2] : [r2, r1];
  return [topLeft, topRight, bottomRight, bottomLeft];
}
