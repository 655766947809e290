/**
 * The owner of a served demo (main/server/owner/): a one-time link signs a browser in as the owner's
 * window, whose jobs run first and which alone sees the owner-only parts of the page. Real server,
 * real engine, real worker processes; a stand-in tunnel hands connections to the real share gate.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertOwner } from '../../main/server/owner/owner-auth.js';
import { createShareGate } from '../../main/server/share/share-gate.js';
import type { IncomingMessage } from 'node:http';
import { startDemo, type Demo } from './support/demo-app.js';
import { raw, type RawResponse } from './support/raw-http.js';

const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });
const PROJECT = {
  functions: { slow: js('slow') },
  ui: {
    type: 'blocks' as const,
    children: [
      { type: 'number' as const, id: 'ms' },
      { type: 'textbox' as const, id: 'text' },
      { type: 'button' as const, id: 'go' },
    ],
    events: [{ trigger: 'go.click', fn: 'slow', inputs: ['ms'], outputs: ['text'], concurrencyLimit: 1 }],
  },
};

let demo: Demo;
const host = (): string => `127.0.0.1:${demo.server.port}`;
const get = (path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
  raw({ port: demo.server.port, path, headers: { host: host(), ...headers } });
const isOwner = async (headers: Record<string, string> = {}): Promise<boolean> =>
  (JSON.parse((await get('/api/owner', headers)).body) as { owner: boolean }).owner;

/** Follows an owner link: the cookie it sets (name=value). */
async function signIn(): Promise<{ answer: RawResponse; cookie: string; link: string }> {
  const link = new URL(demo.server.ownerLoginUrl());
  const answer = await get(`${link.pathname}${link.search}`);
  const cookie = answer.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
  return { answer, cookie, link: `${link.pathname}${link.search}` };
}

beforeAll(async () => {
  demo = await startDemo(PROJECT, { adminToken: 'admin-secret' });
});
afterAll(async () => {
  await demo.close();
});

describe('the owner link', () => {
  it('signs the browser in once: an HttpOnly, SameSite=Strict cookie named after the port, then a spent link', async () => {
    expect(await isOwner()).toBe(false);
    const { answer, cookie, link } = await signIn();
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/');
    expect(answer.headers['referrer-policy']).toBe('no-referrer');
    const setCookie = answer.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(new RegExp(`^demo_desktop_owner_${demo.server.port}=[A-Za-z0-9_-]{40,}; HttpOnly; SameSite=Strict; Path=/$`));
    expect(await isOwner({ cookie })).toBe(true);
    // Spent: a second browser gets the explanation, not a session.
    const again = await get(link);
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('already used or has expired');
    // The browser that has the session just goes on to the demo.
    expect((await get(link, { cookie })).status).toBe(303);
  });

  it('refuses a made-up token and a cookie value nobody was given', async () => {
    expect((await get('/owner?token=not-a-token')).status).toBe(401);
    expect(await isOwner({ cookie: `demo_desktop_owner_${demo.server.port}=guess` })).toBe(false);
  });

  it('is not the owner when the request is not local (proxy headers), whatever cookie it carries', async () => {
    const { cookie } = await signIn();
    expect(await isOwner({ cookie, 'x-forwarded-for': '198.51.100.4' })).toBe(false);
    expect(await isOwner({ cookie, host: 'demo.example.com' }).catch(() => false)).toBe(false);
  });
});

describe('the owner first', () => {
  it('runs the owner’s job before a job that was waiting longer', async () => {
    const { cookie } = await signIn();
    const finished: string[] = [];
    const run = (name: string, ms: number, headers: Record<string, string> = {}) =>
      raw({
        port: demo.server.port,
        path: '/gradio_api/run/slow',
        method: 'POST',
        headers: { host: host(), 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ data: [ms] }),
      }).then((answer) => {
        expect(answer.status, answer.body).toBe(200);
        finished.push(name);
      });
    const queued = (count: number) =>
      new Promise<void>((resolve) => {
        let seen = 0;
        const off = demo.engine.jobEvents.on('queued', () => {
          if (++seen === count) {
            void off.dispose();
            resolve();
          }
        });
      });
    const started = new Promise<void>((resolve) => {
      const off = demo.engine.jobEvents.on('started', () => {
        void off.dispose();
        resolve();
      });
    });
    const blocker = run('blocker', 600);
    await started;
    const visitorQueued = queued(1);
    const stranger = run('stranger', 10);
    await visitorQueued;
    const owner = run('owner', 10, { cookie });
    await Promise.all([blocker, stranger, owner]);
    expect(finished).toEqual(['blocker', 'owner', 'stranger']);
  });
});

describe('through a share link', () => {
  let tunnel: Server;
  beforeAll(async () => {
    const gate = createShareGate({ server: demo.server.share, publicUrl: 'https://owner-test.share.test' });
    tunnel = createServer((socket) => gate.accept(socket, { remoteAddress: '203.0.113.9' }));
    await new Promise<void>((resolve) => tunnel.listen(0, '127.0.0.1', resolve));
    const key = gate.key;
    visitKey = key;
  });
  let visitKey = '';
  afterAll(async () => {
    await new Promise<void>((resolve) => tunnel.close(() => resolve()));
  });

  it('is never the owner, and has no owner link route, even with the owner’s cookie', async () => {
    const { cookie } = await signIn();
    const port = (tunnel.address() as AddressInfo).port;
    const visit = (path: string, hostName = 'owner-test.share.test') =>
      raw({ port, path, headers: { host: hostName, cookie, authorization: `Bearer ${visitKey}` } });
    // A loopback Host through the tunnel is refused outright.
    expect((await visit('/api/owner', host())).status).toBe(403);
    const answer = await visit('/api/owner');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ owner: false });
    const link = new URL(demo.server.ownerLoginUrl());
    const login = await visit(`${link.pathname}${link.search}`);
    expect(login.headers['set-cookie']?.some((c) => c.startsWith('demo_desktop_owner_')) ?? false).toBe(false);
    expect(login.status).not.toBe(303);
  });
});

describe('assertOwner (owner-only routes)', () => {
  const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;
  it('takes the owner’s window or the admin token, locally only', async () => {
    const { cookie } = await signIn();
    const local = { host: host() };
    expect(() => assertOwner(request({ ...local, authorization: 'Bearer admin-secret' }), undefined, 'admin-secret')).not.toThrow();
    expect(() => assertOwner(request({ ...local }), undefined, 'admin-secret')).toThrow(/Only the person who opened this demo/);
    expect(() =>
      assertOwner(request({ host: 'example.com', cookie, authorization: 'Bearer admin-secret' }), undefined, 'admin-secret'),
    ).toThrow(/only available on the computer/);
  });
});
