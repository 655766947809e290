import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * Small things a new user meets: examples are chips that work from the keyboard, a read-only
 * output is not a tab stop (but its text can still be selected and copied), and on a phone an
 * error toast does not cover the inline error it repeats (it is still announced); on a wide screen
 * the History button and panel do not cover the toast.
 */

let app: ServedApp | null = null;

test.afterEach(async () => {
  await app?.stop(2_000);
  app = null;
});

test('examples are keyboard chips; the read-only output is skipped by Tab', async ({ page }) => {
  app = await serve('examples/greet/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);
  const name = page.getByLabel('Name', { exact: true });
  const greeting = page.getByLabel('Greeting', { exact: true });
  const chips = page.getByTestId('examples').getByRole('listitem').getByRole('button');
  await expect(chips).toHaveText(['World', 'demo-desktop']);
  await expect(chips.nth(1)).toHaveAccessibleName('Use example 2: demo-desktop');

  // Submit, then Tab: past the output to the run's Flag button (under the outputs), then the first example.
  await name.fill('Ada');
  await page.getByTestId('component-__submit').focus();
  await page.keyboard.press('Enter');
  await expect(greeting).toHaveValue('Hello Ada!');
  const flag = page.getByTestId('flag-bar').getByRole('button', { name: /flag/i });
  await expect(flag).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(flag).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(chips.nth(0)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(chips.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(name).toHaveValue('demo-desktop');
  await page.keyboard.press('Shift+Tab');
  await expect(chips.nth(0)).toBeFocused();
  await page.keyboard.press(' ');
  await expect(name).toHaveValue('World');

  // Backwards from the examples: the Flag button, then Submit, not the output.
  await page.keyboard.press('Shift+Tab');
  await expect(flag).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('component-__submit')).toBeFocused();

  // Still readable and selectable: a click focuses it and its text can be selected.
  await expect(greeting).toHaveAttribute('readonly', '');
  await greeting.click();
  await expect(greeting).toBeFocused();
  await greeting.selectText();
  expect(await greeting.evaluate((el: HTMLInputElement) => el.value.slice(el.selectionStart ?? 0, el.selectionEnd ?? 0))).toBe(
    'Hello Ada!',
  );

  expect(await watch.problems(), app.output()).toEqual([]);
});

test('on a phone an error toast does not cover the inline error; it is still announced', async ({ page }) => {
  app = await serve('test/e2e/fixtures/blocks/project.json');
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(app.url);
  await page.getByTestId('component-fail').click();
  const inline = page.getByTestId('job-error');
  await expect(inline).toContainText('this function always fails');
  const toast = page.getByRole('alert').filter({ hasText: 'this function always fails' });
  await expect(toast).toHaveCount(1);
  await expect(toast).toHaveAttribute('data-testid', 'toast-error');
  // Nothing of the toast covers the page: it is clipped to nothing.
  const box = await toast.boundingBox();
  expect(box ? box.width * box.height : 0).toBeLessThanOrEqual(1);
  await inline.scrollIntoViewIfNeeded();
  const covered = await inline.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit !== null && !el.contains(hit);
  });
  expect(covered).toBe(false);

  // On a wide screen the same toast shows.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(toast).toBeVisible();
  expect((await toast.boundingBox())?.width).toBeGreaterThan(200);
  expect(await watch.problems(), app.output()).toEqual([]);
});

test('on a wide screen the History button and panel cover no part of an error toast', async ({ page }) => {
  app = await serve('examples/summarize/project.json', 60_000, 0, ['--offline']);
  const watch = await watchPage(page, [/Failed to load resource/]);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(app.url);
  // Offline, with no model in the cache, the run fails with a long message: a tall toast.
  await page.getByTestId('examples').getByRole('button').first().click();
  await page.getByRole('button', { name: 'Submit' }).click();
  const toast = page.getByTestId('toast-error');
  await expect(toast).toBeVisible();
  await page.mouse.move(0, 0);
  /** Points of the toast (a 9 × 9 grid, 4 px in from its edges) where something else is drawn on top. */
  const coveredAt = (): Promise<string[]> =>
    toast.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const covered: string[] = [];
      for (let i = 0; i <= 8; i++) {
        for (let j = 0; j <= 8; j++) {
          const [x, y] = [r.left + 4 + ((r.width - 8) * i) / 8, r.top + 4 + ((r.height - 8) * j) / 8];
          const hit = document.elementFromPoint(x, y);
          if (hit && !el.contains(hit)) covered.push(`${Math.round(x)},${Math.round(y)}: ${hit.className}`);
        }
      }
      return covered;
    });
  expect(await coveredAt()).toEqual([]);
  // With the History panel open the toast moves beside it, still whole.
  await page.getByTestId('history-toggle').click();
  await expect(page.getByTestId('history-panel')).toBeVisible();
  await expect(toast).toBeVisible();
  expect(await coveredAt()).toEqual([]);
  expect(await watch.problems(), app.output()).toEqual([]);
});
