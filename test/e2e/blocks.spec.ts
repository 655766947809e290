import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * A Blocks app (test/e2e/fixtures/blocks): tabs, row, accordion; click, submit and change
 * triggers; progress and cancel of a slow run; a failing function shown as a readable error.
 */

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

test('blocks: layout, triggers, progress, cancel and errors', async ({ page }) => {
  app = await serve('test/e2e/fixtures/blocks/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);

  // Layout: Markdown heading, tabs with the first selected, the accordion closed.
  await expect(page.getByRole('heading', { level: 1, name: 'Blocks fixture' })).toBeVisible();
  await expect(page).toHaveTitle('Blocks fixture');
  const greetTab = page.getByRole('tab', { name: 'Greet' });
  const numbersTab = page.getByRole('tab', { name: 'Numbers' });
  await expect(greetTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('component-slow')).toBeHidden();

  // click → output; the output-only textbox is read-only.
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toHaveValue('Ada');
  await page.getByTestId('component-greet').click();
  const greeting = page.getByLabel('Greeting', { exact: true });
  await expect(greeting).toHaveValue('Hello, Ada!');
  await expect(greeting).toHaveAttribute('readonly', '');

  // Several inputs, and submit (Enter) as a second trigger.
  await page.getByLabel('Shout', { exact: true }).check();
  await name.fill('Grace');
  await name.press('Enter');
  await expect(greeting).toHaveValue('HELLO, GRACE!');

  // change trigger on another tab; the keyboard moves between tabs.
  await greetTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(numbersTab).toHaveAttribute('aria-selected', 'true');
  await expect(name).toBeHidden();
  const slider = page.getByLabel('x', { exact: true });
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue('4');
  await expect(page.getByLabel('Doubled', { exact: true })).toHaveValue('8');

  // A failing function: a readable error on its output, nothing filled in.
  await greetTab.click();
  await page.getByTestId('component-fail').click();
  const error = page.getByTestId('job-error');
  await expect(error).toContainText('this function always fails');
  // The error is announced once, as a toast (role alert); Escape closes it, the inline text stays.
  const toast = page.getByTestId('toast-error');
  await expect(toast).toHaveAttribute('role', 'alert');
  await expect(toast).toContainText('this function always fails');
  await page.keyboard.press('Escape');
  await expect(toast).toHaveCount(0);
  await expect(error).toBeVisible();
  await expect(page.getByLabel('Never filled', { exact: true })).toHaveValue('');

  // Progress and cancel inside the accordion.
  await page.locator('summary', { hasText: 'Slow work' }).click();
  await page.getByTestId('component-slow').click();
  const status = page.getByTestId('job-status');
  await expect(status).toContainText(/Working \d+\/40/);
  await expect(status.getByRole('progressbar')).toBeVisible();
  await expect(status.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  // The button that started the run is its Stop now.
  await expect(page.getByTestId('component-slow')).toBeHidden();
  await page.getByRole('button', { name: 'Stop slow' }).click();
  await expect(status).toHaveCount(0);
  await expect(page.getByTestId('component-slow')).toBeVisible();
  await expect(page.getByTestId('job-cancelled')).toHaveText('Cancelled');
  await expect(page.getByTestId('job-error')).toHaveCount(1); // only the earlier, deliberate failure
  await expect(page.getByTestId('component-result')).not.toContainText('done');

  // The session still works after a cancel.
  await name.fill('Linus');
  await page.getByTestId('component-greet').click();
  await expect(greeting).toHaveValue('HELLO, LINUS!');

  // Stopping one run leaves the page's other run alone (one client, one shared event stream).
  await page.getByTestId('component-slow').click();
  await page.getByTestId('component-count').click();
  const slowStatus = page.getByTestId('job-status').filter({ hasText: /Working/ });
  await expect(slowStatus).toBeVisible();
  await expect(page.getByTestId('job-status').filter({ hasText: /Counting/ })).toBeVisible();
  await page.getByRole('button', { name: 'Stop slow' }).click();
  await expect(page.getByTestId('job-cancelled')).toHaveText('Cancelled');
  await expect(page.getByTestId('component-counted')).toContainText('8', { timeout: 10_000 });
  await expect(page.getByTestId('job-error')).toHaveCount(1); // still only the deliberate failure

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
