import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/** examples/greet: the smallest Interface app (a JS function), driven by mouse and keyboard. */

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

test('greet: fill, submit, read; examples, Enter and Clear', async ({ page }, testInfo) => {
  app = await serve('examples/greet/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Greet' })).toBeVisible();

  const name = page.getByLabel('Name', { exact: true });
  const greeting = page.getByLabel('Greeting', { exact: true });
  await expect(name).toHaveValue('World');
  await name.fill('Ada');
  await page.getByTestId('component-__submit').click();
  await expect(greeting).toHaveValue('Hello Ada!');

  // An example fills the input; Enter in the textbox submits.
  await page.getByRole('button', { name: /Use example 2/ }).click();
  await expect(name).toHaveValue('demo-desktop');
  await name.press('Enter');
  await expect(greeting).toHaveValue('Hello demo-desktop!');

  // Keyboard only: Tab from the input reaches Clear, then Submit.
  await name.focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('component-__clear')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('component-__submit')).toBeFocused();

  await page.getByTestId('component-__clear').click();
  await expect(name).toHaveValue('World');
  await expect(greeting).toHaveValue('');

  await page.screenshot({ path: testInfo.outputPath('greet-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath('greet-phone.png'), fullPage: true });

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
