import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The server restarts under an open page: a "Connection lost — reconnecting…" banner, then, once
 * the server is back on the same port, the page re-reads /config and carries on with the values
 * the user had typed.
 */

/** What a browser logs while the server is down (refused fetches, the client's broken stream). */
const WHILE_DOWN = [/ERR_CONNECTION_REFUSED/, /Failed to load resource/, /console\.error: (Event|\[object Event\])/];

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
