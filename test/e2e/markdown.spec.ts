import { expect, test, type Request } from '@playwright/test';
import { watchPage } from './support/page-watch.js';
import { serve, type ServedApp } from './support/serve.js';

/**
 * Markdown in Chromium (examples/chat, whose bot answers "markdown" with a table, code, a task list
 * and math): real table and highlighted code elements, KaTeX typeset with its fonts under the
 * page's CSP, the math and highlighting chunks loaded only once a message needs them, the code
 * block's copy button, and raw HTML and script links in a message shown as text, never run.
 */

let app: ServedApp | null = null;

test.afterAll(async () => {
  await app?.stop(2_000);
});

const isChunk = (name: string) => (request: Request) => new RegExp(`/assets/${name}-[^/]*\\.js$`).test(request.url());

test('markdown: a chat reply with a table, highlighted code and math; nothing in a message runs', async ({ page, context }) => {
  app = await serve('examples/chat/project.json');
  const watch = await watchPage(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.url).origin });
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await page.goto(app.url);
  const box = page.getByLabel('Message', { exact: true });
  const log = page.getByRole('log', { name: 'Conversation' });
  await expect(log).toContainText('No messages yet');
  // The page's own Markdown has no math and no code: neither chunk is loaded.
  expect(requests.filter(isChunk('math'))).toEqual([]);
  expect(requests.filter(isChunk('highlight'))).toEqual([]);

  await box.fill('markdown');
  await box.press('Enter');
  const reply = log.getByTestId('chat-assistant').last();
  await expect(reply).toContainText('frac', { timeout: 20_000 }); // the last token has arrived (in KaTeX's annotation)

  const table = reply.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Model', 'Size', 'Offline']);
  await expect(table.getByRole('row', { name: /t5-small/ }).getByRole('cell')).toHaveText(['t5-small', '60 MB', 'after download']);

  const code = reply.locator('pre code.language-js');
  await expect(code.locator('.hljs-keyword').first()).toHaveText('const');
  await expect(code.locator('.hljs-string').first()).toHaveText('"http://127.0.0.1:7860/"');
  // Highlighted tokens differ in colour from plain code text.
  const [keyword, plain] = await Promise.all([
    code
      .locator('.hljs-keyword')
      .first()
      .evaluate((el) => getComputedStyle(el).color),
    code.evaluate((el) => getComputedStyle(el).color),
  ]);
  expect(keyword).not.toBe(plain);

  await expect(reply.getByRole('checkbox')).toHaveCount(2);
  await expect(reply.getByRole('checkbox').first()).toBeChecked();
  await expect(reply.locator('del')).toHaveText('plain text');
  await expect(reply.locator('li li')).toHaveText('like this one');

  await expect(reply.locator('.katex')).toHaveCount(2);
  await expect(reply.locator('.katex-display')).toHaveCount(1);
  // KaTeX's fonts come from the server (font-src falls back to default-src 'self') and load.
  const katexFontLoaded = (): Promise<boolean> =>
    page.evaluate(() => {
      let loaded = false;
      document.fonts.forEach((font) => {
        if (font.family.replaceAll('"', '') === 'KaTeX_Main' && font.status === 'loaded') loaded = true;
      });
      return loaded;
    });
  await expect.poll(katexFontLoaded).toBe(true);
  expect(requests.filter(isChunk('math'))).toHaveLength(1);
  expect(requests.filter(isChunk('highlight'))).toHaveLength(1);

  // Copy on a code block copies its text.
  await reply.locator('.md-code-block').hover();
  await reply.getByRole('button', { name: 'Copy code' }).click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    'const client = await Client.connect("http://127.0.0.1:7860/");\nconst result = await client.predict("/chat", { message: "hello", chat: [] });',
  );

  // The bot echoes anything else: raw HTML and a script link come back as text and inert.
  const hostile = 'x <img src=nope onerror="window.__pwned = 1"> <script>window.__pwned = 2</script> [click](javascript:window.__pwned=3)';
  await box.fill(hostile);
  await box.press('Enter');
  const echo = log.getByTestId('chat-assistant').last();
  await expect(echo).toContainText('<script>window.__pwned = 2</script> click');
  await expect(echo.locator('img, script, a')).toHaveCount(0);
  await echo.getByText('click').click();
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  expect(await watch.problems(), app.output()).toEqual([]);
  await page.close();
  expect(await app.stop(), app.output()).toEqual({ code: 0, signal: null });
  app = null;
});
