import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import { ShareController } from '../../main/sharing/share-controller.js';
import { startTestServer, visit } from '../share-server/support.js';
import { lowContrastText } from './support/contrast.js';

/**
 * The owner's Share panel in a real browser, against a real share server on 127.0.0.1 and the
 * real ssh tunnel: the owner opens the owner link, clicks Share, starts sharing, sees the link,
 * its QR code and expiry, copies it, sees a visitor's request arrive live, revokes, stops. A page
 * that is not the owner's has no Share button. Screenshots of the panel (1280x800 and 390x844,
 * light and dark) go to test-results/share-panel/ (SHARE_SHOTS_DIR to put them elsewhere).
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = process.env.SHARE_SHOTS_DIR ?? path.join(ROOT, 'test-results', 'share-panel');

let engine: Engine | null = null;
let server: RunningServer | null = null;
let shareServer: RunningShareServer | null = null;
let dataDir = '';

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'share-panel-e2e-'));
  shareServer = await startTestServer(path.join(dataDir, 'share-server'));
  engine = await createEngine({
    loaded: await loadProject(path.join(ROOT, 'examples/greet/project.json')),
    environment: { offline: true, cacheDir: path.join(dataDir, 'cache') },
  });
  server = await startServer({
    engine,
    dataDir: path.join(dataDir, 'demo'),
    rendererDir: path.join(ROOT, 'dist/renderer'),
    sharing: (surface) => new ShareController({ surface, dataDir: path.join(dataDir, 'app') }),
  });
  await mkdir(SHOTS, { recursive: true });
});

test.afterAll(async () => {
  await server?.close();
  await engine?.dispose();
  await shareServer?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function shots(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await page.screenshot({ path: path.join(SHOTS, `${name}-${width}-${scheme}.png`) });
      // Every text of the panel (the green "Online" state and 2xx statuses too) meets WCAG AA.
      expect(await lowContrastText(page.getByTestId('share-panel')), `${name} at ${width} px, ${scheme}`).toEqual([]);
    }
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the owner shares from the Share panel: link, QR, expiry, copy, a live visitor, revoke, stop', async ({ page, context }) => {
  const running = server;
  const relay = shareServer;
  if (!running || !relay) throw new Error('not started');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.url.replace(/\/$/, '') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(running.ownerLoginUrl());
  await expect(page.getByRole('heading', { level: 1, name: 'Greet' })).toBeVisible();

  await page.getByTestId('share-button').click();
  const panel = page.getByTestId('share-panel');
  await expect(panel.getByRole('heading', { name: 'Share this demo' })).toBeVisible();
  await panel.getByTestId('share-server').fill(`share://secret-token@127.0.0.1:${relay.sshPort}`);
  await panel.getByTestId('share-expiry-choice').selectOption('24');
  await shots(page, 'share-panel-start');
  await panel.getByRole('button', { name: 'Start sharing' }).click();

  await expect(panel.getByTestId('share-state')).toHaveText(/Online/);
  const linkField = panel.getByTestId('share-link');
  await expect(linkField).toHaveValue(/^http:\/\/[a-z0-9-]+\.share\.test:\d+\/\?key=[\w-]{43}$/);
  const link = await linkField.inputValue();
  await expect(panel.getByTestId('share-qr')).toBeVisible();
  await expect(panel.getByTestId('share-expiry')).toHaveText(/Expires in 23 h 5\d min/);
  await expect(page.getByTestId('share-button')).toHaveText(/Sharing/);

  await panel.getByTestId('share-copy').click();
  await expect(panel.getByTestId('share-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // A visitor through the public URL, live in the panel.
  const host = new URL(link).host;
  const key = new URL(link).searchParams.get('key') ?? '';
  expect((await visit(relay.httpPort, host, '/config', { authorization: `Bearer ${key}` })).status).toBe(200);
  expect((await visit(relay.httpPort, host, '/gradio_api/info')).status).toBe(401);
  const requests = panel.getByTestId('share-requests');
  await expect(requests.locator('tbody tr')).toHaveCount(2);
  await expect(requests.locator('tbody tr').nth(1)).toContainText('/config');
  await expect(requests.locator('tbody tr').nth(1)).toContainText('200');
  await expect(requests.locator('tbody tr').nth(0)).toContainText('401');
  await expect(panel.getByTestId('share-visitors')).toHaveText('1 visitor now');
  await expect(panel).not.toContainText(key);
  await shots(page, 'share-panel-online');

  // Revoke: a new key in the panel, the old one refused at once.
  await panel.getByTestId('share-revoke').click();
  await expect(linkField).not.toHaveValue(link);
  const newLink = await linkField.inputValue();
  expect(new URL(newLink).host).toBe(host);
  expect((await visit(relay.httpPort, host, '/config', { authorization: `Bearer ${key}` })).status).toBe(401);
  const newKey = new URL(newLink).searchParams.get('key') ?? '';
  expect((await visit(relay.httpPort, host, '/config', { authorization: `Bearer ${newKey}` })).status).toBe(200);

  // Stop: back to the form (the server remembered), and the link is dead.
  await panel.getByTestId('share-stop').click();
  await expect(panel.getByRole('button', { name: 'Start sharing' })).toBeVisible();
  await expect(panel.getByTestId('share-server')).toHaveValue(`share://secret-token@127.0.0.1:${relay.sshPort}`);
  await expect(page.getByTestId('share-button')).toHaveText('Share');
  expect((await visit(relay.httpPort, host, '/config', { authorization: `Bearer ${newKey}` })).status).not.toBe(200);

  // A failure names its step and what to do.
  await panel.getByTestId('share-server').fill(`share://wrong-token@127.0.0.1:${relay.sshPort}`);
  await panel.getByRole('button', { name: 'Start sharing' }).click();
  await expect(panel.getByTestId('share-state')).toContainText('Sharing failed at step “auth”');
  await expect(panel.getByTestId('share-state').locator('textarea')).toHaveValue(/^ssh-ed25519 AAAA/);
  await shots(page, 'share-panel-failed');
});

test('a page that is not the owner’s has no Share button', async ({ page }) => {
  if (!server) throw new Error('not started');
  await page.goto(server.url);
  await expect(page.getByRole('heading', { level: 1, name: 'Greet' })).toBeVisible();
  await expect(page.getByTestId('theme-toggle')).toBeVisible();
  // /api/owner has answered by the time the owner's page shows the button; give it that long here too.
  const owner = await page.evaluate(async () => ((await (await fetch('/api/owner')).json()) as { owner: boolean }).owner);
  expect(owner).toBe(false);
  await expect(page.getByTestId('share-button')).toHaveCount(0);
  expect(await page.evaluate(async () => (await fetch('/api/share')).status)).toBe(401);
});
