/**
 * Reading order for detected lines: top-to-bottom rows, left-to-right within a row. Two boxes share
 * a row when they overlap vertically by at least half the shorter one's height. This is more
 * tolerant of slightly tilted lines than PaddleOCR's fixed 10-pixel rule, which depends on image
 * scale.
 */

import type { Quad } from './types.js';

interface Extent {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
}

function extent(box: Quad): Extent {
  const ys = box.map((p) => p[1]);
  return { top: Math.min(...ys), bottom: Math.max(...ys), left: Math.min(...box.map((p) => p[0])) };
}

function sameRow(a: Extent, b: Extent): boolean {
  const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  const shorter = Math.min(a.bottom - a.top, b.bottom - b.top);
  return overlap >= 0.5 * Math.max(shorter, 1e-6);
}

/** Returns the items sorted into reading order (stable for equal positions). */
export function sortReadingOrder<T extends { readonly box: Quad }>(items: readonly T[]): T[] {
  const withExtent = items
    .map((item) => ({ item, extent: extent(item.box) }))
    .sort((a, b) => (a.extent.top + a.extent.bottom) / 2 - (b.extent.top + b.extent.bottom) / 2);
  const rows: (typeof withExtent)[] = [];
  for (const entry of withExtent) {
    const row = rows[rows.length - 1];
    const anchor = row?.[0];
    if (row !== undefined && anchor !== undefined && sameRow(anchor.extent, entry.extent)) row.push(entry);
    else rows.push([entry]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.extent.left - b.extent.left).map((entry) => entry.item));
}
