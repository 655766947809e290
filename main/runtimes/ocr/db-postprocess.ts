/**
 * DB (Differentiable Binarization) post-processing, after PaddleOCR's `DBPostProcess`: binarise the
 * probability map, take each connected region's minimum-area rectangle, drop small or low-scoring
 * ones, unclip the rest and scale them back to the source image. Pure: arrays in, boxes out.
 */

import { meanInQuad } from './box-score.js';
import { connectedComponents } from './connected-components.js';
import { minAreaRect, orderCorners, rectCorners } from './min-area-rect.js';
import type { DetectedBox, Point, Quad } from './types.js';
import { DEFAULT_UNCLIP_RATIO, unclipRect } from './unclip.js';

export interface DbOptions {
  /** Pixels with probability above this are text (PaddleOCR `det_db_thresh`). */
  readonly binaryThreshold: number;
  /** Boxes whose mean probability is below this are dropped (`det_db_box_thresh`). */
  readonly boxThreshold: number;
  readonly unclipRatio: number;
  /** Regions whose shorter side is below this (in map pixels) are dropped. */
  readonly minSize: number;
  /** At most this many regions are considered, as a guard against noise-filled maps. */
  readonly maxCandidates: number;
}

export const DEFAULT_DB_OPTIONS: DbOptions = {
  binaryThreshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: DEFAULT_UNCLIP_RATIO,
  minSize: 3,
  maxCandidates: 1000,
};

/** Boxes narrower or shorter than this in source pixels cannot hold a character (`filter_tag_det_res`). */
const MIN_SOURCE_SIDE = 3;

export interface MapGeometry {
  /** Probability map, `mapWidth * mapHeight`, row-major. */
  readonly map: Float32Array;
  readonly mapWidth: number;
  readonly mapHeight: number;
  /** Size of the original image the boxes are scaled back to. */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Runs DB post-processing and returns boxes in source-image coordinates, in detection (scan) order. */
export function boxesFromProbabilityMap(geometry: MapGeometry, options: DbOptions = DEFAULT_DB_OPTIONS): DetectedBox[] {
  const { map, mapWidth, mapHeight, sourceWidth, sourceHeight } = geometry;
  if (map.length !== mapWidth * mapHeight) throw new RangeError('probability map size does not match its dimensions');
  const mask = new Uint8Array(map.length);
  for (let i = 0; i < map.length; i++) mask[i] = (map[i] ?? 0) > options.binaryThreshold ? 1 : 0;

  const scaleX = sourceWidth / mapWidth;
  const scaleY = sourceHeight / mapHeight;
  const boxes: DetectedBox[] = [];
  for (const component of connectedComponents(mask, mapWidth, mapHeight, options.maxCandidates)) {
    const rect = minAreaRect(component.extremes);
    if (Math.min(rect.width, rect.height) < options.minSize) continue;
    const score = meanInQuad(map, mapWidth, mapHeight, rectCorners(rect));
    if (score < options.boxThreshold) continue;
    const grown = unclipRect(rect, options.unclipRatio);
    if (Math.min(grown.width, grown.height) < options.minSize + 2) continue;
    const scaled = rectCorners(grown).map((p): Point => [
      Math.min(sourceWidth, Math.max(0, Math.round(p[0] * scaleX))),
      Math.min(sourceHeight, Math.max(0, Math.round(p[1] * scaleY))),
    ]);
    const box: Quad = orderCorners(scaled);
    const boxWidth = Math.max(distance(box[0], box[1]), distance(box[3], box[2]));
    const boxHeight = Math.max(distance(box[0], box[3]), distance(box[1], box[2]));
    if (boxWidth <= MIN_SOURCE_SIDE || boxHeight <= MIN_SOURCE_SIDE) continue;
    boxes.push({ box, score });
  }
  return boxes;
}
