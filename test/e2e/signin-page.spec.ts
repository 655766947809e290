import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { lowContrastText } from './support/contrast.js';
import { edit, type EditedApp } from './support/edit.js';
import { watchPage } from './support/page-watch.js';

/**
 * The sign-in page (401: a used or expired link, or no session yet; the editor's, the home
 * screen's, the dashboard's and the owner's) is a page a user reads, on a phone too: the system
 * font, dark when the OS is dark, readable contrast, no sideways scroll, and nothing its strict
 * CSP blocks.
 */

let work = '';
let app: EditedApp | null = null;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'signin-page-'));
  app = await edit('examples/greet/project.json', path.join(work, 'data'));
});

test.afterAll(async () => {
  await app?.stop(2_000);
  await rm(work, { recursive: true, force: true });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the sign-in page on a 390 px phone, ${scheme}: styled, readable, no CSP violation`, async ({ page }) => {
    if (!app) throw new Error('no editor');
    const watch = await watchPage(page, [/status of 401/]);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: scheme });
    const response = await page.goto(`${app.origin}/editor`);
    expect(response?.status()).toBe(401);
    await expect(page.getByRole('heading', { level: 1, name: 'Open the editor from your terminal' })).toBeVisible();
    const look = await page.evaluate(() => {
      const root = document.documentElement;
      const body = getComputedStyle(document.body);
      return {
        font: body.fontFamily,
        background: getComputedStyle(root).backgroundColor,
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
        viewport: document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? '',
      };
    });
    expect(look.font).not.toMatch(/^"?Times/);
    expect(look.font).toMatch(/system-ui|sans-serif/);
    expect(look.viewport).toContain('width=device-width');
    expect(look.scrollWidth).toBeLessThanOrEqual(look.clientWidth);
    // The page follows the OS: a dark background in dark mode, a light one in light mode.
    const [r = 0, g = 0, b = 0] = (look.background.match(/[\d.]+/g) ?? []).map(Number);
    const dark = (r + g + b) / 3 < 128;
    expect(dark, `background ${look.background}`).toBe(scheme === 'dark');
    expect(await lowContrastText(page.locator('body'))).toEqual([]);
    expect(await watch.problems()).toEqual([]);
  });
}
