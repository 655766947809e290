import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { silentLogger } from '../../main/common/logger.js';
import { saveTuneReports } from '../../main/store/tune-reports.js';
import { aReport } from '../store/tune-fixture.js';
import { startDesk } from './support/desk.js';
import { edit, type EditedApp } from './support/edit.js';

/**
 * A `demo-desktop tune` report in the app, in Chromium: a report saved in the data folder's real
 * SQLite store (as `tune` saves it) shows on the home screen's project card as the short capacity
 * statement, and in the editor's event inspector as the Capacity section (statement, chart, knee);
 * Apply sets the recommended settings in the document as one edit, and undo restores them.
 * With CAPACITY_SHOTS=<dir>, it also saves the card and the panel at 1280×800 and 390×844, light and dark.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = process.env.CAPACITY_SHOTS;
const SIZES = [
  { name: '1280', width: 1280, height: 800 },
  { name: '390', width: 390, height: 844 },
] as const;

let work = '';
let data = '';
let project = '';

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'demo-desktop-e2e-capacity-'));
  data = path.join(work, 'data');
  await cp(path.join(ROOT, 'examples/chain'), path.join(work, 'chain'), { recursive: true });
  project = path.join(work, 'chain/project.json');
  const report = aReport('greet');
  await saveTuneReports({
    dataDir: data,
    logger: silentLogger,
    projectFile: project,
    reports: [{ ...report, recommendation: { concurrencyLimit: 4, batch: true, maxBatchSize: 8, replicas: {}, maxSize: 50 } }],
  });
});

test.afterAll(() => rm(work, { recursive: true, force: true }));

async function shoot(page: Page, target: Locator, name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await target.scrollIntoViewIfNeeded();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${size.name}-${theme}.png`) });
    }
  }
  await page.setViewportSize(SIZES[0]);
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the home card shows the latest capacity statement', async ({ page }) => {
  const desk = await startDesk(data);
  try {
    await page.goto(desk.link);
    await page.getByLabel('Path of a project.json').fill(project);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('is ready:');
    const card = page.locator(`.home-recent[data-path="${project}"]`);
    const capacity = card.getByRole('list', { name: 'Measured capacity' });
    await expect(capacity).toContainText('/greet');
    await expect(capacity).toContainText('~600 req/min · p95 120 ms · 100 users wait ≤ 10 s');
    await expect(capacity).toContainText('measured just now');
    await expect(capacity.getByText('stale')).toHaveCount(0);
    await shoot(page, card, 'home-card');
  } finally {
    await desk.stop();
  }
});

test("the editor's Capacity section: statement, chart, knee; Apply is one undoable edit", async ({ page }) => {
  let app: EditedApp | null = null;
  try {
    app = await edit(project, data);
    await page.goto(app.loginUrl);
    const inspector = page.getByTestId('editor-inspector');
    await inspector.getByRole('tab', { name: 'Events' }).click();
    await inspector.getByRole('button', { name: /go\.click, name\.submit → greet/ }).click();
    const panel = page.getByTestId('capacity-panel');
    await expect(panel.getByTestId('capacity-statement')).toHaveText(
      '/greet serves ~600 requests/minute at p95 ≤ 120 ms on this machine; a burst of 100 users waits up to 10 s.',
    );
    await expect(panel.getByTestId('capacity-chart').locator('circle.ins-chart-dot')).toHaveCount(9);
    await expect(panel.getByTestId('capacity-knee')).toBeVisible();
    await expect(panel).toContainText('Chosen: concurrency 2, batch 4: the fewest requests in flight');
    await expect(panel).toContainText('concurrencyLimit 4 · batch, maxBatchSize 8 · queue.maxSize 50');
    await shoot(page, panel, 'editor-capacity');

    const before = await documentText(page);
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();
    await expect(page.getByText(/Applied the tuned settings \(concurrencyLimit 4, batch true, maxBatchSize 8, maxSize 50\)/)).toBeVisible();
    const applied = JSON.parse(await documentText(page)) as { ui: { events: Record<string, unknown>[] }; queue: Record<string, unknown> };
    expect(applied.ui.events[0]).toMatchObject({ concurrencyLimit: 4, batch: true, maxBatchSize: 8 });
    expect(applied.queue.maxSize).toBe(50);
    expect(applied.ui.events[1]).toEqual((JSON.parse(before) as typeof applied).ui.events[1]);
    // One edit: a single undo gives back the document as it was.
    await page.getByTestId('issues-count').focus();
    await page.keyboard.press('Control+z');
    expect(await documentText(page)).toBe(before);
  } finally {
    await app?.stop(2_000);
  }
});

/** The document as the JSON view shows it (switching there and back with Alt+2 / Alt+1). */
async function documentText(page: Page): Promise<string> {
  await page.getByTestId('issues-count').focus();
  await page.keyboard.press('Alt+2');
  const text = await page.getByLabel('Project JSON').inputValue();
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('editor-canvas')).toBeVisible();
  return text;
}
