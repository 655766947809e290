import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * Chained events in the browser (examples/chain): one click runs greet, then shout with greet's
 * output, then count only if shout succeeded; after a failing run, the `then` follower runs and the
 * success-only one does not.
 */

declare global {
  interface Window {
    /** Output label → the order in which it first got a value. */
    __filled?: string[];
  }
}

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

test('chain: then follows with the first output, success only after success', async ({ page }) => {
  app = await serve('examples/chain/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);

  const name = page.getByLabel('Name', { exact: true });
  const greeting = page.getByLabel('Greeting', { exact: true });
  const shouted = page.getByLabel('Then: shouted', { exact: true });
  const counted = page.getByLabel('On success: count', { exact: true });
  await expect(name).toHaveValue('World');

  // Record, every frame, the order in which the three outputs first get a value.
  await page.evaluate(
    (labels) => {
      const filled: string[] = [];
      window.__filled = filled;
      const tick = (): void => {
        for (const label of labels) {
          const input = Array.from(document.querySelectorAll('label')).find((l) => l.textContent.trim() === label)?.control;
          if (input instanceof HTMLInputElement || input instanceof HTMLTextAreaElement) {
            if (input.value !== '' && !filled.includes(label)) filled.push(label);
          }
        }
        if (filled.length < labels.length) requestAnimationFrame(tick);
      };
      tick();
    },
    ['Greeting', 'Then: shouted', 'On success: count'],
  );

  await name.fill('Ada');
  await page.getByRole('button', { name: 'Greet', exact: true }).click();
  await expect(greeting).toHaveValue('Hello Ada!');
  await expect(shouted).toHaveValue('HELLO ADA! HOW ARE YOU?');
  await expect(counted).toHaveValue('23 characters');
  expect(await page.evaluate(() => window.__filled)).toEqual(['Greeting', 'Then: shouted', 'On success: count']);

  // A failure: the `then` follower still runs, the success-only one never does.
  await page.getByRole('button', { name: 'Fail', exact: true }).click();
  await expect(page.getByTestId('toast-error')).toContainText('rejected on purpose');
  await expect(page.getByLabel('Then, after a failure', { exact: true })).toHaveValue('Tidied up after the failure.');
  await page.waitForTimeout(500);
  await expect(page.getByLabel('On success, after a failure', { exact: true })).toHaveValue('');

  expect(await watch.problems()).toEqual([]);
});
