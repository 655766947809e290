import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The queue as a visitor sees it (fixture test/e2e/fixtures/queue: a ~3 s function, one run at a
 * time, at most one job waiting): position and ETA in a second tab, the before-you-submit
 * estimate, "queue is full" with Retry, and Stop freeing the slot at once.
 */

/** @gradio/client 2.7 logs this for a 503 on join (the full queue). */
const CLIENT_QUIRKS = [/status of 503/];

let app: ServedApp | null = null;

// The fixture ends a run once a file named after its label is here (functions.js): the runs that
// must still be going while the test looks are held until it has looked, not for a guessed time
// that a loaded machine can overrun. serve() passes this process's environment on to the workers.
const gate = mkdtempSync(path.join(tmpdir(), 'queue-gate-'));
process.env.QUEUE_FIXTURE_GATE = gate;
const release = (label: string): void => writeFileSync(path.join(gate, label), '');

test.afterAll(async () => {
  await app?.stop(2_000);
  rmSync(gate, { recursive: true, force: true });
});

async function submit(page: Page, label: string, seconds = 3): Promise<void> {
  await page.getByLabel('Label', { exact: true }).fill(label);
  await page.getByLabel('Seconds', { exact: true }).fill(String(seconds));
  await page.getByTestId('component-__submit').click();
}

const result = (page: Page) => page.getByLabel('Result', { exact: true });

test('queue: position and ETA in a second tab, queue full with retry, both complete', async ({ page, context }, testInfo) => {
  test.setTimeout(120_000);
  app = await serve('test/e2e/fixtures/queue/project.json');
  const watch = await watchPage(page, CLIENT_QUIRKS);
  // Once the page's client is connected, its estimates name its session (so its own waiting jobs count).
  const sessionEstimate = page.waitForRequest((request) => /\/api\/estimate\/[^?]+\?session_hash=[\w-]+$/.test(request.url()));
  await page.goto(app.url);

  // Two runs first: the first starts the worker, which is no run time; the second is measured. The
  // first is held (up to 60 s) until its running state has been seen.
  await submit(page, 'cold', 60);
  const status = page.getByTestId('job-status');
  await expect(status).toContainText(/Running… \d/);
  await expect(status.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /\d+/);
  release('cold');
  await expect(result(page)).toHaveValue('Done: cold', { timeout: 15_000 });
  await sessionEstimate;
  // Nothing measured yet: no time rather than the worker's start passed off as one.
  await expect(page.getByTestId('run-estimate')).toHaveCount(0);
  await submit(page, 'warm-up', 1.5);
  await expect(result(page)).toHaveValue('Done: warm-up', { timeout: 15_000 });

  // The before-you-submit estimate now knows how long a run takes. After one run the data is thin,
  // so the page gives a range and says it is from one run, in a piece that does not break.
  const estimate = page.getByTestId('run-estimate');
  await expect(estimate).toContainText(/usually takes \d+(\.\d)?–\d+(\.\d)?s\u00a0\(from\u00a01\u00a0run\)/, { timeout: 10_000 });

  // Open the other tabs first; the next run is held until the other tabs' submits have been seen
  // inside it (up to 60 s).
  const second = await context.newPage();
  const watchSecond = await watchPage(second, CLIENT_QUIRKS);
  await second.goto(app.url);
  const third = await context.newPage();
  await third.goto(app.url);
  await expect(third.getByTestId('component-__submit')).toBeEnabled();

  await submit(page, 'first', 60);
  await expect(status).toHaveAttribute('data-stage', 'running');
  // Nobody waits, but the only slot is busy: the other tab says so (this once said "No queue").
  await second.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(second.getByTestId('run-estimate')).toContainText(/^Busy: another run is in progress · (about\u00a0)?\d/);
  await submit(second, 'second');
  const secondStatus = second.getByTestId('job-status');
  await expect(secondStatus).toHaveAttribute('data-stage', 'queued');
  await expect(secondStatus).toContainText(/1 of \d+ in queue/);
  // The waiting tab has an ETA (the function ran before) and announces its position.
  await expect(secondStatus).toContainText(/about \d+(\.\d)?s left|any moment now/);
  await expect(second.getByRole('status').filter({ hasText: /in queue/ })).toHaveCount(1);
  await second.screenshot({ path: testInfo.outputPath('queued.png') });

  // A third visitor finds the queue full (maxSize 1): a toast with Retry, closed by Escape.
  await submit(third, 'third');
  const full = third.getByTestId('toast-queue-full');
  await expect(full).toContainText('The queue is full');
  await expect(full.getByRole('button', { name: 'Retry' })).toBeVisible();
  await third.keyboard.press('Escape');
  await expect(full).toHaveCount(0);
  await third.close();

  release('first');
  await expect(result(page)).toHaveValue('Done: first', { timeout: 30_000 });
  await expect(result(second)).toHaveValue('Done: second', { timeout: 15_000 });

  expect([...(await watch.problems()), ...(await watchSecond.problems())], app.output()).toEqual([]);
});

test('queue: Stop cancels a long run within seconds and the slot is free at once', async ({ page }, testInfo) => {
  app ??= await serve('test/e2e/fixtures/queue/project.json');
  const watch = await watchPage(page, CLIENT_QUIRKS);
  await page.goto(app.url);

  await submit(page, 'long', 60); // stopped below, long before its end on a loaded machine too
  const stop = page.getByTestId('stop-button');
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-stage', 'running');
  // Submit became Stop (Interface mode); the progress over the output has none of its own.
  await expect(page.getByTestId('job-cancel')).toHaveCount(0);
  await expect(page.getByTestId('component-__submit')).toBeHidden();
  await expect(page.getByTestId('job-status')).toContainText(/Working \d+\/240/);
  await page.screenshot({ path: testInfo.outputPath('running.png') });
  const pressed = Date.now();
  await stop.click();
  // Stop is quick: seconds on a loaded machine, where the run had most of a minute to go.
  await expect(page.getByTestId('job-cancelled')).toBeVisible({ timeout: 5_000 });
  expect(Date.now() - pressed).toBeLessThan(5_000);
  await expect(stop).toHaveCount(0);
  await expect(result(page)).toHaveValue('');

  // The engine's metrics are admin-only: the page cannot read them...
  const metrics = await page.request.get(new URL('api/engine/metrics', app.url).toString());
  expect(metrics.status()).toBeGreaterThanOrEqual(401);
  // ...so the proof that the slot was freed is a new run that starts running right away.
  await submit(page, 'next', 60);
  await expect(page.getByTestId('job-status')).toHaveAttribute('data-stage', 'running', { timeout: 10_000 });
  release('next');
  await expect(result(page)).toHaveValue('Done: next', { timeout: 15_000 });

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
