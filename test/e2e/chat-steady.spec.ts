import { expect, test } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * The chat page holds still while a reply streams (examples/chat), as Gradio's Chatbot does with
 * its fixed height: the conversation box keeps its size from the empty state to a long reply
 * (the log scrolls inside it), so the message box the user may be typing in never moves. Every
 * animation frame is sampled in the page, from before the first message to the end of a reply
 * long enough to overflow the box, at 1280 and 390 px. The box stays at most half the window
 * high, so on a phone Send is in view and the History button covers none of it.
 */

let app: ServedApp | null = null;

test.beforeAll(async () => {
  app = await serve('examples/chat/project.json');
});

test.afterAll(async () => {
  await app?.stop(5_000);
  app = null;
});

for (const [width, height] of [
  [1280, 800],
  [390, 844],
] as const) {
  test(`chat at ${width} px: the message box does not move while replies stream`, async ({ page }) => {
    if (!app) throw new Error('server not started');
    const watch = await watchPage(page);
    await page.setViewportSize({ width, height });
    await page.goto(app.url);
    const box = page.getByLabel('Message', { exact: true });
    const log = page.getByRole('log', { name: 'Conversation' });
    await expect(log).toContainText('No messages yet');
    // The message box and Send are in view at first, and nothing (the History button) covers Send.
    const send = page.getByRole('button', { name: 'Send' });
    await expect(box).toBeInViewport({ ratio: 1 });
    await expect(send).toBeInViewport({ ratio: 1 });
    expect(
      await send.evaluate((el) => {
        const r = el.getBoundingClientRect();
        // A 9 × 3 grid of points, 6 px in from the edges (inside the rounded border).
        const corners: [number, number][] = [];
        for (let i = 0; i <= 8; i++)
          for (let j = 0; j <= 2; j++) corners.push([r.left + 6 + ((r.width - 12) * i) / 8, r.top + 6 + ((r.height - 12) * j) / 2]);
        return corners.flatMap(([x, y]) => {
          const hit = document.elementFromPoint(x, y);
          return el.contains(hit) ? [] : [`${Math.round(x)},${Math.round(y)}: ${hit?.outerHTML.slice(0, 80) ?? 'nothing'}`];
        });
      }),
    ).toEqual([]);
    await page.evaluate(() => {
      const input = document.querySelector<HTMLElement>('[data-testid="component-message"]');
      if (!input) throw new Error('no message box');
      const tops = new Set<number>();
      const w = window as unknown as { __tops: Set<number>; __sampling: boolean };
      w.__tops = tops;
      w.__sampling = true;
      const frame = (): void => {
        tops.add(Math.round(input.getBoundingClientRect().top + window.scrollY));
        if (w.__sampling) requestAnimationFrame(frame);
      };
      frame();
    });
    for (const message of ['hello', 'markdown', 'count to 50']) {
      await box.fill(message);
      await box.press('Enter');
      await expect(log).toHaveAttribute('aria-busy', 'true');
      await expect(log).toHaveAttribute('aria-busy', 'false');
    }
    // The last reply overflowed the box: the log scrolls inside it.
    expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    const tops = await page.evaluate(() => {
      const w = window as unknown as { __tops: Set<number>; __sampling: boolean };
      w.__sampling = false;
      return [...w.__tops];
    });
    expect(tops, 'the message box moved (its top, in px from the page top)').toHaveLength(1);
    expect(await watch.problems()).toEqual([]);
  });
}
