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

test('ocr: a real drop zone with sources; no image or a file that is no image is explained before any call', async ({ page, context }) => {
  app ??= await serve('examples/ocr/project.json');
  const watch = await watchPage(page);
  const joins: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/queue/join')) joins.push(request.url());
  });
  await page.goto(app.url);
  const block = page.getByTestId('component-image');

  // The zone, not the browser's "Choose File / No file chosen": the native input is visually hidden.
  const zone = block.getByTestId('file-drop');
  await expect(zone).toContainText('Drop an image here');
  await expect(zone).toContainText('Click to upload');
  const input = block.locator('input[type="file"]');
  expect(await input.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
  const sources = block.getByRole('group', { name: /where the image comes from/ });
  for (const name of ['Upload', 'Webcam', 'Clipboard']) await expect(sources.getByRole('button', { name })).toBeVisible();

  // Submit with no image: said in the page, nothing sent.
  await page.getByTestId('component-__submit').click();
  await expect(block.getByTestId('input-missing')).toHaveText('Upload an image first');
  await expect(page.getByTestId('toast-error')).toHaveCount(0);
  await expect(page.getByTestId('job-error')).toHaveCount(0);

  // A PDF with a long name: refused with its name (no temp path), wrapped inside the block.
  const name = 'quarterly-report-with-a-rather-long-file-name-that-goes-on-and-on-2026.pdf';
  await input.setInputFiles({ name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not an image') });
  const note = block.getByTestId('image-note');
  await expect(note).toHaveText(`That file is not an image (${name}). Upload a PNG, JPEG, WebP or GIF.`);
  await expect(note).toHaveAttribute('role', 'alert');
  await expect(block.getByRole('img')).toHaveCount(0);
  const fits = await note.evaluate((el) => {
    const frame = el.closest('[data-testid="component-image"]')?.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return el.scrollWidth <= el.clientWidth && frame !== undefined && box.right <= frame.right;
  });
  expect(fits).toBe(true);

  // A file named like an image that is none: the browser cannot draw it, and the page says so.
  await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await expect(note).toHaveText('That file could not be read as an image (photo.png). Upload a PNG, JPEG, WebP or GIF.');
  await expect(block.getByRole('img')).toHaveCount(0);
  expect(joins).toEqual([]);

  // The Clipboard source reads an image from the clipboard (here with the page's permission).
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  await page.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 6, height: 4 });
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b as Blob), 'image/png'));
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
  });
  await sources.getByRole('button', { name: 'Clipboard' }).click();
  await expect(block.getByRole('img', { name: 'Image' })).toHaveAttribute('src', /^blob:/);
  await expect(note).toHaveCount(0);
  await expect(block.getByTestId('input-missing')).toHaveCount(0);

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
