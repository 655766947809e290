import { expect, test } from '@playwright/test';
import { lowContrastText } from './support/contrast.js';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The History panel and its button are readable in both themes (examples/greet, after one run):
 * every text, the "Completed" badge, a flagged run's flag line and the open panel's History button
 * included, meets WCAG AA.
 */

let app: ServedApp | null = null;

test.beforeAll(async () => {
  app = await serve('examples/greet/project.json');
});

test.afterAll(async () => {
  await app?.stop(5_000);
  app = null;
});

for (const scheme of ['light', 'dark'] as const) {
  test(`History, ${scheme}: the panel's text and its open button have AA contrast`, async ({ page }) => {
    if (!app) throw new Error('server not started');
    const watch = await watchPage(page);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(app.url);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect(page.getByLabel('Greeting', { exact: true })).toHaveValue('Hello World!');
    // A flagged run: its flag line in the list is accent-coloured text.
    await page.getByRole('button', { name: '⚑ Flag' }).click();
    await page.getByRole('button', { name: 'Send flag' }).click();
    await expect(page.getByTestId('flag-bar')).toContainText('Flagged');
    const toggle = page.getByTestId('history-toggle');
    await toggle.click();
    const panel = page.getByTestId('history-panel');
    await expect(panel.locator('.history-outcome--completed').first()).toHaveText(/completed/i);
    await expect(panel.getByTestId('history-flag').first()).toBeVisible();
    await page.mouse.move(0, 0);
    expect(await lowContrastText(panel)).toEqual([]);
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(await lowContrastText(toggle)).toEqual([]);
    expect(await watch.problems()).toEqual([]);
  });
}
