import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve } from './support/serve.js';

/**
 * On a phone (390 px) the demo page of every example fits the screen: nothing, an example chip
 * with a paragraph of text included (examples/summarize), makes the page scroll sideways. The page
 * needs only /config, so every example works here offline (models load on first use). Scrolled to
 * its end, no control lies under the floating History button (examples/chat: Clear did).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLES = readdirSync(path.join(ROOT, 'examples')).filter((name) => existsSync(path.join(ROOT, 'examples', name, 'project.json')));

for (const name of EXAMPLES) {
  test(`demo page of examples/${name} fits a 390 px phone`, async ({ page }) => {
    const served = await serve(`examples/${name}/project.json`);
    try {
      const watch = await watchPage(page);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(served.url);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await expect(page.getByRole('button').first()).toBeVisible();
      const { scrollWidth, clientWidth, wide } = await page.evaluate(() => {
        const root = document.scrollingElement ?? document.documentElement;
        const wide = Array.from(document.body.querySelectorAll<HTMLElement>('*'))
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
      });
      expect(scrollWidth, `examples/${name}: the page scrolls sideways (${wide.join(', ')})`).toBeLessThanOrEqual(clientWidth);
      // An example chip shows its text on one line, cut with an ellipsis, inside the screen.
      for (const chip of await page.locator('.example-chip').all()) {
        const box = await chip.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= clientWidth, `examples/${name}: an example chip leaves the screen`).toBe(true);
      }
      // Scrolled to the end, the floating History button covers no control.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const pill = await page.getByTestId('history-toggle').boundingBox();
      expect(pill, `examples/${name}: no History button`).not.toBeNull();
      const covered = await page.evaluate((p) => {
        if (!p) return [];
        return Array.from(document.querySelectorAll<HTMLElement>('button, a, input, textarea, select, [role="button"]'))
          .filter((el) => !el.closest('.history-toggle, .history-panel') && el.getClientRects().length > 0)
          .filter((el) => {
            const r = el.getBoundingClientRect();
            return r.left < p.x + p.width && r.right > p.x && r.top < p.y + p.height && r.bottom > p.y;
          })
          .map((el) =>
            el.textContent.trim() === '' ? (el.getAttribute('aria-label') ?? el.tagName.toLowerCase()) : el.textContent.trim(),
          );
      }, pill);
      expect(covered, `examples/${name}: under the History button at the end of the page`).toEqual([]);
      expect(await watch.problems(), served.output()).toEqual([]);
    } finally {
      await served.stop(5_000);
    }
  });
}
