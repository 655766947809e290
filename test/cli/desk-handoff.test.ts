import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handOffToDesk } from '../../main/cli/desk-handoff.js';
import { INSTANCE_HEADER } from '../../preload/shared/home/home-api.js';
import { REPO_ROOT, tempDir, waitFor } from '../runtimes/support.js';
import { runCli, spawnCli, waitForLine } from './run-cli.js';

const OPENED = { url: 'http://127.0.0.1:1/', name: 'Greet', shownIn: 'app-window' };

/** A stand-in for the running desk: records each request and answers with `reply`. */
interface FakeDesk {
  readonly origin: string;
  readonly requests: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[];
  reply: { status: number; body: unknown };
  close(): Promise<void>;
}

async function startFakeDesk(): Promise<FakeDesk> {
  const desk: Omit<FakeDesk, 'origin' | 'close'> = { requests: [], reply: { status: 200, body: OPENED } };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      desk.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(desk.reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(desk.reply.body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return Object.assign(desk, {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  });
}

const SECRET = 'a'.repeat(64);
let data: { path: string; remove: () => Promise<void> };
let desk: FakeDesk;

beforeEach(async () => {
  data = await tempDir('desk-handoff');
  desk = await startFakeDesk();
});
afterEach(async () => {
  await desk.close();
  await data.remove();
});

const writeInstance = (fields: Record<string, unknown>): Promise<void> =>
  writeFile(
    join(data.path, 'instance.json'),
    JSON.stringify({ version: 1, pid: process.pid, origin: desk.origin, secret: SECRET, ...fields }),
  );

describe('handOffToDesk (the CLI side of instance.json + POST /api/desk/open)', () => {
  it('posts the project to the running desk with its secret', async () => {
    await writeInstance({});
    expect(await handOffToDesk({ path: '/p/greet/project.json' }, { dataDir: data.path })).toEqual({
      handed: true,
      origin: desk.origin,
      opened: OPENED,
    });
    const [request] = desk.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/desk/open');
    expect(request?.headers[INSTANCE_HEADER]).toBe(SECRET);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ path: '/p/greet/project.json' });
    await handOffToDesk({ home: true }, { dataDir: data.path });
    expect(JSON.parse(desk.requests[1]?.body ?? '')).toEqual({ home: true });
  });

  it('no desk: no file, a dead pid, nothing listening, or a file that is not ours; none gets a request', async () => {
    expect(await handOffToDesk({ home: true }, { dataDir: data.path })).toEqual({
      handed: false,
      reason: `no running demo-desktop (no ${join(data.path, 'instance.json')})`,
    });
    await writeInstance({ pid: 4_000_000 });
    const stale = await handOffToDesk({ home: true }, { dataDir: data.path, isAlive: () => false });
    expect(stale).toEqual({ handed: false, reason: `${join(data.path, 'instance.json')} is stale (process 4000000 is gone)` });
    // A foreign origin never gets the secret.
    await writeInstance({ origin: 'http://example.com:80' });
    expect((await handOffToDesk({ home: true }, { dataDir: data.path })).handed).toBe(false);
    await writeFile(join(data.path, 'instance.json'), '{not json');
    expect((await handOffToDesk({ home: true }, { dataDir: data.path })).handed).toBe(false);
    expect(desk.requests).toEqual([]);
    await writeInstance({});
    await desk.close();
    expect(await handOffToDesk({ home: true }, { dataDir: data.path })).toEqual({
      handed: false,
      reason: `the demo-desktop at ${desk.origin} is not running (connection refused)`,
    });
    desk = await startFakeDesk();
  });

  it('a desk that refuses the project is an error with its message (serving it here would fail the same way)', async () => {
    await writeInstance({});
    desk.reply = { status: 400, body: { detail: 'projects.json: not a project file' } };
    await expect(handOffToDesk({ path: '/p/x.json' }, { dataDir: data.path })).rejects.toMatchObject({
      code: 'INVALID_PROJECT',
      message: `The running demo-desktop (${desk.origin}) did not open it (HTTP 400): projects.json: not a project file`,
    });
    desk.reply = { status: 200, body: { shownIn: 'app-window' } };
    await expect(handOffToDesk({ path: '/p/x.json' }, { dataDir: data.path })).rejects.toMatchObject({
      code: 'INTERNAL',
      message: `The running demo-desktop (${desk.origin}) gave an answer off the contract.`,
    });
  });
});

describe('demo-desktop open with a desk running, and without (real CLI)', () => {
  it('hands the project to the running desk and exits 0', async () => {
    await writeInstance({});
    const result = await runCli(['open', 'examples/greet/project.json'], { DEMO_DESKTOP_DATA: data.path, DISPLAY: '' });
    expect(result.stderr).toContain(`Opened in the demo-desktop that is running (${desk.origin}).`);
    expect(result.code).toBe(0);
    expect(JSON.parse(desk.requests[0]?.body ?? '')).toEqual({ path: resolve(REPO_ROOT, 'examples/greet/project.json') });
  });

  it('with a stale instance file it serves the demo itself; with no display it prints the URL and says why', async () => {
    await writeInstance({ pid: 4_000_000 });
    const child = spawnCli(['open', 'examples/greet/project.json', '--data-dir', data.path], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      const [, url] = (await waitForLine(child, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/)) as unknown as [string, string];
      await waitFor(() => stderr.includes('Press Ctrl-C'), 30_000, 'the notice');
      // The printed link is the owner's one-time link of this server (Share, history, dashboard in that browser).
      expect(stderr).toMatch(
        new RegExp(`No display \\(DISPLAY and WAYLAND_DISPLAY are unset\\): open ${url}/owner\\?token=[A-Za-z0-9_-]{40,} in a browser\\.`),
      );
      expect(desk.requests).toEqual([]);
    } finally {
      child.kill('SIGINT');
    }
    expect((await exited)[0]).toBe(0);
  });

  it('--help says which window this machine gives, computed from what is installed', async () => {
    const fake = join(data.path, 'my-chrome');
    await writeFile(fake, '#!/bin/sh\n', { mode: 0o755 });
    const withBrowser = await runCli(['open', '--help'], { DISPLAY: ':77', DEMO_DESKTOP_BROWSER: fake });
    expect(withBrowser.stdout).toContain(`Window on this machine: an app window of Google Chrome (${fake}).`);
    const noDisplay = await runCli(['--help'], { DISPLAY: '', WAYLAND_DISPLAY: '' });
    expect(noDisplay.stdout).toContain(
      'Window on this machine: none, the URL is printed: no display (DISPLAY and WAYLAND_DISPLAY are unset).',
    );
    const nothing = await runCli(['--help'], { DISPLAY: ':77', PATH: data.path, DEMO_DESKTOP_BROWSER: '' });
    expect(nothing.stdout).toContain(
      'Window on this machine: none, the URL is printed: no Chromium-family browser found (looked for chromium, chromium-browser, google-chrome, google-chrome-stable, microsoft-edge, brave-browser on PATH), and no xdg-open to open the default browser.',
    );
  });
});
