import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * Look and feel: light and dark themes (OS preference and the toggle), a phone-sized viewport,
 * readable contrast. Screenshots go to test-results/screenshots/ for a human look.
 */

const SHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
mkdirSync(SHOTS, { recursive: true });

let app: ServedApp | null = null;

test.beforeAll(async () => {
  app = await serve('test/e2e/fixtures/blocks/project.json');
});

test.afterAll(async () => {
  await app?.stop(2_000);
});

function url(): string {
  if (!app) throw new Error('server not started');
  return app.url;
}

/** WCAG relative luminance contrast of two `rgb(...)` colors. */
function contrast(a: string, b: string): number {
  const lum = (color: string): number => {
    const [r = 0, g = 0, bl = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

async function colors(page: Page): Promise<{ text: string; background: string; theme: string | undefined }> {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body);
    const root = getComputedStyle(document.documentElement);
    return { text: body.color, background: root.backgroundColor, theme: document.documentElement.dataset.theme };
  });
}

async function ready(page: Page): Promise<void> {
  await page.goto(url());
  await expect(page.getByRole('heading', { level: 1, name: 'Blocks fixture' })).toBeVisible();
}

test('desktop, light: readable and screenshot', async ({ page }) => {
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await ready(page);
  await page.getByTestId('component-greet').click();
  await expect(page.getByLabel('Greeting', { exact: true })).toHaveValue('Hello, Ada!');
  const { text, background, theme } = await colors(page);
  expect(theme).toBe('light');
  expect(contrast(text, background)).toBeGreaterThan(7);
  await page.screenshot({ path: path.join(SHOTS, 'desktop-light.png'), fullPage: true });
  expect(await watch.problems()).toEqual([]);
});

test('desktop, dark (OS preference): readable, then the toggle switches and is remembered', async ({ page }) => {
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await ready(page);
  await page.getByTestId('component-fail').click();
  await expect(page.getByTestId('toast-error')).toContainText('this function always fails');
  const dark = await colors(page);
  expect(dark.theme).toBe('dark');
  expect(contrast(dark.text, dark.background)).toBeGreaterThan(7);
  await page.screenshot({ path: path.join(SHOTS, 'desktop-dark.png'), fullPage: true });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('toast-error')).toHaveCount(0);

  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveAccessibleName('Switch to light theme');
  await toggle.click();
  const light = await colors(page);
  expect(light.theme).toBe('light');
  expect(light.background).not.toBe(dark.background);
  expect(contrast(light.text, light.background)).toBeGreaterThan(7);
  await page.reload();
  await expect(page.getByTestId('theme-toggle')).toHaveAccessibleName('Switch to dark theme');
  expect((await colors(page)).theme).toBe('light');
  expect(await watch.problems()).toEqual([]);
});

test('phone 390×844: no horizontal scroll, rows stack, controls usable', async ({ page }) => {
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'light' });
  await ready(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The row (Name, Shout) stacks: Shout sits below Name, both full width.
  const name = page.getByTestId('component-name');
  const shout = page.getByTestId('component-shout');
  const [a, b] = [await name.boundingBox(), await shout.boundingBox()];
  expect(a && b && b.y >= a.y + a.height).toBe(true);
  expect(a && a.width > 300).toBe(true);

  await page.getByLabel('Name', { exact: true }).fill('Phone');
  await page.getByTestId('component-greet').click();
  await expect(page.getByLabel('Greeting', { exact: true })).toHaveValue('Hello, Phone!');
  // Every button is big enough to hit and inside the viewport.
  for (const button of await page.getByRole('button').all()) {
    if (!(await button.isVisible())) continue;
    const box = await button.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(box && box.height >= 24).toBe(true);
  }
  await page.screenshot({ path: path.join(SHOTS, 'phone.png'), fullPage: true });
  expect(await watch.problems()).toEqual([]);
});
