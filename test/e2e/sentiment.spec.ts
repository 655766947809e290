import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The whole path a user takes: `demo-desktop serve` in a child process, the built runner in
 * Chromium, the official @gradio/client in the page, the queue, the worker and the tiny model.
 */

let app: ServedApp | null = null;

test.afterAll(async () => {
  // Only a test that failed before stopping the server leaves it running.
  await app?.stop(2_000);
});

test('sentiment: POSITIVE then NEGATIVE, no console errors or CSP violations, clean exit on SIGINT', async ({ page }) => {
  app = await serve('examples/sentiment/project.json');
  const watch = await watchPage(page);

  const response = await page.goto(app.url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await expect(page.getByRole('heading', { level: 1, name: 'Sentiment' })).toBeVisible();

  const text = page.getByLabel('Text', { exact: true });
  const submit = page.getByTestId('component-__submit');
  const label = page.getByTestId('label-value');

  await text.fill('I love this great movie');
  await submit.click();
  await expect(label).toHaveText('POSITIVE');
  await expect(page.getByTestId('component-sentiment').locator('.confidence')).toHaveCount(2);

  await text.fill('I hate this terrible movie');
  await submit.click();
  await expect(label).toHaveText('NEGATIVE');

  // Enter in the textbox is the other trigger of the same dependency (Gradio's textbox.submit).
  await text.fill('What a great movie, I love it');
  await text.press('Enter');
  await expect(label).toHaveText('POSITIVE');

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();

  const exit = await app.stop();
  expect(exit, app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
