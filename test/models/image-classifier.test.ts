import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { pipeline, type ImageClassificationPipeline } from '@huggingface/transformers';
import { useLocalTinyModels } from './local-models.js';

interface Label {
  label: string;
  score: number;
}

type Rgb = readonly [number, number, number];

/**
 * Writes a 64x48 PNG filled with `main`, with the left quarter painted `accent`, so the image is
 * "mostly" one colour rather than a flat test pattern.
 */
async function writeImage(dir: string, name: string, main: Rgb, accent: Rgb): Promise<string> {
  const [width, height] = [64, 48];
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const color = x < width / 4 ? accent : main;
      pixels.set(color, (y * width + x) * 3);
    }
  }
  const path = join(dir, `${name}.png`);
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toFile(path);
  return path;
}

describe('models/tiny/image-classifier (image-classification, vit)', () => {
  let classify: ImageClassificationPipeline;
  let dir: string;

  beforeAll(async () => {
    useLocalTinyModels();
    classify = await pipeline('image-classification', 'image-classifier', { dtype: 'fp32' });
    dir = await mkdtemp(join(tmpdir(), 'tiny-images-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['red', [220, 30, 40], [250, 250, 250]],
    ['green', [40, 200, 60], [20, 20, 20]],
    ['blue', [30, 60, 210], [200, 40, 40]],
  ] as const)('a mostly %s image is classified as %s', async (color, main, accent) => {
    const path = await writeImage(dir, color, main, accent);
    const [top, ...rest] = (await classify(path)) as Label[];
    expect(top?.label).toBe(color);
    expect(top?.score).toBeGreaterThan(0.9);
    expect(rest.map((r) => r.label).sort()).toEqual(['blue', 'green', 'red'].filter((c) => c !== color));
  });

  it('is undecided on a grey image', async () => {
    const path = await writeImage(dir, 'grey', [128, 128, 128], [128, 128, 128]);
    const scores = (await classify(path)) as Label[];
    for (const s of scores) expect(s.score).toBeCloseTo(1 / 3, 3);
  });
});
