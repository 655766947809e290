/**
 * The editor is for the person at this computer, in the editor's own page: a one-time token from
 * `demo-desktop edit` buys an HttpOnly, SameSite=Strict session cookie; everything else is refused
 * (no session, a foreign Host, a foreign Origin, a cross-site fetch, a non-loopback socket), and no
 * demo server serves any of it. Real servers on 127.0.0.1.
 */
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EditorAuth } from '../../main/server/editor/editor-auth.js';
import { assertEditorRequest } from '../../main/server/editor/editor-guard.js';
import { HttpError } from '../../main/server/http-error.js';
import { tempDir } from '../runtimes/support.js';
import { startTestEditor, type TestEditor } from '../editor/support.js';
import { raw } from './support/raw-http.js';
import { startDemo, type Demo } from './support/demo-app.js';

const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

describe('editor sign-in and refusals (real editor server)', () => {
  let t: TestEditor;
  let own: Record<string, string>;

  beforeAll(async () => {
    t = await startTestEditor({}, { tokenTtlMs: 1_000 });
    own = { cookie: t.cookie, origin: t.editor.origin };
  });
  afterAll(() => t.close());

  it('trades a one-time token for an HttpOnly, SameSite=Strict, Path=/ cookie and redirects to /editor without it', async () => {
    const url = t.editor.loginUrl();
    expect(url).toMatch(new RegExp(`^${t.editor.origin}/editor\\?token=[A-Za-z0-9_-]{43}$`));
    const first = await raw({ port: t.port, path: pathOf(url) });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/editor');
    const cookie = first.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^demo_desktop_editor_${t.port}=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=/$`));
    expect(cookie).not.toContain(new URL(url).searchParams.get('token'));
    const page = await raw({ port: t.port, path: '/editor', headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain(`frame-src ${t.editor.previewOrigin}`);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const session = await raw({ port: t.port, path: '/api/editor/session', headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(session.status).toBe(200);
  });

  it('spends a token once: the second use gets the sign-in page (401), not a session', async () => {
    const path = pathOf(t.editor.loginUrl());
    expect((await raw({ port: t.port, path })).status).toBe(303);
    const again = await raw({ port: t.port, path });
    expect(again.status).toBe(401);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('demo-desktop edit');
  });

  it('lets a token expire when unused', async () => {
    const path = pathOf(t.editor.loginUrl());
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the 1 s lifetime: the wait is the point
    const late = await raw({ port: t.port, path });
    expect(late.status).toBe(401);
    expect(late.body).toContain('expired');
  });

  it('refuses the page and the API without a session, saying to open the URL demo-desktop edit printed', async () => {
    const page = await raw({ port: t.port, path: '/editor' });
    expect(page.status).toBe(401);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Open the URL that <code>demo-desktop edit</code> printed');
    const forged = await raw({ port: t.port, path: '/api/editor/recent', headers: { cookie: `demo_desktop_editor_${t.port}=guess` } });
    expect(forged.status).toBe(401);
    expect((JSON.parse(forged.body) as { detail: string }).detail).toContain('demo-desktop edit');
    const write = await raw({
      port: t.port,
      path: '/api/editor/validate',
      method: 'POST',
      headers: { origin: t.editor.origin },
      body: '{"project":{}}',
    });
    expect(write.status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) even with the session cookie', async () => {
    const response = await raw({ port: t.port, path: '/api/editor/session', headers: { ...own, host: `evil.example:${t.port}` } });
    expect(response.status).toBe(403);
  });

  it('refuses a foreign Origin, reads included, and another port of localhost is foreign', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${t.port + 1}`, t.editor.previewOrigin, 'null']) {
      const read = await raw({ port: t.port, path: '/api/editor/recent', headers: { ...own, origin } });
      expect(read.status, origin).toBe(403);
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      const write = await raw({
        port: t.port,
        path: '/api/editor/validate',
        method: 'POST',
        headers: { ...own, origin },
        body: '{"project":{}}',
      });
      expect(write.status, origin).toBe(403);
    }
    const ok = await raw({ port: t.port, path: '/api/editor/validate', method: 'POST', headers: own, body: '{"project":{}}' });
    expect(ok.status).toBe(200);
  });

  it('refuses a write that does not say its Origin, and cross-site or same-site fetches', async () => {
    const bare = await raw({
      port: t.port,
      path: '/api/editor/validate',
      method: 'POST',
      headers: { cookie: t.cookie },
      body: '{"project":{}}',
    });
    expect(bare.status).toBe(403);
    for (const site of ['cross-site', 'same-site']) {
      const response = await raw({ port: t.port, path: '/api/editor/session', headers: { cookie: t.cookie, 'sec-fetch-site': site } });
      expect(response.status, site).toBe(403);
    }
    const preflight = await raw({
      port: t.port,
      path: '/api/editor/save',
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:1234', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses proxied requests (a tunnel adds X-Forwarded-*)', async () => {
    const response = await raw({ port: t.port, path: '/api/editor/session', headers: { ...own, 'x-forwarded-for': '203.0.113.9' } });
    expect(response.status).toBe(403);
  });

  it('serves the page scripts without a session, but not the runner page', async () => {
    expect((await raw({ port: t.port, path: '/index.html' })).status).toBe(404);
    expect((await raw({ port: t.port, path: '/' })).headers.location).toBe('/editor');
    expect((await raw({ port: t.port, path: '/editor/' })).headers.location).toBe('/editor');
  });
});

describe('editor guard and auth (units)', () => {
  const request = (remoteAddress: string, headers: Record<string, string> = {}, method = 'GET'): IncomingMessage =>
    ({ method, headers: { host: '127.0.0.1:7870', ...headers }, socket: { remoteAddress } }) as unknown as IncomingMessage;

  it('refuses a request from a non-loopback socket whatever its headers say', () => {
    expect(() => assertEditorRequest(request('192.168.1.20'))).toThrow(HttpError);
    expect(() => assertEditorRequest(request('::ffff:10.0.0.2'))).toThrow(HttpError);
    expect(() => assertEditorRequest(request('127.0.0.1'))).not.toThrow();
    expect(() => assertEditorRequest(request('::ffff:127.0.0.1'))).not.toThrow();
    expect(() => assertEditorRequest(request('::1'))).not.toThrow();
  });

  it('accepts the app window header instead of a cookie, and its writes without an Origin', () => {
    const auth = new EditorAuth({ cookieName: () => 'c', appToken: 'app-secret' });
    const app = request('127.0.0.1', { 'x-demo-desktop-app': 'app-secret' }, 'POST');
    expect(auth.isAuthorized(app)).toBe(true);
    expect(() => assertEditorRequest(app, auth.isAppWindow(app))).not.toThrow();
    expect(auth.isAuthorized(request('127.0.0.1', { 'x-demo-desktop-app': 'wrong' }))).toBe(false);
  });

  it('expires tokens by the clock and spends them once', () => {
    let now = 0;
    const auth = new EditorAuth({ cookieName: () => 'c', now: () => now, tokenTtlMs: 5 * 60_000 });
    const token = auth.issueToken();
    const late = auth.issueToken();
    now = 4 * 60_000;
    const secret = auth.exchange(token);
    expect(secret).not.toBeNull();
    expect(auth.exchange(token)).toBeNull();
    now = 5 * 60_000;
    expect(auth.exchange(late)).toBeNull();
    expect(auth.isAuthorized(request('127.0.0.1', { cookie: `other=1; c=${secret ?? ''}` }))).toBe(true);
  });
});

describe('a demo server serves nothing of the editor', () => {
  let demo: Demo;
  let renderer: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    renderer = await tempDir('renderer');
    await writeFile(join(renderer.path, 'index.html'), '<!doctype html><title>runner</title>');
    await writeFile(join(renderer.path, 'editor.html'), '<!doctype html><title>editor</title>');
    demo = await startDemo(undefined, { rendererDir: renderer.path });
  });
  afterAll(async () => {
    await demo.close();
    await renderer.remove();
  });

  it('has no editor page (editor.html is in the same build) and no editor API', async () => {
    const port = Number(new URL(demo.base).port);
    expect((await raw({ port, path: '/index.html' })).status).toBe(200);
    for (const path of ['/editor.html', '/editor', '/api/editor/session', '/api/editor/templates']) {
      const response = await raw({ port, path });
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('<title>editor</title>');
    }
  });
});
