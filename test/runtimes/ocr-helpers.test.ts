import { describe, expect, it } from 'vitest';
import { meanInQuad } from '../../main/runtimes/ocr/box-score.js';
import { connectedComponents } from '../../main/runtimes/ocr/connected-components.js';
import { expandQuad, quadSize, readingQuad, sampleQuad } from '../../main/runtimes/ocr/crop.js';
import { ctcGreedyDecode } from '../../main/runtimes/ocr/ctc-decode.js';
import { boxesFromProbabilityMap, DEFAULT_DB_OPTIONS } from '../../main/runtimes/ocr/db-postprocess.js';
import { parseDictionary } from '../../main/runtimes/ocr/dictionary.js';
import { convexHull, minAreaRect, orderCorners, rectCorners } from '../../main/runtimes/ocr/min-area-rect.js';
import { sortReadingOrder } from '../../main/runtimes/ocr/reading-order.js';
import { detectionInputSize, recognitionInputSize } from '../../main/runtimes/ocr/resize-math.js';
import { detectionTensorData, recognitionTensorData } from '../../main/runtimes/ocr/tensor-layout.js';
import type { Point, Quad, RgbImage } from '../../main/runtimes/ocr/types.js';
import { unclipDistance, unclipRect } from '../../main/runtimes/ocr/unclip.js';

/** One-hot-ish CTC rows: at each step, `winner` gets `p`, the rest share what is left. */
function ctcRows(winners: readonly number[], classes: number, p = 0.9): Float32Array {
  const rows = new Float32Array(winners.length * classes);
  winners.forEach((winner, t) => {
    for (let c = 0; c < classes; c++) rows[t * classes + c] = c === winner ? p : (1 - p) / (classes - 1);
  });
  return rows;
}

function closeTo(actual: readonly Point[], expected: readonly Point[], digits = 6): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((point, i) => {
    expect(point[0]).toBeCloseTo(expected[i]?.[0] ?? NaN, digits);
    expect(point[1]).toBeCloseTo(expected[i]?.[1] ?? NaN, digits);
  });
}

describe('ctcGreedyDecode', () => {
  const charset = ['', 'a', 'b', 'c', ' '];

  it('collapses repeats, drops blanks, and keeps a repeat separated by a blank', () => {
    const result = ctcGreedyDecode(ctcRows([1, 1, 0, 1, 2, 2, 0, 0, 4, 3, 3], 5), 11, 5, charset);
    expect(result.text).toBe('aab c');
    expect(result.indices).toEqual([1, 1, 2, 4, 3]);
    expect(result.confidence).toBeCloseTo(0.9, 6);
  });

  it('averages the probabilities of the kept characters only', () => {
    const probs = new Float32Array([0.6, 0.4, 0, /* blank */ 0.2, 0.7, 0.1, /* a */ 0.1, 0.2, 0.7 /* b, 0.7 and again */, 0.1, 0.3, 0.6]);
    const result = ctcGreedyDecode(probs, 4, 3, ['', 'a', 'b']);
    expect(result.text).toBe('ab');
    expect(result.confidence).toBeCloseTo((0.7 + 0.7) / 2, 6);
  });

  it('returns empty text and zero confidence for all blanks', () => {
    expect(ctcGreedyDecode(ctcRows([0, 0, 0], 3), 3, 3, ['', 'a', 'b'])).toEqual({
      text: '',
      confidence: 0,
      indices: [],
    });
  });

  it('rejects an array shorter than steps × classes', () => {
    expect(() => ctcGreedyDecode(new Float32Array(5), 2, 3, ['', 'a', 'b'])).toThrow(RangeError);
  });
});

describe('parseDictionary', () => {
  it('puts the blank first and the space class last, keeping symbol lines intact', () => {
    expect(parseDictionary("'\n疗\na\r\n \n")).toEqual(['', "'", '疗', 'a', ' ', ' ']);
  });
});

describe('detectionInputSize', () => {
  it('keeps small images at their size, rounded to multiples of 32', () => {
    expect(detectionInputSize(480, 160, 960)).toEqual({ width: 480, height: 160 });
    expect(detectionInputSize(100, 50, 960)).toEqual({ width: 96, height: 64 });
    expect(detectionInputSize(10, 5, 960)).toEqual({ width: 32, height: 32 });
  });

  it('shrinks so the longer side fits maxSide, keeping the aspect ratio', () => {
    expect(detectionInputSize(1920, 1080, 960)).toEqual({ width: 960, height: 544 });
    expect(detectionInputSize(1000, 3000, 960)).toEqual({ width: 320, height: 960 });
  });

  it('never exceeds maxSide even when it is not a multiple of 32', () => {
    const size = detectionInputSize(2000, 100, 1000);
    expect(size.width).toBeLessThanOrEqual(1000);
    expect(size.width % 32).toBe(0);
    expect(size.height % 32).toBe(0);
  });

  it('rejects empty images', () => {
    expect(() => detectionInputSize(0, 10, 960)).toThrow(RangeError);
  });
});

describe('recognitionInputSize', () => {
  it('scales to height 48 and pads narrow crops to 320', () => {
    expect(recognitionInputSize(100, 48)).toEqual({ contentWidth: 100, tensorWidth: 320 });
    expect(recognitionInputSize(200, 20)).toEqual({ contentWidth: 480, tensorWidth: 480 });
  });

  it('caps pathological widths', () => {
    expect(recognitionInputSize(100_000, 10).contentWidth).toBe(2400);
  });
});

describe('convex hull and minimum-area rectangle', () => {
  it('finds the hull of a square with interior points', () => {
    const hull = convexHull([
      [0, 0],
      [2, 0],
      [1, 1],
      [2, 2],
      [0, 2],
      [1, 0],
    ]);
    expect(new Set(hull.map((p) => p.join(',')))).toEqual(new Set(['0,0', '2,0', '2,2', '0,2']));
  });

  it('fits an axis-aligned rectangle exactly', () => {
    const rect = minAreaRect([
      [10, 20],
      [50, 20],
      [50, 30],
      [10, 30],
      [30, 25],
    ]);
    expect(rect.cx).toBeCloseTo(30);
    expect(rect.cy).toBeCloseTo(25);
    expect(Math.max(rect.width, rect.height)).toBeCloseTo(40);
    expect(Math.min(rect.width, rect.height)).toBeCloseTo(10);
    closeTo(rectCorners(rect), [
      [10, 20],
      [50, 20],
      [50, 30],
      [10, 30],
    ]);
  });

  it('fits a rotated rectangle with the rotated corners', () => {
    const angle = Math.PI / 12;
    const corners: Point[] = [
      [-20, -5],
      [20, -5],
      [20, 5],
      [-20, 5],
    ].map(([x = 0, y = 0]) => [100 + x * Math.cos(angle) - y * Math.sin(angle), 100 + x * Math.sin(angle) + y * Math.cos(angle)]);
    const rect = minAreaRect(corners);
    expect(rect.width * rect.height).toBeCloseTo(400, 4);
    closeTo(rectCorners(rect), corners, 4);
  });

  it('orders corners top-left, top-right, bottom-right, bottom-left', () => {
    expect(
      orderCorners([
        [5, 5],
        [0, 0],
        [0, 5],
        [5, 0],
      ]),
    ).toEqual([
      [0, 0],
      [5, 0],
      [5, 5],
      [0, 5],
    ]);
  });
});

describe('unclip', () => {
  it('grows each side by area × ratio / perimeter', () => {
    expect(unclipDistance(100, 10, 2)).toBeCloseTo((100 * 10 * 2) / 220);
    const grown = unclipRect({ cx: 50, cy: 5, width: 100, height: 10, angle: 0.1 }, 1.5);
    const d = (100 * 10 * 1.5) / 220;
    expect(grown).toEqual({ cx: 50, cy: 5, width: 100 + 2 * d, height: 10 + 2 * d, angle: 0.1 });
  });

  it('leaves a degenerate rectangle alone', () => {
    expect(unclipDistance(0, 0)).toBe(0);
  });
});

describe('connectedComponents', () => {
  it('separates regions, joins diagonal neighbours, and records row extremes', () => {
    // prettier-ignore
    const mask = new Uint8Array([
      1, 1, 0, 0, 0,
      0, 1, 0, 0, 1,
      0, 0, 1, 0, 1,
      0, 0, 0, 0, 0,
    ]);
    const components = connectedComponents(mask, 5, 4);
    expect(components).toHaveLength(2);
    const [first, second] = components;
    expect(first).toMatchObject({ area: 4, minX: 0, maxX: 2, minY: 0, maxY: 2 });
    expect(first?.extremes).toEqual([
      [0.5, 0.5],
      [1.5, 0.5],
      [1.5, 1.5],
      [2.5, 2.5],
    ]);
    expect(second).toMatchObject({ area: 2, minX: 4, maxX: 4, minY: 1, maxY: 2 });
  });
});

describe('meanInQuad', () => {
  it('averages the pixels whose centre lies in the box', () => {
    const map = new Float32Array(16).fill(0);
    map[5] = 1; // (1,1)
    map[6] = 0.5; // (2,1)
    const quad: Quad = [
      [1, 1],
      [3, 1],
      [3, 2],
      [1, 2],
    ];
    expect(meanInQuad(map, 4, 4, quad)).toBeCloseTo(0.75);
  });
});

describe('boxesFromProbabilityMap', () => {
  /** A 64×32 map with one 40×6 block of probability `p` at (10, 12). */
  function blockMap(p: number): Float32Array {
    const map = new Float32Array(64 * 32);
    for (let y = 12; y < 18; y++) for (let x = 10; x < 50; x++) map[y * 64 + x] = p;
    return map;
  }

  it('unclips the kernel and scales the box back to the source image', () => {
    const boxes = boxesFromProbabilityMap(
      { map: blockMap(0.9), mapWidth: 64, mapHeight: 32, sourceWidth: 128, sourceHeight: 64 },
      { ...DEFAULT_DB_OPTIONS, boxThreshold: 0.5, unclipRatio: 2 },
    );
    expect(boxes).toHaveLength(1);
    const [found] = boxes;
    expect(found?.score).toBeCloseTo(0.9, 5);
    // Kernel through pixel centres: 39 × 5 centred on (30, 15); d = 39·5·2 / 88.
    const d = (39 * 5 * 2) / 88;
    const [x0, x1, y0, y1] = [30 - 19.5 - d, 30 + 19.5 + d, 15 - 2.5 - d, 15 + 2.5 + d].map((v) => Math.round(v * 2));
    expect(found?.box).toEqual([
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
    ]);
  });

  it('drops boxes under the box threshold, and thin noise', () => {
    const geometry = { mapWidth: 64, mapHeight: 32, sourceWidth: 64, sourceHeight: 32 };
    expect(boxesFromProbabilityMap({ ...geometry, map: blockMap(0.4) }, { ...DEFAULT_DB_OPTIONS, boxThreshold: 0.6 })).toEqual([]);
    const line = new Float32Array(64 * 32);
    for (let x = 5; x < 60; x++) line[10 * 64 + x] = 1;
    expect(boxesFromProbabilityMap({ ...geometry, map: line })).toEqual([]);
    expect(boxesFromProbabilityMap({ ...geometry, map: new Float32Array(64 * 32) })).toEqual([]);
  });
});

describe('sortReadingOrder', () => {
  const box = (x: number, y: number, w = 50, h = 20): Quad => [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ];

  it('reads rows top to bottom and boxes left to right within a row, tolerating a slight offset', () => {
    const items = [
      { name: 'row2', box: box(0, 60) },
      { name: 'row1-right', box: box(200, 4) },
      { name: 'row1-left', box: box(0, 0) },
    ];
    expect(sortReadingOrder(items).map((item) => item.name)).toEqual(['row1-left', 'row1-right', 'row2']);
  });
});

describe('crop helpers', () => {
  const quad: Quad = [
    [10, 10],
    [110, 10],
    [110, 30],
    [10, 30],
  ];

  it('measures the upright size and turns tall boxes a quarter', () => {
    expect(quadSize(quad)).toEqual({ width: 100, height: 20 });
    const tall: Quad = [
      [0, 0],
      [10, 0],
      [10, 40],
      [0, 40],
    ];
    expect(quadSize(readingQuad(tall))).toEqual({ width: 40, height: 10 });
    expect(readingQuad(quad)).toBe(quad);
  });

  it('expands every side by the margin times the height', () => {
    closeTo(expandQuad(quad, 0.25), [
      [5, 5],
      [115, 5],
      [115, 35],
      [5, 35],
    ]);
  });

  it('samples an axis-aligned crop, averaging when shrinking', () => {
    // 4×2 image: left half black, right half white.
    const data = new Uint8Array(4 * 2 * 3);
    for (let y = 0; y < 2; y++) for (let x = 2; x < 4; x++) data.fill(255, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3);
    const image: RgbImage = { width: 4, height: 2, data };
    const same = sampleQuad(
      image,
      [
        [0, 0],
        [4, 0],
        [4, 2],
        [0, 2],
      ],
      4,
      2,
    );
    expect(Array.from(same.data)).toEqual(Array.from(data));
    const half = sampleQuad(
      image,
      [
        [0, 0],
        [4, 0],
        [4, 2],
        [0, 2],
      ],
      2,
      1,
    );
    expect(half.data[0]).toBeLessThan(64);
    expect(half.data[3]).toBeGreaterThan(191);
  });
});

describe('tensor layout', () => {
  const image: RgbImage = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 0, 0, 255]) };

  it('feeds the detector BGR planes with PaddleOCR mean/std', () => {
    const data = detectionTensorData(image);
    // Plane 0 is blue: pixel 0 has none, pixel 1 is fully blue.
    expect(data[0]).toBeCloseTo((0 - 0.485) / 0.229, 5);
    expect(data[1]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    // Plane 2 is red.
    expect(data[4]).toBeCloseTo((1 - 0.406) / 0.225, 5);
  });

  it('feeds the recogniser (x/255 − 0.5)/0.5 and pads with zeros', () => {
    const data = recognitionTensorData(image, 3);
    expect(Array.from(data)).toEqual([-1, 1, 0, -1, -1, 0, 1, -1, 0]);
  });
});
