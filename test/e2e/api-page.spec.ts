import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * "Use via API" (#api) on the greet example: the page lists /predict with snippets for the URL it
 * was served from, and the curl snippet, replayed with fetch, really answers.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

/** The two requests of the curl snippet: its POST URL and -d body, and the stream URL prefix. */
function parseCurl(snippet: string): { postUrl: string; body: string; streamUrl: string } {
  const post = /curl -sS -X POST (\S+) \\/.exec(snippet);
  const body = /-d '((?:[^']|'\\'')*)'/.exec(snippet);
  const stream = /curl -sS -N (\S+)\$EVENT_ID/.exec(snippet);
  if (!post?.[1] || !body?.[1] || !stream?.[1]) throw new Error(`not a two-step curl snippet:\n${snippet}`);
  return { postUrl: post[1], body: body[1].replaceAll(`'\\''`, "'"), streamUrl: stream[1] };
}

test('api page: endpoints, real-URL snippets that work, OpenAPI link, and back to the demo', async ({ page, context }) => {
  app = await serve('examples/greet/project.json');
  const watch = await watchPage(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });

  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Greet' })).toBeVisible();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Playwright');

  await page.getByRole('link', { name: 'Use via API' }).click();
  await expect(page).toHaveURL(/#api$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Use via API' })).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: 'Greet' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 2, name: '/predict' })).toBeVisible();
  await expect(page.getByTestId('api-base-url')).toHaveText(app.url);

  const endpoint = page.getByTestId('api-endpoint-predict');
  await expect(endpoint.getByRole('rowheader', { name: /name/ })).toBeVisible();
  await expect(endpoint.getByRole('cell', { name: '"World"' })).toBeVisible();

  const js = (await page.getByTestId('snippet-js-predict').textContent()) ?? '';
  expect(js).toContain(`Client.connect("${app.url}")`);
  expect(js).toContain('client.predict("/predict", {');
  expect(js).toContain('name: "World",');
  const python = (await page.getByTestId('snippet-python-predict').textContent()) ?? '';
  expect(python).toContain(`Client("${app.url}")`);
  expect(python).toContain('api_name="/predict"');

  await page.getByRole('button', { name: 'Copy the JavaScript snippet for /predict' }).click();
  await expect(page.getByRole('button', { name: 'Copy the JavaScript snippet for /predict' })).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(js);

  // Replay the curl snippet's two requests.
  const curl = parseCurl((await page.getByTestId('snippet-curl-predict').textContent()) ?? '');
  expect(curl.postUrl).toBe(`${app.url}gradio_api/call/predict`);
  const started = await fetch(curl.postUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: curl.body });
  expect(started.status).toBe(200);
  const { event_id } = (await started.json()) as { event_id: string };
  const stream = await fetch(`${curl.streamUrl}${event_id}`);
  expect(await stream.text()).toContain('event: complete\ndata: ["Hello World!"]');

  const openApiHref = await page.getByRole('link', { name: 'OpenAPI document' }).getAttribute('href');
  expect(openApiHref).toBe(`${app.url}gradio_api/openapi.json`);
  const openApi = (await (await fetch(openApiHref ?? '')).json()) as { openapi: string; paths: Record<string, unknown> };
  expect(openApi.openapi).toBe('3.1.0');
  expect(Object.keys(openApi.paths)).toContain('/gradio_api/call/predict');

  // Back to the demo: the runner stayed mounted, so the input kept its value.
  await page.getByRole('link', { name: 'Back to the demo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Greet' })).toBeVisible();
  await expect(name).toHaveValue('Playwright');

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  const exit = await app.stop();
  expect(exit, app.output()).toEqual({ code: 0, signal: null });
  app = null;
});

/**
 * On a phone (390 px) the API page of every example fits the screen: tables stack into cards,
 * long types wrap and code scrolls inside its own box, so the page never scrolls sideways. The
 * page needs only /gradio_api/info, so every example works here offline (models load on first use).
 */
const EXAMPLES = readdirSync(path.join(ROOT, 'examples')).filter((name) => existsSync(path.join(ROOT, 'examples', name, 'project.json')));

for (const name of EXAMPLES) {
  test(`api page of examples/${name} fits a 390 px phone`, async ({ page }) => {
    const served = await serve(`examples/${name}/project.json`);
    try {
      const watch = await watchPage(page);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${served.url}#api`);
      await expect(page.locator('.api-endpoint').first()).toBeVisible();
      await expect(page.locator('.api-snippet').first()).toBeVisible();
      const { scrollWidth, clientWidth } = await page.evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement;
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
      });
      expect(scrollWidth, `examples/${name}: the page scrolls sideways`).toBeLessThanOrEqual(clientWidth);
      // Each parameter is still a table row with its header cell, for screen readers.
      await expect(page.getByRole('rowheader').first()).toBeVisible();
      expect(await watch.problems(), served.output()).toEqual([]);
    } finally {
      await served.stop(5_000);
    }
  });
}
