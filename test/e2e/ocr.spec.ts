import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/** Image upload from the page: File → @gradio/client upload → FileData → PaddleOCR → text. */

let app: ServedApp | null = null;
let dir: string | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function textImage(text: string): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'demo-desktop-e2e-'));
  const file = path.join(dir, 'hello.png');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="120"><rect width="100%" height="100%" fill="white"/><text x="20" y="75" font-size="48" font-family="DejaVu Sans, sans-serif" fill="black">${text}</text></svg>`;
  await sharp(Buffer.from(svg)).png().toFile(file);
  return file;
}

test('ocr: upload an image, preview it, read its text', async ({ page }) => {
  const image = await textImage('HELLO WORLD');
  app = await serve('examples/ocr/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);

  await page.getByLabel('Image', { exact: true }).setInputFiles(image);
  // The preview is a blob: URL (allowed by the page's img-src).
  await expect(page.getByRole('img', { name: 'Image' })).toHaveAttribute('src', /^blob:/);
  await page.getByTestId('component-__submit').click();
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue(/HELLO\s*WORLD/i, { timeout: 60_000 });

  // Clear (Interface mode) empties inputs and outputs without a run.
  await page.getByTestId('component-__clear').click();
  await expect(page.getByLabel('Text', { exact: true })).toHaveValue('');
  await expect(page.getByRole('img', { name: 'Image' })).toHaveCount(0);

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
