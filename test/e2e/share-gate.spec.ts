import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { createShareGate, type ShareGate } from '../../main/server/share/share-gate.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';

/**
 * A share link in a real browser: the built runner page through the share gate, behind a loopback
 * TCP server that stands in for the tunnel. Without the key the page is refused; with the link the
 * browser gets its cookie, the address bar loses the key, and the demo runs (its API calls and
 * result stream carry the cookie); a revoked link is refused at the next load.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

let engine: Engine | null = null;
let server: RunningServer | null = null;
let gate: ShareGate | null = null;
let tunnel: Server | null = null;
let dataDir = '';

test.afterAll(async () => {
  await gate?.close();
  if (tunnel) await new Promise<void>((resolve) => tunnel?.close(() => resolve()));
  await server?.close();
  await engine?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('a share link: refused without the key, the demo with it, refused again once revoked', async ({ page, context }) => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'share-e2e-'));
  engine = await createEngine({
    loaded: await loadProject(path.join(ROOT, 'examples/greet/project.json')),
    environment: { offline: true, cacheDir: path.join(dataDir, 'cache') },
  });
  server = await startServer({ engine, dataDir, rendererDir: path.join(ROOT, 'dist/renderer') });
  const shareGate = createShareGate({ server: server.share });
  gate = shareGate;
  tunnel = createServer((socket) => shareGate.accept(socket));
  await new Promise<void>((resolve) => tunnel?.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://127.0.0.1:${(tunnel.address() as AddressInfo).port}`;
  shareGate.setPublicUrl(publicUrl);

  const refused = await page.goto(`${publicUrl}/`);
  expect(refused?.status()).toBe(401);
  await expect(page.getByText('This demo is private: ask its owner for the link.')).toBeVisible();

  await page.goto(shareGate.link ?? '');
  expect(page.url()).toBe(`${publicUrl}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Greet' })).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'dd_share');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  await page.getByLabel('Name', { exact: true }).fill('Ada');
  await page.getByTestId('component-__submit').click();
  await expect(page.getByLabel('Greeting', { exact: true })).toHaveValue('Hello Ada!');

  shareGate.revoke();
  const afterRevoke = await page.reload();
  expect(afterRevoke?.status()).toBe(401);
  await expect(page.getByText('This demo is private: ask its owner for the link.')).toBeVisible();
});
