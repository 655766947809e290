import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The server restarts under an open page: a "Connection lost — reconnecting…" banner, then, once
 * the server is back on the same port, the page re-reads /config and carries on with the values
 * the user had typed. The second test is the case the page cannot see coming (issue 12, item 8).
 */

/** What a browser logs while the server is down (refused fetches, the client's broken stream). */
const WHILE_DOWN = [/ERR_CONNECTION_REFUSED/, /Failed to load resource/, /console\.error: (Event|\[object Event\])/];
/** What a browser logs when the server is killed under an open event stream. */
const KILLED = [...WHILE_DOWN, /console\.error: TypeError: (network error|Failed to fetch)/, /ERR_INCOMPLETE_CHUNKED_ENCODING/];

/** Makes the page believe its tab is hidden (or visible again): the page's probes pause while hidden. */
async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

test('reconnect: banner while the server is down, then the page works again', async ({ page }) => {
  test.setTimeout(60_000);
  app = await serve('examples/greet/project.json');
  const port = Number(new URL(app.url).port);
  const watch = await watchPage(page, WHILE_DOWN);
  await page.goto(app.url);
  const name = page.getByLabel('Name', { exact: true });
  const greeting = page.getByLabel('Greeting', { exact: true });
  await name.fill('Ada');
  await page.getByTestId('component-__submit').click();
  await expect(greeting).toHaveValue('Hello Ada!');

  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toHaveText(/Connection lost — reconnecting…/, { timeout: 15_000 });
  await expect(banner).toHaveAttribute('role', 'status');

  app = await serve('examples/greet/project.json', 60_000, port);
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
  await expect(name).toHaveValue('Ada');
  await name.fill('Grace');
  await page.getByTestId('component-__submit').click();
  await expect(greeting).toHaveValue('Hello Grace!');

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});

test('reconnect: killed within the linger while the tab was hidden, the next run reconnects instead of waiting forever', async ({
  page,
}) => {
  test.setTimeout(90_000);
  app = await serve('examples/greet/project.json');
  const port = Number(new URL(app.url).port);
  const watch = await watchPage(page, KILLED);
  await page.goto(app.url);
  const name = page.getByLabel('Name', { exact: true });
  const greeting = page.getByLabel('Greeting', { exact: true });
  const submit = page.getByTestId('component-__submit');
  const banner = page.getByTestId('connection-banner');
  await name.fill('Ada');
  await submit.click();
  await expect(greeting).toHaveValue('Hello Ada!');

  // Killed within the 1 s the answered stream lingers, while no probe of the page runs: its client
  // keeps believing that stream open (@gradio/client 2.7), and nothing on screen changes.
  await setHidden(page, true);
  expect((await app.kill()).signal).toBe('SIGKILL');
  app = await serve('examples/greet/project.json', 60_000, port);
  await setHidden(page, false);
  await expect(banner).toHaveCount(0);

  // Before the fix this run waited forever. Now it finds the stream dead and the page reconnects.
  await name.fill('Grace');
  await submit.click();
  await expect(banner).toHaveText(/Connection lost — reconnecting…/, { timeout: 15_000 });
  await expect(banner).toHaveCount(0, { timeout: 15_000 });
  await expect(name).toHaveValue('Grace');
  await submit.click();
  await expect(greeting).toHaveValue('Hello Grace!');

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
