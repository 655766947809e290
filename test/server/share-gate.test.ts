/**
 * The share gate (issue 15, items 3 and 4): what a share link reaches. A local TCP server stands in
 * for the tunnel: each connection it accepts is handed to `gate.accept`, as a tunnel hands over
 * each visitor's channel. Real demo server, real engine, real `@gradio/client`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as netConnect, createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { duplexPair } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN_HEADER } from '../../main/server/gradio/context.js';
import { createShareGate, type ShareGate } from '../../main/server/share/share-gate.js';
import { connect } from './support/gradio-client.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { raw, type RawResponse } from './support/raw-http.js';

const TOKEN = 'window-and-admin-secret';
const PUBLIC_HOST = 'x7k2q9.share.test';
const PUBLIC_URL = `https://${PUBLIC_HOST}`;

const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });
const PROJECT = {
  functions: { greet: js('greet'), slow: js('slow'), makeFile: js('makeFile') },
  ui: {
    type: 'blocks' as const,
    children: [
      { type: 'textbox' as const, id: 'name' },
      { type: 'textbox' as const, id: 'text' },
      { type: 'number' as const, id: 'ms' },
      { type: 'file' as const, id: 'download' },
      { type: 'button' as const, id: 'go' },
    ],
    events: [
      { trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'slow', inputs: ['ms'], outputs: ['text'], concurrencyLimit: 1 },
      { trigger: 'go.click', fn: 'makeFile', inputs: ['name'], outputs: ['download'] },
    ],
  },
};

interface Tunnel {
  readonly port: number;
  readonly gate: ShareGate;
  close(): Promise<void>;
}

/** A stand-in tunnel: a loopback TCP server whose every connection goes to the gate. */
async function openTunnel(gate: ShareGate): Promise<Tunnel> {
  const server: Server = createServer((socket) => gate.accept(socket, { remoteAddress: '203.0.113.7' }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    gate,
    close: async () => {
      await gate.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let demo: Demo;
let tunnel: Tunnel;
const localPort = (): number => demo.server.port;

/** A stand-in for the built renderer, with the editor's and home screen's pages beside the runner's. */
async function fakeRenderer(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'share-gate-ui-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>runner</title><div id="root"></div>');
  await writeFile(join(dir, 'editor.html'), '<!doctype html><title>EDITOR PAGE</title>');
  await writeFile(join(dir, 'home.html'), '<!doctype html><title>HOME PAGE</title>');
  await writeFile(join(dir, 'assets', 'index.js'), 'console.log("runner");');
  return dir;
}

let rendererDir: string;

beforeAll(async () => {
  rendererDir = await fakeRenderer();
  demo = await startDemo(PROJECT, { appToken: TOKEN, adminToken: TOKEN, rendererDir });
  tunnel = await openTunnel(createShareGate({ server: demo.server.share, publicUrl: PUBLIC_URL }));
});
afterAll(async () => {
  await tunnel.close();
  await demo.close();
  await rm(rendererDir, { recursive: true, force: true });
});

/** A request through the stand-in tunnel, addressed to the public host. */
function visit(path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawResponse> {
  return raw({ port: tunnel.port, path, method, headers: { host: PUBLIC_HOST, ...headers }, ...(body !== undefined ? { body } : {}) });
}

/** The cookie a browser gets for the link with `key`. */
async function cookieFor(key: string): Promise<string> {
  const first = await visit(`/?key=${key}`);
  expect(first.status).toBe(303);
  const setCookie = first.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

async function runThrough(
  port: number,
  api: string,
  data: unknown[],
  headers: Record<string, string>,
): Promise<{ status: number; data: unknown[] }> {
  const answer = await raw({
    port,
    path: `/gradio_api/run/${api}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ data }),
  });
  return { status: answer.status, data: answer.status === 200 ? (JSON.parse(answer.body) as { data: unknown[] }).data : [] };
}

describe('private by default', () => {
  it('refuses everyone without the key: a 401 page for browsers, 401 JSON for API callers, never the demo', async () => {
    const page = await visit('/', { accept: 'text/html' });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('This demo is private: ask its owner for the link.');
    for (const path of ['/config', '/gradio_api/info', '/gradio_api/queue/status', '/assets/index.js', '/?key=wrong']) {
      const answer = await visit(path);
      expect(answer.status, path).toBe(401);
      expect(answer.body, path).not.toContain('greet');
    }
    const join = await visit(
      '/gradio_api/queue/join',
      { 'content-type': 'application/json' },
      'POST',
      '{"data":["x"],"fn_index":0,"session_hash":"abc"}',
    );
    expect(join.status).toBe(401);
    expect(JSON.parse(join.body)).toMatchObject({ detail: { auth_message: expect.stringContaining('private') as unknown } });
    expect((await visit('/config', { authorization: `Bearer ${TOKEN}` })).status).toBe(401);
  });

  it('exchanges the link key for an HttpOnly, Secure, SameSite=Lax cookie and a redirect without the key', async () => {
    const first = await visit(`/?key=${tunnel.gate.key}&theme=dark`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/?theme=dark');
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/^dd_share=[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    expect(setCookie).not.toContain(tunnel.gate.key);
    const cookie = setCookie.split(';')[0] ?? '';
    const page = await visit('/?theme=dark', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    expect((await visit('/assets/index.js', { cookie })).body).toContain('runner');
    // The link again, with the cookie: the same visitor, no new cookie.
    const again = await visit(`/?key=${tunnel.gate.key}`, { cookie });
    expect(again.status).toBe(303);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(tunnel.gate.link).toBe(`${PUBLIC_URL}/?key=${tunnel.gate.key}`);
    expect(tunnel.gate.key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('serves /config with the public URL as root, from X-Forwarded-Host/Proto', async () => {
    const cookie = await cookieFor(tunnel.gate.key);
    const root = async (headers: Record<string, string>) =>
      (JSON.parse((await visit('/config', { cookie, ...headers })).body) as { root: string }).root;
    expect(await root({ 'x-forwarded-host': 'demo.example.org', 'x-forwarded-proto': 'https' })).toBe('https://demo.example.org');
    expect(await root({ 'x-forwarded-host': PUBLIC_HOST, 'x-forwarded-proto': 'https' })).toBe(PUBLIC_URL);
    // Forwarded headers name the root only: they open nothing.
    expect((await visit('/config', { 'x-forwarded-host': `127.0.0.1:${localPort()}`, 'x-forwarded-proto': 'http' })).status).toBe(401);
  });

  it('lets the official @gradio/client predict through the link with the key as a Bearer header, and refuses it without', async () => {
    const gate = createShareGate({ server: demo.server.share });
    const stockTunnel = await openTunnel(gate);
    // As a stock sshd's forward: the public URL is the forwarded host:port itself.
    gate.setPublicUrl(`http://127.0.0.1:${stockTunnel.port}`);
    const base = `http://127.0.0.1:${stockTunnel.port}/`;
    try {
      const client = await connect(base, { headers: { Authorization: `Bearer ${gate.key}` } });
      expect((await client.predict('/greet', ['Ada'])).data).toEqual(['Hello Ada!']);
      // A file result comes over the queue's event stream; its URL is on the link and opens with the key.
      const [file] = (await client.predict('/makeFile', ['ada'])).data as [{ url: string }];
      expect(file.url.startsWith(`http://127.0.0.1:${stockTunnel.port}/gradio_api/file=`)).toBe(true);
      const download = await fetch(file.url, { headers: { Authorization: `Bearer ${gate.key}` } });
      expect(await download.text()).toBe('note: ada');
      expect((await fetch(file.url)).status).toBe(401);
      client.close();
      const withToken = await connect(base, { token: gate.key });
      expect((await withToken.predict('/greet', ['Bo'])).data).toEqual(['Hello Bo!']);
      withToken.close();
      await expect(connect(base)).rejects.toThrow();
    } finally {
      await stockTunnel.close();
    }
  });

  it('revoke: a new key ends old links and cookies at once', async () => {
    const gate = createShareGate({ server: demo.server.share, publicUrl: PUBLIC_URL });
    const t = await openTunnel(gate);
    try {
      const oldKey = gate.key;
      const first = await raw({ port: t.port, path: `/?key=${oldKey}`, headers: { host: PUBLIC_HOST } });
      const cookie = first.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
      expect((await raw({ port: t.port, path: '/config', headers: { host: PUBLIC_HOST, cookie } })).status).toBe(200);
      const newKey = gate.revoke();
      expect(newKey).not.toBe(oldKey);
      expect((await raw({ port: t.port, path: '/config', headers: { host: PUBLIC_HOST, cookie } })).status).toBe(401);
      expect((await raw({ port: t.port, path: `/?key=${oldKey}`, headers: { host: PUBLIC_HOST } })).status).toBe(401);
      expect((await raw({ port: t.port, path: '/config', headers: { host: PUBLIC_HOST, authorization: `Bearer ${oldKey}` } })).status).toBe(
        401,
      );
      expect((await raw({ port: t.port, path: '/config', headers: { host: PUBLIC_HOST, authorization: `Bearer ${newKey}` } })).status).toBe(
        200,
      );
    } finally {
      await t.close();
    }
  });

  it('expiry: 72 h by default; past it the key and its cookies get a 410 page, strangers still a 401', async () => {
    let now = 1_000_000;
    const gate = createShareGate({ server: demo.server.share, publicUrl: PUBLIC_URL, now: () => now });
    expect(gate.expiresAt).toBe(now + 72 * 3600 * 1000);
    const t = await openTunnel(gate);
    const get = (path: string, headers: Record<string, string> = {}) =>
      raw({ port: t.port, path, headers: { host: PUBLIC_HOST, ...headers } });
    try {
      const first = await get(`/?key=${gate.key}`);
      const cookie = first.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
      gate.setExpiry(60_000);
      now += 60_000;
      const expired = await get('/', { cookie });
      expect(expired.status).toBe(410);
      expect(expired.body).toContain('expired');
      expect((await get(`/?key=${gate.key}`)).status).toBe(410);
      expect((await get('/config', { cookie })).status).toBe(410);
      expect((await get('/')).status).toBe(401);
      gate.setExpiry(null);
      expect((await get('/config', { cookie })).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('passcode page (the owner’s choice)', () => {
  it('asks browsers for the passcode, lets the right one in with a cookie, throttles wrong guesses', async () => {
    const gate = createShareGate({ server: demo.server.share, publicUrl: PUBLIC_URL, passcode: 'open sesame' });
    const t = await openTunnel(gate);
    const send = (path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) =>
      raw({ port: t.port, path, method, headers: { host: PUBLIC_HOST, ...headers }, ...(body !== undefined ? { body } : {}) });
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    try {
      const ask = await send('/?theme=dark');
      expect(ask.status).toBe(401);
      expect(ask.body).toContain('name="passcode"');
      expect(ask.body).not.toContain('<div id="root">');
      expect((await send('/config')).status).toBe(401);
      const wrong = await send('/__share/passcode', form, 'POST', 'passcode=guess&next=%2F');
      expect(wrong.status).toBe(401);
      expect(wrong.headers['set-cookie']).toBeUndefined();
      const right = await send('/__share/passcode', form, 'POST', 'passcode=open+sesame&next=%2F%3Ftheme%3Ddark');
      expect(right.status).toBe(303);
      expect(right.headers.location).toBe('/?theme=dark');
      const cookie = right.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
      expect((await send('/?theme=dark', { cookie })).body).toContain('<div id="root">');
      // Never a redirect off this site.
      const offsite = await send('/__share/passcode', form, 'POST', 'passcode=open+sesame&next=%2F%2Fevil.example');
      expect(offsite.headers.location).toBe('/');
      // The key link still works; five wrong guesses a minute, then the address waits, even with the right one.
      expect((await send(`/?key=${gate.key}`)).status).toBe(303);
      for (let i = 0; i < 5; i++) await send('/__share/passcode', form, 'POST', 'passcode=nope');
      expect((await send('/__share/passcode', form, 'POST', 'passcode=open+sesame')).status).toBe(429);
      gate.setPasscode(null);
      const plain = await send('/');
      expect(plain.status).toBe(401);
      expect(plain.body).not.toContain('name="passcode"');
    } finally {
      await t.close();
    }
  });
});

describe('connections that are not sockets', () => {
  it('serves a plain Duplex stream, as an ssh2 channel is, with the address the tunnel reports', async () => {
    const [visitorSide, gateSide] = duplexPair();
    tunnel.gate.accept(gateSide, { remoteAddress: '198.51.100.9' });
    visitorSide.write(
      `GET /config HTTP/1.1\r\nHost: ${PUBLIC_HOST}\r\nAuthorization: Bearer ${tunnel.gate.key}\r\nConnection: close\r\n\r\n`,
    );
    let text = '';
    visitorSide.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await new Promise((resolve) => visitorSide.once('end', resolve));
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    // No X-Forwarded-* from this tunnel: the root is the known public URL.
    expect(text).toContain(`"root":"${PUBLIC_URL}"`);
    expect((gateSide as typeof gateSide & { remoteAddress?: string }).remoteAddress).toBe('198.51.100.9');
    visitorSide.destroy();
  });
});

describe('slow visitors', () => {
  it('cuts a connection whose headers never end, as the local server does (408)', async () => {
    const surface = { ...demo.server.share, serverOptions: { headersTimeout: 300, connectionsCheckingInterval: 50 } };
    const t = await openTunnel(createShareGate({ server: surface, publicUrl: PUBLIC_URL }));
    try {
      const socket = netConnect(t.port, '127.0.0.1');
      socket.write(`GET /config HTTP/1.1\r\nHost: ${PUBLIC_HOST}\r\n`);
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      await new Promise((resolve) => socket.once('close', resolve));
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await t.close();
    }
  });
});

describe('only the demo is shared', () => {
  const forged = (cookie: string): Record<string, string> => ({
    cookie,
    [APP_TOKEN_HEADER]: TOKEN,
    authorization: `Bearer ${TOKEN}`,
    origin: `http://127.0.0.1:${localPort()}`,
    'x-forwarded-host': `127.0.0.1:${localPort()}`,
    'x-forwarded-proto': 'http',
    'x-forwarded-for': '127.0.0.1',
  });
  const refusedPaths = [
    '/api/engine/metrics',
    '/api/engine/devices',
    '/metrics',
    '/dashboard',
    '/dashboard.html',
    '/api/metrics/history',
    '/api/share',
    '/api/history/flags/export?format=csv',
    '/owner?token=x',
    '/api/editor/project',
    '/api/home/projects',
    '/api/desk/open',
    '/editor.html',
    '/home.html',
    '/gradio_api/file=/etc/passwd',
    '/gradio_api/file=%2Fetc%2Fpasswd',
    '/gradio_api/file=..%2F..%2F..%2Fetc%2Fpasswd',
    '/../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  ];

  it('refuses the editor, home, desk, admin and metrics routes and traversals, whatever the headers say', async () => {
    const cookie = await cookieFor(tunnel.gate.key);
    for (const path of refusedPaths) {
      for (const host of [PUBLIC_HOST, `127.0.0.1:${localPort()}`, 'localhost']) {
        const answer = await visit(path, { ...forged(cookie), host });
        expect([401, 403, 404], `${path} (Host ${host})`).toContain(answer.status);
        expect(answer.body, path).not.toMatch(/root:|demo_desktop_|"queue"|<div id="root"|EDITOR PAGE|HOME PAGE/);
      }
    }
  });

  it('leaves the owner’s local server as it was: the admin routes still answer there', async () => {
    const local = (path: string) =>
      raw({ port: localPort(), path, headers: { host: `127.0.0.1:${localPort()}`, authorization: `Bearer ${TOKEN}` } });
    expect((await local('/api/engine/metrics')).status).toBe(200);
    expect((await local('/metrics')).status).toBe(200);
    expect((await local('/config')).status).toBe(200);
  });

  it('serves a visitor the files of their own session only', async () => {
    const alice = await cookieFor(tunnel.gate.key);
    const bob = await cookieFor(tunnel.gate.key);
    const made = await runThrough(tunnel.port, 'makeFile', ['alice'], { host: PUBLIC_HOST, cookie: alice });
    expect(made.status).toBe(200);
    const file = made.data[0] as { path: string; url: string };
    const filePath = `/gradio_api/file=${encodeURI(file.path)}`;
    const mine = await visit(filePath, { cookie: alice });
    expect(mine.status).toBe(200);
    expect(mine.body).toBe('note: alice');
    expect((await visit(filePath, { cookie: bob })).status).toBe(403);
    expect((await visit(filePath, { authorization: `Bearer ${tunnel.gate.key}` })).status).toBe(403);
    // The owner, locally, is not a visitor.
    expect((await raw({ port: localPort(), path: filePath, headers: { host: `127.0.0.1:${localPort()}` } })).status).toBe(200);
  });

  it('serves a visitor the files they uploaded, and no one else', async () => {
    const carol = await cookieFor(tunnel.gate.key);
    const dave = await cookieFor(tunnel.gate.key);
    const boundary = 'share-gate-boundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="mine.txt"\r\nContent-Type: text/plain\r\n\r\ncarol's file\r\n--${boundary}--\r\n`;
    const uploaded = await visit(
      '/gradio_api/upload',
      { cookie: carol, 'content-type': `multipart/form-data; boundary=${boundary}` },
      'POST',
      body,
    );
    expect(uploaded.status).toBe(200);
    const [file] = JSON.parse(uploaded.body) as string[];
    const filePath = `/gradio_api/file=${encodeURI(file ?? '')}`;
    expect((await visit(filePath, { cookie: carol })).body).toBe("carol's file");
    expect((await visit(filePath, { cookie: dave })).status).toBe(403);
  });

  it("queues a visitor's job, even one with a forged app token, behind the owner's window job", async () => {
    const cookie = await cookieFor(tunnel.gate.key);
    const local = { host: `127.0.0.1:${localPort()}` };
    const finished: string[] = [];
    const blocker = runThrough(localPort(), 'slow', [400], local).then(() => finished.push('blocker'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const visitor = runThrough(tunnel.port, 'slow', [10], { host: PUBLIC_HOST, cookie, [APP_TOKEN_HEADER]: TOKEN }).then((r) => {
      expect(r.status).toBe(200);
      finished.push('visitor');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const owner = runThrough(localPort(), 'slow', [11], { ...local, [APP_TOKEN_HEADER]: TOKEN }).then(() => finished.push('owner'));
    await Promise.all([blocker, visitor, owner]);
    expect(finished).toEqual(['blocker', 'owner', 'visitor']);
  });

  it('reports each request, its visitor and status, without the query that may hold the key', async () => {
    const seen: { path: string; status: number; visitor: string | null }[] = [];
    const subscription = tunnel.gate.events.on('request', (event) => seen.push(event));
    try {
      await visit(`/config?key=${tunnel.gate.key}`);
      await visit('/config');
    } finally {
      void subscription.dispose();
    }
    expect(seen.map(({ path, status, visitor }) => ({ path, status, visitor }))).toEqual([
      { path: '/config', status: 200, visitor: 'address:127.0.0.1' },
      { path: '/config', status: 401, visitor: null },
    ]);
  });
});
