import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The side panels of the demo page from the keyboard only (examples/greet): the History panel and
 * the owner's Share panel close with Escape, and closing one (Escape or its ×) puts focus back on
 * the button that opened it, so a keyboard user carries on where they were instead of at the top
 * of the page.
 */

let app: ServedApp | null = null;

test.beforeAll(async () => {
  app = await serve('examples/greet/project.json');
});

test.afterAll(async () => {
  await app?.stop(5_000);
  app = null;
});

function served(): ServedApp {
  if (!app) throw new Error('server not started');
  return app;
}

test('History: Enter opens, Escape closes and focus returns to the History button; so does ×', async ({ page }) => {
  const watch = await watchPage(page);
  await page.goto(served().url);
  const toggle = page.getByTestId('history-toggle');
  const panel = page.getByTestId('history-panel');
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');

  // Escape on the button itself closes the panel it opened.
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(toggle).toBeFocused();

  // Into the panel: Escape in the search box first clears its text, then closes.
  await page.keyboard.press('Enter');
  const search = panel.getByRole('searchbox', { name: 'Search inputs and outputs' });
  await search.fill('World');
  await search.press('Escape');
  await expect(search).toHaveValue('');
  await expect(panel).toBeVisible();
  await search.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(toggle).toBeFocused();

  // The × goes away with the panel: focus goes back to the History button, not to the page.
  await page.keyboard.press('Enter');
  await panel.getByRole('button', { name: 'Close history' }).press('Enter');
  await expect(panel).toHaveCount(0);
  await expect(toggle).toBeFocused();
  expect(await watch.problems()).toEqual([]);
});

test("Share (the owner's window): Escape and × close the panel and focus returns to the Share button", async ({ page }) => {
  const watch = await watchPage(page);
  const owner = /Owner link[^:]*: (http:\/\/127\.0\.0\.1:\d+\/owner\?token=\S+)/.exec(served().output())?.[1];
  if (!owner) throw new Error(`no owner link in:\n${served().output()}`);
  await page.goto(owner);
  const share = page.getByTestId('share-button');
  const panel = page.getByTestId('share-panel');
  await share.focus();
  await page.keyboard.press('Enter');
  await expect(panel).toBeVisible();
  await expect(panel).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(share).toBeFocused();

  await page.keyboard.press('Enter');
  await panel.getByRole('button', { name: 'Close' }).press('Enter');
  await expect(panel).toHaveCount(0);
  await expect(share).toBeFocused();
  expect(await watch.problems()).toEqual([]);
});
