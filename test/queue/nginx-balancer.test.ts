/**
 * The shipped nginx site (deploy/nginx/demo-desktop.conf), run by Debian's nginx in front of
 * servers on 127.0.0.1: round-robin with no affinity, Server-Sent Events passed on as they are
 * written (not buffered), the client's Host forwarded, a dead front skipped; and a real
 * `serve --allowed-host` front behind it answering the public name that a front without the flag
 * refuses. This is the balancer the scale-out tests (docs/scale-out.md) put in front of the fronts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serveProject } from '../../main/cli/serve-project.js';
import { silentLogger } from '../../main/common/logger.js';
import { REPO_ROOT } from '../runtimes/support.js';
import { startNginx, siteFor, SHIPPED_SITE, type Nginx } from './nginx.js';
import { readFile } from 'node:fs/promises';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Upstream {
  readonly port: number;
  /** Lets the open /stream response write its second event. */
  release(): void;
  close(): Promise<void>;
}

/** A stand-in front: /who answers its name and the Host it got; /stream writes one event, then a second on release(). */
async function upstream(name: string): Promise<Upstream> {
  const waiting: (() => void)[] = [];
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/stream')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(`data: ${JSON.stringify({ from: name, n: 1 })}\n\n`);
      waiting.push(() => res.end(`data: ${JSON.stringify({ from: name, n: 2 })}\n\n`));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ from: name, host: req.headers.host ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release: () => waiting.splice(0).forEach((write) => write()),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function balancer(ports: readonly number[]): Promise<Nginx> {
  const nginx = await startNginx(ports);
  cleanups.push(() => nginx.stop());
  return nginx;
}

/** GET through nginx with the public Host (and a session cookie, which must change nothing). fetch() would send its own Host. */
function who(nginx: Nginx, path = '/who'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${nginx.url}${path}`, { headers: { host: nginx.serverName, cookie: 'session=abc' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe('the shipped nginx site', () => {
  it('is the file that is shipped, with only its addresses rewritten', async () => {
    const site = await readFile(SHIPPED_SITE, 'utf8');
    const { config } = siteFor(site, 9999, [1111, 2222]);
    expect(config).toContain('server 127.0.0.1:1111 max_fails=2 fail_timeout=5s;');
    expect(config).toContain('server 127.0.0.1:2222 max_fails=2 fail_timeout=5s;');
    expect(config).toContain('listen 127.0.0.1:9999;');
    expect(config).not.toMatch(/10\.0\.0\.|listen 80;/);
    const kept = (text: string): string[] => text.split('\n').filter((line) => !/10\.0\.0\.|127\.0\.0\.1|listen 80;/.test(line));
    expect(kept(config)).toEqual(kept(site));
  });

  it('spreads requests round-robin with no affinity, forwarding the public Host', async () => {
    const fronts = [await upstream('a'), await upstream('b')];
    for (const front of fronts) cleanups.push(() => front.close());
    const nginx = await balancer(fronts.map((front) => front.port));
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      const reply = await who(nginx);
      expect(reply.status).toBe(200);
      const body = JSON.parse(reply.body) as { from: string; host: string };
      expect(body.host).toBe(nginx.serverName);
      seen.push(body.from);
    }
    // The same client, cookie and all, lands on both fronts in turn.
    expect(seen.filter((from) => from === 'a')).toHaveLength(4);
    expect(seen.filter((from) => from === 'b')).toHaveLength(4);
  });

  it('passes an event stream on as it is written (the first event arrives while the stream is still open)', async () => {
    const front = await upstream('a');
    cleanups.push(() => front.close());
    const nginx = await balancer([front.port]);
    const res = await fetch(`${nginx.url}/stream`, { headers: { host: nginx.serverName } });
    const reader = res.body?.getReader() as ReadableStreamDefaultReader<Uint8Array> | undefined;
    if (!reader) throw new Error('no body');
    let text = '';
    // The front holds the stream open until release() below: the first event must come before that.
    while (!text.includes('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"n":1');
    expect(text).not.toContain('"n":2');
    front.release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += new TextDecoder().decode(chunk.value);
    expect(text).toContain('"n":2');
  });

  it('skips a front that is down', async () => {
    const fronts = [await upstream('a'), await upstream('b')];
    cleanups.push(() => fronts[0]?.close() ?? Promise.resolve());
    const nginx = await balancer(fronts.map((front) => front.port));
    await fronts[1]?.close();
    for (let i = 0; i < 6; i++) {
      const reply = await who(nginx);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ from: 'a' });
    }
  });

  it('reaches a real front started with --allowed-host, which a front without it refuses', async () => {
    const settings = (allowedHosts: readonly string[]) => ({
      file: join(REPO_ROOT, 'examples', 'greet', 'project.json'),
      host: '127.0.0.1',
      allowedHosts,
      port: 0,
      explicitPort: true,
      environment: {},
      history: false,
    });
    const refusing = await serveProject(settings([]), { logger: silentLogger });
    cleanups.push(() => refusing.close());
    const closed = await balancer([Number(new URL(refusing.url).port)]);
    expect((await who(closed, '/config')).status).toBe(403);

    const served = await serveProject(settings(['demo.example.com']), { logger: silentLogger });
    cleanups.push(() => served.close());
    const nginx = await balancer([Number(new URL(served.url).port)]);
    expect(nginx.serverName).toBe('demo.example.com');
    const reply = await who(nginx, '/config');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toHaveProperty('components');
  });
});
