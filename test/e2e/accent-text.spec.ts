import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { lowContrastText } from './support/contrast.js';
import { edit } from './support/edit.js';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * Text in the accent colour reads in both themes: the drop zone's "Click to upload" and the pressed
 * Upload source button (examples/ocr), the editor's "Close preview" and the command palette's
 * matched letters meet WCAG AA on the dark panel as on the light one. The button orange itself is
 * 3.2:1 on the dark panel, so text uses --accent-fg.
 */

let app: ServedApp | null = null;

test.beforeAll(async () => {
  app = await serve('examples/ocr/project.json');
});

test.afterAll(async () => {
  await app?.stop(5_000);
  app = null;
});

for (const scheme of ['light', 'dark'] as const) {
  test(`ocr image input, ${scheme}: the drop zone and source buttons have AA contrast`, async ({ page }) => {
    if (!app) throw new Error('server not started');
    const watch = await watchPage(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(app.url);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    const image = page.getByTestId('component-image');
    await expect(image.getByText('Click to upload')).toBeVisible();
    await expect(image.getByRole('button', { name: 'Upload', pressed: true })).toBeVisible();
    await page.mouse.move(0, 0);
    expect(await lowContrastText(image)).toEqual([]);
    expect(await watch.problems()).toEqual([]);
  });
}

test('editor, dark: "Close preview" and the palette\'s matched letters have AA contrast', async ({ page }) => {
  const ROOT = path.resolve(import.meta.dirname, '../..');
  const work = await mkdtemp(path.join(tmpdir(), 'accent-text-'));
  await cp(path.join(ROOT, 'examples/greet'), path.join(work, 'greet'), { recursive: true });
  const editor = await edit(path.join(work, 'greet/project.json'), path.join(work, 'data'));
  try {
    const watch = await watchPage(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(editor.loginUrl);
    await expect(page.getByTestId('editor-title')).toContainText('greet/project.json');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    await page.getByTestId('issues-count').focus();
    await page.keyboard.press('Control+k');
    const palette = page.getByTestId('command-palette');
    await palette.getByRole('combobox').fill('shjs');
    await expect(palette.locator('mark').first()).toBeVisible();
    expect(await lowContrastText(palette)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(palette).toBeHidden();

    const run = page.getByTestId('run-toggle');
    await run.click();
    await expect(run).toHaveText(/Close preview/);
    await page.mouse.move(0, 0);
    expect(await lowContrastText(run)).toEqual([]);
    expect(await watch.problems(), editor.output()).toEqual([]);
  } finally {
    await editor.stop(5_000);
    await rm(work, { recursive: true, force: true });
  }
});
