import { expect, test, type Locator } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * examples/chat: Enter sends a message, the box clears, the bot's reply streams in token by token
 * (the text grows while the typing indicator shows), Markdown is rendered, the log follows the end
 * unless the user scrolls up, and Stop ends a long stream where it is.
 */

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

/** Samples a locator's text every 30 ms until it contains `until`; returns every distinct text seen. */
async function watchGrowth(target: Locator, until: string, timeoutMs = 20_000): Promise<string[]> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = (await target.count()) > 0 ? ((await target.textContent()) ?? '') : '';
    if (text !== '' && text !== seen.at(-1)) seen.push(text);
    if (text.includes(until)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  throw new Error(`"${until}" never appeared; last texts: ${seen.slice(-3).join(' | ')}`);
}

const distanceFromEnd = (log: Locator): Promise<number> => log.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

test('chat: streamed replies, typing indicator, Markdown, scrolling and Stop', async ({ page }) => {
  app = await serve('examples/chat/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);

  const box = page.getByLabel('Message', { exact: true });
  const log = page.getByRole('log', { name: 'Conversation' });
  const replies = log.getByTestId('chat-assistant').locator('.chat-content');
  const typing = page.getByTestId('chat-typing');
  await expect(log).toContainText('No messages yet');

  // Enter sends: the message shows and the box clears at once, then the reply streams.
  await box.fill('hello');
  await box.press('Enter');
  await expect(log.getByTestId('chat-user')).toHaveText(/hello/);
  await expect(box).toHaveValue('');
  await expect(log.locator('strong', { hasText: 'count to 10' })).toBeVisible(); // Markdown, not raw **
  await expect(typing).toHaveCount(0);

  // A longer reply: partial texts appear before the final one, each extending the previous.
  await box.fill('count to 40');
  await box.press('Enter');
  await expect(typing).toBeVisible();
  await expect(log).toHaveAttribute('aria-busy', 'true');
  const seen = await watchGrowth(replies.nth(1), '40. Done!');
  expect(seen.length, seen.join(' | ')).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < seen.length; i++) expect(seen[i]?.startsWith(seen[i - 1] ?? '\u0000'), `${seen[i - 1]} → ${seen[i]}`).toBe(true);
  expect(seen[0]?.length).toBeLessThan(seen.at(-1)?.length ?? 0);
  await expect(replies.nth(1)).toHaveText(
    '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40. Done!',
  );
  await expect(typing).toHaveCount(0);
  await expect(log).toHaveAttribute('aria-busy', 'false');

  // A long stream: the log follows the newest text while the end is in view...
  await box.fill('count to 1000');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => log.evaluate((el) => el.scrollHeight > el.clientHeight + 100), { timeout: 20_000 }).toBe(true);
  expect(await distanceFromEnd(log)).toBeLessThan(30);
  // ...and stays where the user scrolled to read.
  await log.evaluate((el) => el.scrollTo({ top: 0 }));
  const before = (await replies.nth(2).textContent()) ?? '';
  await expect
    .poll(async () => ((await replies.nth(2).textContent()) ?? '').length, { timeout: 5_000 })
    .toBeGreaterThan(before.length + 10);
  expect(await log.evaluate((el) => el.scrollTop)).toBeLessThan(30);

  // Stop ends the stream where it is: the text stops growing and never finishes.
  await page.getByRole('button', { name: 'Stop chat' }).click();
  await expect(page.getByTestId('job-cancelled')).toHaveText('Cancelled');
  await expect(typing).toHaveCount(0);
  const stopped = (await replies.nth(2).textContent()) ?? '';
  await page.waitForTimeout(800);
  expect((await replies.nth(2).textContent()) ?? '').toBe(stopped);
  expect(stopped).not.toContain('Done!');
  expect(stopped).toMatch(/^1 2 3/);

  // The session goes on after a stop; Clear empties the conversation.
  await box.fill('help');
  await box.press('Enter');
  await expect(replies.nth(3)).toContainText('echo it back');
  await page.getByTestId('component-clear').click();
  await expect(log).toContainText('No messages yet');

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
