import { expect, test } from '@playwright/test';
import { lowContrastText } from './support/contrast.js';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * A failed run marks every one of its outputs, as Gradio does: the error stands by the first, and
 * each other output carries an "Error" tag with the message as its description. Before, the other
 * outputs only stayed empty, and the message (about the right-hand model, in examples/two-models
 * offline) sat above the left-hand one alone.
 */

let app: ServedApp | undefined;
test.afterAll(async () => {
  await app?.stop();
});

for (const scheme of ['light', 'dark'] as const) {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    test(`a failed run with two outputs marks both (${scheme}, ${width} px)`, async ({ page }, testInfo) => {
      app ??= await serve('test/e2e/fixtures/fail-two/project.json');
      const watch = await watchPage(page);
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height });
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Run both' }).click();

      const slot = (key: string) => page.locator('.slot', { has: page.getByTestId(`component-${key}`) });
      await expect(slot('left').getByTestId('job-error')).toContainText('not in the local cache');
      const tag = slot('right').getByTestId('job-failed-tag');
      await expect(tag).toHaveText('Error');
      await expect(tag).toHaveAccessibleName(/Error: The right model cannot continue "Once upon a time"/);
      // One full message on the page (the tag only points at it), and none of the tag's text is faint.
      await expect(page.getByTestId('job-error')).toHaveCount(1);
      expect(await lowContrastText(tag)).toEqual([]);
      // The tag sits inside its output, over nothing the user needs: the label stays readable.
      const [tagBox, outputBox] = [await tag.boundingBox(), await slot('right').boundingBox()];
      expect(tagBox && outputBox && tagBox.x + tagBox.width <= outputBox.x + outputBox.width + 0.5).toBe(true);
      await expect(slot('right').getByText('Right', { exact: true })).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath(`failed-outputs-${scheme}-${width}.png`) });

      // A new run clears the marks with the error.
      await page.getByRole('button', { name: 'Run both' }).click();
      await expect(slot('left').getByTestId('job-error')).toContainText('not in the local cache');
      await expect(tag).toHaveCount(1);
      expect(await watch.problems(), app.output()).toEqual([]);
    });
  }
}
