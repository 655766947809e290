import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { silentLogger } from '../../main/common/logger.js';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import { openStore, type Store } from '../../main/store/open-store.js';
import { formatBytes, formatMs, formatRate } from '../../renderer/dashboard/format.js';
import type { HistoryAnswer, MetricsRow } from '../../renderer/dashboard/metrics-client.js';

/**
 * The owner's dashboard in Debian Chromium: real runs through a real server (real worker process)
 * are sampled into a real SQLite file every second; the owner signs in with the owner link, finds
 * the Dashboard link on the demo page, and the dashboard draws uPlot charts from those runs: the
 * canvases have the series' pixels, the legends show what the API says for the newest point, and
 * new runs appear while the page stays open. Screenshots (1280x800 and 390x844, light and dark)
 * go to test-results/dashboard/ to be looked at.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test-results', 'dashboard');

const FUNCTIONS = `
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export async function work([name, ms]) {
  await pause(ms);
  if (String(name).startsWith('fail')) throw new Error('asked to fail: ' + name);
  return 'done ' + name;
}
`;

const PROJECT = {
  version: 1,
  name: 'Dashboard fixture',
  functions: { work: { kind: 'js', module: './fns.js', export: 'work' } },
  ui: {
    type: 'interface',
    fn: 'work',
    title: 'Dashboard fixture',
    concurrencyLimit: 2,
    inputs: [
      { type: 'textbox', id: 'name', label: 'Name', value: 'job' },
      { type: 'number', id: 'ms', label: 'Milliseconds', value: 50 },
    ],
    outputs: [{ type: 'textbox', id: 'result', label: 'Result' }],
  },
};

let dir = '';
let engine: Engine | null = null;
let store: Store | null = null;
let server: RunningServer | null = null;

test.afterAll(async () => {
  await server?.close();
  await engine?.dispose();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Real calls through the Gradio API (POST /gradio_api/run/<api>), some slow, some failing. */
async function runJobs(base: string, api: string, count: number): Promise<void> {
  const calls = Array.from({ length: count }, (_, i) =>
    fetch(`${base}gradio_api/run/${api}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [i % 7 === 6 ? `fail-${i}` : `job-${i}`, 20 + ((i * 37) % 180)] }),
    }).then((answer) => answer.text()),
  );
  await Promise.all(calls);
}

/** How many of a canvas's pixels are close to a colour (the series' stroke). */
function pixelsNear(page: Page, testId: string, rgb: readonly [number, number, number]): Promise<number> {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement, color) => {
      const context = canvas.getContext('2d');
      if (!context) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let near = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0, data[i + 3] ?? 0];
        if (a > 200 && Math.abs(r - color[0]) < 24 && Math.abs(g - color[1]) < 24 && Math.abs(b - color[2]) < 24) near++;
      }
      return near;
    }, rgb);
}

/**
 * The newest point's time and what every legend shows for it, read in one go (the page polls every
 * second: a later read could see a newer point).
 */
function legendSnapshot(page: Page): Promise<{ t: number; values: Record<string, string> }> {
  return page.evaluate(() => {
    const values: Record<string, string> = {};
    for (const chart of Array.from(document.querySelectorAll<HTMLElement>('[data-testid^="chart-"]'))) {
      for (const series of Array.from(chart.querySelectorAll('.u-legend .u-series'))) {
        const label = series.querySelector('.u-label')?.textContent ?? '';
        values[`${chart.dataset.testid ?? ''}/${label}`] = series.querySelector('.u-value')?.textContent ?? '';
      }
    }
    return { t: Number(document.querySelector<HTMLElement>('[data-testid="chart-throughput"]')?.dataset.lastT), values };
  });
}

async function shoot(page: Page, name: string, width: number, height: number, scheme: 'light' | 'dark'): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.emulateMedia({ colorScheme: scheme });
  await page.reload();
  await expect(page.getByTestId('chart-throughput').locator('canvas')).toBeVisible();
  await expect.poll(() => page.getByTestId('chart-throughput').getAttribute('data-points')).not.toBe('0');
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}-${scheme}.png`) });
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}-${scheme}-full.png`), fullPage: true });
}

test('the dashboard draws real runs, matches the API, updates live', async ({ page }) => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  dir = await mkdtemp(path.join(tmpdir(), 'dashboard-e2e-'));
  await writeFile(path.join(dir, 'fns.js'), FUNCTIONS);
  await writeFile(path.join(dir, 'project.json'), JSON.stringify(PROJECT));
  engine = await createEngine({
    loaded: await loadProject(path.join(dir, 'project.json')),
    environment: { offline: true, cacheDir: path.join(dir, 'cache') },
  });
  store = openStore({ dataDir: path.join(dir, 'store'), logger: silentLogger });
  server = await startServer({
    engine,
    dataDir: path.join(dir, 'data'),
    rendererDir: path.join(ROOT, 'dist/renderer'),
    metricsHistory: { store, sampleMs: 1_000 },
  });
  const api = engine.app.events[0]?.apiName ?? '';
  // Four waves a little more than a sample apart, so the charts have several points.
  for (let wave = 0; wave < 4; wave++) {
    await runJobs(server.url, api, 10 + wave * 4);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
  }

  // A stranger (no owner cookie) has no Dashboard link and no dashboard.
  await page.goto(server.url);
  await expect(page.getByRole('heading', { name: 'Dashboard fixture' })).toBeVisible();
  await expect(page.getByTestId('dashboard-link')).toHaveCount(0);
  expect((await page.goto(`${server.url}dashboard`))?.status()).toBe(401);

  // The owner link signs this browser in; the demo page then offers the dashboard.
  await page.goto(server.ownerLoginUrl());
  await page.getByTestId('dashboard-link').click();
  await expect(page).toHaveURL(`${server.url}dashboard`);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  // Charts drawn from the runs: a canvas per chart, with the series' colours in it.
  await expect.poll(() => page.getByTestId('tile-completed').locator('dd').innerText(), { timeout: 30_000 }).not.toBe('0');
  for (const id of ['throughput', 'latency', 'queue', 'batches', 'errors', 'memory']) {
    await expect(page.getByTestId(`chart-${id}`).locator('canvas')).toHaveCount(1);
  }
  await expect.poll(() => pixelsNear(page, 'chart-throughput', [0x3b, 0x82, 0xf6])).toBeGreaterThan(50);
  await expect.poll(() => pixelsNear(page, 'chart-latency', [0xea, 0x58, 0x0c])).toBeGreaterThan(20);
  // Memory is one flat line that grows about a pixel a second across the 15-minute axis: wait for it to be drawn.
  await expect.poll(() => pixelsNear(page, 'chart-memory', [0x3b, 0x82, 0xf6]), { timeout: 60_000 }).toBeGreaterThan(20);

  // The legends show the newest point, as the API has it.
  const legend = await legendSnapshot(page);
  const lastT = legend.t;
  const answer = (await page.evaluate(async (from) => {
    const response = await fetch(`./api/metrics/history?from=${from}`);
    return (await response.json()) as unknown;
  }, lastT)) as HistoryAnswer;
  const row: MetricsRow | undefined = answer.rows.find((r) => r.t === lastT && r.event === api);
  expect(row, JSON.stringify(answer.rows.slice(0, 3))).toBeDefined();
  if (!row) return;
  expect(legend.values['chart-throughput/completed']).toBe(formatRate(row.completed / (row.intervalMs / 1000)));
  expect(legend.values['chart-latency/p95']).toBe(formatMs(row.latencyP95));
  expect(legend.values['chart-queue/wait p50']).toBe(formatMs(row.waitP50));
  expect(legend.values['chart-memory/server RSS']).toBe(formatBytes(row.rssBytes));

  // Live: more runs while the page is open show up without a reload.
  const before = Number(await page.getByTestId('tile-completed').locator('dd').innerText());
  await runJobs(server.url, api, 12);
  await expect
    .poll(async () => Number(await page.getByTestId('tile-completed').locator('dd').innerText()), { timeout: 30_000 })
    .toBeGreaterThan(before);
  expect(Number(await page.getByTestId('chart-throughput').getAttribute('data-last-t'))).toBeGreaterThan(lastT);

  for (const scheme of ['light', 'dark'] as const) {
    await shoot(page, 'dashboard', 1280, 800, scheme);
    await shoot(page, 'dashboard', 390, 844, scheme);
  }
});
