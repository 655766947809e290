import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The History panel and flagging (issue 16, items 2 and 3) in Chromium against `demo-desktop
 * serve` with its own data folder: runs made through the page are listed live, search narrows
 * them, a click loads a past run's inputs back (its file too), Re-run makes a new entry, and a
 * flag with a reason shows in the list. Screenshots at 1280x800 and 390x844, light and dark.
 */

let app: ServedApp | null = null;
let dataDir = '';

test.afterAll(async () => {
  await app?.stop(2_000);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function submit(page: Page, subject: string): Promise<void> {
  await page.getByLabel('Subject', { exact: true }).fill(subject);
  await page.getByTestId('component-__submit').click();
  await expect(page.getByLabel('Caption', { exact: true })).toHaveValue(new RegExp(`^A photo of ${subject}`));
}

async function shoot(page: Page, name: string, outputPath: (name: string) => string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
    await page.screenshot({ path: outputPath(`${name}-${theme}.png`) });
  }
}

test('history: runs listed live, search, load inputs (a file too), re-run, flag with a reason', async ({ page }, testInfo) => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'history-e2e-'));
  app = await serve('test/e2e/fixtures/history/project.json', 60_000, 0, ['--data-dir', dataDir]);
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Caption writer' })).toBeVisible();

  await page.getByTestId('history-toggle').click();
  const panel = page.getByTestId('history-panel');
  await expect(panel).toContainText('No runs yet');
  const runs = panel.getByTestId('history-run');

  // Three runs; the second with a file. Each appears without a reload.
  await submit(page, 'a red fox');
  await expect(runs).toHaveCount(1);
  await page
    .getByLabel('Photo', { exact: true })
    .setInputFiles({ name: 'harbour.txt', mimeType: 'text/plain', buffer: Buffer.from('boats at dawn') });
  await submit(page, 'a harbour');
  await expect(page.getByLabel('Caption', { exact: true })).toHaveValue('A photo of a harbour (harbour.txt: "boats at dawn").');
  await page.getByRole('button', { name: 'Remove file' }).click();
  await submit(page, 'two owls');
  await expect(runs).toHaveCount(3);
  await expect(runs.first()).toContainText('two owls');
  await expect(runs.first()).toContainText('Completed');

  // Flag the latest result with a reason and a note: the list shows it.
  await page.getByRole('button', { name: '⚑ Flag' }).click();
  await page.getByText('Inaccurate', { exact: true }).click();
  await page.getByLabel('Note').fill('those are ducks');
  await page.getByRole('button', { name: 'Send flag' }).click();
  await expect(page.getByTestId('flag-bar')).toContainText('Flagged: Inaccurate');
  await expect(runs.first().getByTestId('history-flag')).toContainText('Inaccurate — those are ducks');
  await panel.getByLabel('Outcome').selectOption('flagged');
  await expect(runs).toHaveCount(1);
  await panel.getByLabel('Outcome').selectOption('');
  await expect(runs).toHaveCount(3);
  await shoot(page, 'history-desktop', (name) => testInfo.outputPath(name));

  // Search, then a click loads the harbour run's inputs back: the subject and the file.
  await panel.getByLabel('Search inputs and outputs').fill('harbour');
  await expect(runs).toHaveCount(1);
  await runs
    .first()
    .getByRole('button', { name: /a harbour/ })
    .click();
  await expect(page.getByLabel('Subject', { exact: true })).toHaveValue('a harbour');
  await expect(page.getByTestId('component-photo')).toContainText('harbour.txt');
  await expect(page.getByLabel('Caption', { exact: true })).toHaveValue('A photo of two owls.');

  // Re-run from the list: the restored file goes to the function again, and a new entry appears.
  await runs.first().getByRole('button', { name: 'Re-run' }).click();
  await expect(page.getByLabel('Caption', { exact: true })).toHaveValue('A photo of a harbour (harbour.txt: "boats at dawn").');
  await expect(runs).toHaveCount(2);
  await panel.getByLabel('Search inputs and outputs').fill('');
  await expect(runs).toHaveCount(4);

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await shoot(page, 'history-phone', (name) => testInfo.outputPath(name));

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
