/**
 * The owner's Share panel API (/api/share*) and the share controller behind it, for real: a real
 * demo server (real engine and workers), a real share server on 127.0.0.1 (test/share-server/
 * support.ts), the real ssh tunnel and share gate. A visitor through the public URL shows up in the
 * activity; revoke refuses the old key; stop ends the link; a failure names its step; the routes
 * are owner only and do not exist through the share link, whatever the visitor forges.
 */
import { stat, readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ShareController, type ShareState, type ShareStatus } from '../../main/sharing/share-controller.js';
import { shareSettingsFile } from '../../main/sharing/share-settings.js';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import { startDemo, type Demo } from '../server/support/demo-app.js';
import { raw, type RawResponse } from '../server/support/raw-http.js';
import { startTestServer, tempDir, visit } from '../share-server/support.js';

let demo: Demo;
let shareServer: RunningShareServer;
let dirs: { dir: string; remove: () => Promise<void> };
let clientDir: string;
let ownerCookie: string;

const controller = (): ShareController => {
  const sharing = demo.server.sharing;
  if (!sharing) throw new Error('the demo server has no share controller');
  return sharing;
};
const localHost = (): string => `127.0.0.1:${demo.server.port}`;
const origin = (): string => `http://${localHost()}`;

function api(method: 'GET' | 'POST', route: string, headers: Record<string, string> = {}, body?: unknown): Promise<RawResponse> {
  return raw({
    port: demo.server.port,
    path: route,
    method,
    headers: {
      host: localHost(),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** The owner's page: its cookie and its own Origin on changes. */
const owner = (method: 'GET' | 'POST', route: string, body?: unknown): Promise<RawResponse> =>
  api(method, route, { cookie: ownerCookie, ...(method === 'POST' ? { origin: origin() } : {}) }, body);

async function status(): Promise<ShareStatus> {
  const answer = await owner('GET', '/api/share');
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body) as ShareStatus;
}

/** Resolves with the controller's next state of `kind` (register before acting). */
function nextState<K extends ShareState['kind']>(kind: K): Promise<Extract<ShareState, { kind: K }>> {
  return new Promise((resolve) => {
    const subscription = controller().events.on('state', (state) => {
      if (state.kind !== kind) return;
      void subscription.dispose();
      resolve(state as Extract<ShareState, { kind: K }>);
    });
  });
}

/** Polls the panel's view (as the panel does) until `check` holds. */
async function until(check: (s: ShareStatus) => boolean): Promise<ShareStatus> {
  for (;;) {
    const current = await status();
    if (check(current)) return current;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A visitor's request to the public URL: through the share server, as DNS would route it. */
function visitor(link: string, route: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return visit(shareServer.httpPort, new URL(link).host, route, headers);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  dirs = await tempDir();
  clientDir = path.join(dirs.dir, 'client');
  shareServer = await startTestServer(path.join(dirs.dir, 'server'));
  demo = await startDemo(undefined, {
    adminToken: 'admin-secret',
    sharing: (surface) => new ShareController({ surface, dataDir: clientDir }),
  });
  const link = new URL(demo.server.ownerLoginUrl());
  const signIn = await api('GET', `${link.pathname}${link.search}`);
  ownerCookie = signIn.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
  expect(ownerCookie).toMatch(/^demo_desktop_owner_/);
});

// A failed test must not leave its share to the next one.
afterEach(async () => {
  await controller().stop();
});

afterAll(async () => {
  await demo.close();
  // Hangs if a cancelled share left its SSH connection open.
  await shareServer.close();
  await dirs.remove();
});

describe('the Share panel API', () => {
  it('answers the owner only: no owner cookie 401, a foreign Origin 403, a non-loopback Host 403', async () => {
    expect((await api('GET', '/api/share')).status).toBe(401);
    expect((await api('POST', '/api/share/start', { origin: origin() }, { server: 'share://x@127.0.0.1:1' })).status).toBe(401);
    expect((await api('POST', '/api/share/stop', { cookie: ownerCookie, origin: 'http://evil.example' })).status).toBe(403);
    expect((await api('GET', '/api/share', { cookie: ownerCookie, host: 'demo.example.com' })).status).toBe(403);
    // The admin token (scripts) is the owner too.
    expect((await api('GET', '/api/share', { authorization: 'Bearer admin-secret' })).status).toBe(200);
    const off = await status();
    expect(off.state).toEqual({ kind: 'off' });
    expect(off.server).toBeNull();
    expect(off.expiresHours).toBe(72);
  });

  it('refuses a server address it cannot use, naming it, and an expiry that is not offered', async () => {
    const bad = await owner('POST', '/api/share/start', { server: 'http://share.example.com' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('http://share.example.com');
    expect((await owner('POST', '/api/share/start', { server: 'share://a@127.0.0.1:1', expiresHours: 5 })).status).toBe(422);
    expect((await status()).state.kind).toBe('off');
  });

  it('shares: the link, its expiry, a visitor in the activity (no key in it), revoke, stop', async () => {
    const server = `share://secret-token@127.0.0.1:${shareServer.sshPort}`;
    const online = nextState('online');
    const started = await owner('POST', '/api/share/start', { server, expiresHours: 24 });
    expect(started.status).toBe(202);
    expect((JSON.parse(started.body) as ShareStatus).state.kind).toBe('connecting');
    await online;
    const shared = await status();
    expect(shared.state).toEqual({ kind: 'online' });
    expect(shared.server).toBe(server);
    expect(shared.expiresHours).toBe(24);
    const link = shared.link ?? '';
    expect(link).toMatch(/^https?:\/\/[a-z0-9-]+\.share\.test(:\d+)?\/\?key=[A-Za-z0-9_-]{43}$/);
    const hours = ((shared.expiresAt ?? 0) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    expect(shared.activity).toMatchObject({ visitorsNow: 0, requestsTotal: 0 });
    // A second start while sharing is refused.
    expect((await owner('POST', '/api/share/start', { server })).status).toBe(409);

    // Remembered for the next time (mode 0600), without the key.
    const settingsFile = shareSettingsFile(clientDir);
    expect((await stat(settingsFile)).mode & 0o777).toBe(0o600);
    const settings = await readFile(settingsFile, 'utf8');
    expect(JSON.parse(settings)).toMatchObject({ server, expiresHours: 24 });
    const key = new URL(link).searchParams.get('key') ?? '';
    expect(settings).not.toContain(key);

    // A visitor: the first visit with the key (303 + cookie), then the page's config with the cookie; one refused stranger.
    const first = await visitor(link, `/?key=${key}&token=abc`);
    expect(first.status).toBe(303);
    const cookie = first.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
    expect((await visitor(link, '/config', { cookie })).status).toBe(200);
    expect((await visitor(link, '/config')).status).toBe(401);
    const seen = await until((s) => s.activity.requestsTotal >= 3);
    expect(seen.activity.visitorsNow).toBe(1);
    const [refused, config, landing] = seen.activity.recent;
    expect(landing).toMatchObject({ method: 'GET', path: '/', status: 303, visitor: 'link opened' });
    expect(config).toMatchObject({ method: 'GET', path: '/config', status: 200, visitor: 'visitor 1' });
    expect(refused).toMatchObject({ path: '/config', status: 401, visitor: null });
    expect(config?.durationMs).toBeGreaterThanOrEqual(0);
    const answer = JSON.stringify(seen);
    expect(answer.split(key).length).toBe(2); // the link itself, and nowhere else
    expect(answer).not.toContain('token=');

    // Revoke: the old key and cookie stop at once, the new link works.
    const revoked = await owner('POST', '/api/share/revoke');
    expect(revoked.status).toBe(200);
    const newLink = (JSON.parse(revoked.body) as ShareStatus).link ?? '';
    const newKey = new URL(newLink).searchParams.get('key') ?? '';
    expect(newKey).not.toBe(key);
    expect(new URL(newLink).host).toBe(new URL(link).host);
    expect((await visitor(link, '/config', { authorization: `Bearer ${key}` })).status).toBe(401);
    expect((await visitor(link, '/config', { cookie })).status).toBe(401);
    expect((await visitor(link, '/config', { authorization: `Bearer ${newKey}` })).status).toBe(200);

    // Stop: the link ends; the activity stays for the panel to show.
    const stopped = await owner('POST', '/api/share/stop');
    expect(stopped.status).toBe(200);
    const after = JSON.parse(stopped.body) as ShareStatus;
    expect(after.state).toEqual({ kind: 'off' });
    expect(after.link).toBeNull();
    expect(after.activity.requestsTotal).toBeGreaterThanOrEqual(6);
    expect((await visitor(link, '/config', { authorization: `Bearer ${newKey}` })).status).not.toBe(200);
    expect((await owner('POST', '/api/share/revoke')).status).toBe(409);
  });

  it('never exists through the share link, whatever the visitor forges (a share with a passcode page)', async () => {
    const online = nextState('online');
    await owner('POST', '/api/share/start', { server: `share://secret-token@127.0.0.1:${shareServer.sshPort}`, passcode: 'open-sesame' });
    await online;
    const shared = await status();
    expect(shared.passcode).toBe(true);
    const link = shared.link ?? '';
    const page = await visitor(link, '/', { accept: 'text/html' });
    expect(page.status).toBe(401);
    expect(page.body).toMatch(/passcode/i);
    const key = new URL(link).searchParams.get('key') ?? '';
    const forged = {
      cookie: ownerCookie,
      'x-demo-desktop-app': 'anything',
      'x-forwarded-host': localHost(),
      'x-forwarded-for': '127.0.0.1',
      origin: `http://${new URL(link).host}`,
    };
    for (const route of ['/api/share', '/api/share/start', '/api/share/stop', '/api/share/revoke']) {
      // With the key: the route is not there at all.
      expect((await visitor(link, route, { ...forged, authorization: `Bearer ${key}` })).status, route).toBe(404);
      // Without it: the gate refuses before any route.
      expect((await visitor(link, route, forged)).status, route).toBe(401);
      expect((await visitor(link, route, { ...forged, authorization: 'Bearer admin-secret' })).status, route).toBe(401);
    }
    expect((await status()).state.kind).toBe('online');
    await owner('POST', '/api/share/stop');
  });

  it('names the failed step: connect (nothing listens), auth (with the key to add)', async () => {
    const connectFailed = nextState('failed');
    await owner('POST', '/api/share/start', { server: `share://secret-token@127.0.0.1:${await closedPort()}` });
    expect(await connectFailed).toMatchObject({ step: 'connect' });
    const failed = await status();
    expect(failed.state).toMatchObject({ kind: 'failed', step: 'connect' });
    expect(failed.link).toBeNull();

    const authFailed = nextState('failed');
    await owner('POST', '/api/share/start', { server: `share://wrong-token@127.0.0.1:${shareServer.sshPort}` });
    const auth = await authFailed;
    expect(auth.step).toBe('auth');
    expect(auth.message.length).toBeGreaterThan(20);
    expect(auth.publicKey).toMatch(/^ssh-ed25519 AAAA/);
    // The panel's form shows what was tried; the settings file keeps only servers that worked.
    expect((await status()).server).toContain('wrong-token');
    expect(await readFile(shareSettingsFile(clientDir), 'utf8').catch(() => '')).not.toContain('wrong-token');
  });
});

describe('the share controller', () => {
  it('reconnects after the share server restarts: reconnecting with its attempt, then online at the same link', async () => {
    const { link } = await controller().start({ server: `share://secret-token@127.0.0.1:${shareServer.sshPort}` });
    const { httpPort, sshPort } = shareServer;
    const reconnecting = nextState('reconnecting');
    await shareServer.close();
    const lost = await reconnecting;
    expect(lost.attempt).toBe(1);
    expect((await status()).state).toMatchObject({ kind: 'reconnecting', attempt: expect.any(Number) as number });
    expect((await status()).link).toBe(link);
    const back = nextState('online');
    shareServer = await startTestServer(path.join(dirs.dir, 'server'), { httpPort, sshPort });
    await back;
    expect(controller().link).toBe(link);
    const key = new URL(link).searchParams.get('key') ?? '';
    expect((await visitor(link, '/config', { authorization: `Bearer ${key}` })).status).toBe(200);
  });

  it('stops a share that is still connecting when its AbortSignal aborts (CANCELLED, state off)', async () => {
    const abort = new AbortController();
    const started = controller().start({ server: `share://secret-token@127.0.0.1:${shareServer.sshPort}`, signal: abort.signal });
    abort.abort();
    await expect(started).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(controller().state).toEqual({ kind: 'off' });
    expect(controller().active).toBe(false);
  });

  it('serves a visitor through the real tunnel while demo.close() ends the share first', async () => {
    const { link } = await controller().start({ server: `share://secret-token@127.0.0.1:${shareServer.sshPort}` });
    const key = new URL(link).searchParams.get('key') ?? '';
    expect((await visitor(link, '/config', { authorization: `Bearer ${key}` })).status).toBe(200);
    await controller().stop();
    expect(controller().link).toBeNull();
  });
});
