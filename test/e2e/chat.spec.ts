import { expect, test, type Locator } from '@playwright/test';
import { recordChat } from './support/chat-frames.js';
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

/** The texts in order, each once (consecutive repeats dropped). */
function distinct(texts: readonly string[]): string[] {
  return texts.filter((text, i) => i === 0 || text !== texts[i - 1]);
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

  // A longer reply: partial texts appear before the final one, each extending the previous, while
  // the typing indicator shows and the log is busy. Recorded in the page as it renders: at 25
  // tokens a second the reply can be over before a loaded test's first look.
  const recorder = await recordChat(page, log, box);
  await box.fill('count to 40');
  await box.press('Enter');
  const final = '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40. Done!';
  await expect(replies.nth(1)).toHaveText(final);
  await expect(typing).toHaveCount(0);
  await expect(log).toHaveAttribute('aria-busy', 'false');
  const frames = await recorder.frames();
  const seen = distinct(frames.map((frame) => frame.replies[1] ?? '').filter((text) => text !== ''));
  expect(seen.length, seen.join(' | ')).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < seen.length; i++) expect(seen[i]?.startsWith(seen[i - 1] ?? '\u0000'), `${seen[i - 1]} → ${seen[i]}`).toBe(true);
  expect(seen.at(-1)).toBe(final);
  const partial = frames.filter((frame) => (frame.replies[1] ?? '') !== '' && frame.replies[1] !== final);
  expect(partial.length).toBeGreaterThan(0);
  for (const frame of partial)
    expect(frame, 'a partial reply shows the typing dots in a busy log').toMatchObject({ typing: true, busy: 'true' });

  // A long stream: the log follows the newest text while the end is in view...
  await box.fill('count to 1000');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => log.evaluate((el) => el.scrollHeight > el.clientHeight + 100), { timeout: 20_000 }).toBe(true);
  expect(await distanceFromEnd(log)).toBeLessThan(30);
  // ...and stays where the user scrolled to read.
  await log.evaluate((el) => el.scrollTo({ top: 0 }));
  const before = (await replies.nth(2).textContent()) ?? '';
  await expect.poll(async () => ((await replies.nth(2).textContent()) ?? '').length).toBeGreaterThan(before.length + 10);
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

test('chat: what the user types while the reply streams stays in the box', async ({ page }) => {
  app = await serve('examples/chat/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);
  const box = page.getByLabel('Message', { exact: true });
  const log = page.getByRole('log', { name: 'Conversation' });
  const reply = log.getByTestId('chat-assistant').locator('.chat-content');

  const recorder = await recordChat(page, log, box);
  await box.fill('count to 300');
  await box.press('Enter');
  await expect(reply).toContainText('1 2 3');
  // Typed key by key while tokens arrive (each token is a new partial that writes the box too).
  const typed = 'next question';
  await box.pressSequentially(typed, { delay: 60 });
  await expect(reply).toContainText('300. Done!', { timeout: 60_000 });
  await expect(box).toHaveValue(typed);
  // What the page rendered meanwhile: from the first key on, the box always held what was typed so
  // far, partials arrived while it held part of the text and after it held all of it.
  const frames = await recorder.frames();
  const from = frames.findIndex((frame) => frame.box !== '' && frame.box !== 'count to 300');
  expect(from, 'a token arrived after the first key').toBeGreaterThan(-1);
  const after = frames.slice(from);
  for (const frame of after) expect(typed.startsWith(frame.box) && frame.box !== '', `box "${frame.box}"`).toBe(true);
  const streaming = (frame: (typeof frames)[number]): boolean => !(frame.replies[0] ?? '').includes('Done!');
  expect(
    after.some((frame) => frame.box !== typed && streaming(frame)),
    'a token arrived while typing',
  ).toBe(true);
  const whole = after.filter((frame) => frame.box === typed && streaming(frame)).map((frame) => frame.replies[0] ?? '');
  expect(distinct(whole).length, 'the reply grew after the text was typed').toBeGreaterThanOrEqual(2);
  await box.press('Enter');
  await expect(log.getByTestId('chat-user').last()).toHaveText(/next question/);

  expect(await watch.problems(), app.output()).toEqual([]);
});

test('chat: the message shows at once while it waits for the server, and the dots sit in a small bubble', async ({ page }) => {
  app ??= await serve('examples/chat/project.json');
  const watch = await watchPage(page);
  await page.goto(app.url);
  const box = page.getByLabel('Message', { exact: true });
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log).toContainText('No messages yet');

  // Hold the join back: the page must not wait for the queue to show what was sent.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/gradio_api/queue/join*', async (route) => {
    await held;
    await route.continue();
  });
  await box.fill('hello');
  await box.press('Enter');
  const pending = log.locator('[data-testid="chat-user"][data-pending="true"]');
  await expect(pending).toHaveText(/hello/);
  await expect(pending).toContainText('sending');
  await expect(box).toHaveValue('');
  // Waiting for the first token: three small dots in a bubble of their own, not a row-wide pill.
  const waiting = log.getByTestId('chat-assistant-waiting');
  await expect(waiting.getByTestId('chat-typing')).toBeVisible();
  const width = await waiting.evaluate((el) => el.getBoundingClientRect().width);
  const logWidth = await log.evaluate((el) => el.getBoundingClientRect().width);
  expect(width).toBeLessThan(100);
  expect(width).toBeLessThan(logWidth / 4);
  release();

  // The run writes the conversation: the message is no longer pending, the reply follows.
  await expect(log.getByTestId('chat-user')).toHaveCount(1);
  await expect(log.getByTestId('chat-user')).not.toHaveAttribute('data-pending');
  const reply = log.getByTestId('chat-assistant');
  await expect(reply).toContainText('tiny rule-based bot');
  await expect(page.getByRole('button', { name: 'Send' })).toBeVisible(); // the reply is complete
  // A reply is as wide as its text, not the whole log.
  await box.fill('hi');
  await box.press('Enter');
  await expect(reply.nth(1)).toContainText('Hello again!');
  expect(await reply.nth(1).evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(logWidth / 2);

  // While a long reply streams, the dots are inside its bubble, after the text (a reply of 40 s, ended
  // by Stop: still streaming when a loaded test looks).
  await box.fill('count to 1000');
  await box.press('Enter');
  await expect(reply.nth(2)).toContainText('1 2 3');
  await expect(reply.nth(2).getByTestId('chat-typing')).toBeVisible();
  await expect(log.getByTestId('chat-assistant-waiting')).toHaveCount(0);
  await page.getByRole('button', { name: 'Stop chat' }).click();
  await expect(log.getByTestId('chat-typing')).toHaveCount(0);

  expect(await watch.problems(), app.output()).toEqual([]);
});

test('chat on a phone: Stop takes Send’s place while the reply streams', async ({ page }) => {
  app ??= await serve('examples/chat/project.json');
  const watch = await watchPage(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(app.url);
  const box = page.getByLabel('Message', { exact: true });
  const send = page.getByRole('button', { name: 'Send' });
  await expect(send).toBeVisible();

  await box.fill('count to 1000');
  await send.click();
  const stop = page.getByRole('button', { name: 'Stop chat' });
  await expect(stop).toBeVisible();
  await expect(send).toBeHidden();
  // Stop is where Send is (the log above grows as the reply streams and moves both alike).
  const boxes = await page.evaluate(() => {
    const rect = (key: string): DOMRect => {
      const el = document.querySelector(`[data-testid="${key}"]`);
      if (!el) throw new Error(`no ${key}`);
      return el.getBoundingClientRect();
    };
    const [stopRect, sendRect] = [rect('stop-button'), rect('component-send')];
    return {
      stop: [stopRect.x, stopRect.y, stopRect.width, stopRect.height],
      send: [sendRect.x, sendRect.y, sendRect.width, sendRect.height],
      boxBottom: rect('component-message').bottom,
    };
  });
  boxes.stop.forEach((value, i) =>
    expect(Math.abs(value - (boxes.send[i] ?? -1)), `Stop ${boxes.stop.join()} vs Send ${boxes.send.join()}`).toBeLessThan(0.5),
  );
  // Within reach of the thumb that sent it: right under the box, not at the top of the log.
  expect((boxes.stop[1] ?? 0) - boxes.boxBottom).toBeLessThan(60);
  await stop.click();
  await expect(page.getByTestId('job-cancelled')).toHaveText('Cancelled');
  await expect(send).toBeVisible();

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
