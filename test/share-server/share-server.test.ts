import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import {
  closeClient,
  closeServer,
  connectDemo,
  DOMAIN,
  execUrl,
  forwardIn,
  newKey,
  startDemo,
  startTestServer,
  tempDir,
  untilTunnel,
  visit,
} from './support.js';

describe('share server: a tunnel from a demo to a public name', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let share: RunningShareServer;
  let demo: Awaited<ReturnType<typeof startDemo>>;

  beforeEach(async () => {
    data = await tempDir();
    share = await startTestServer(data.dir);
    demo = await startDemo();
  });
  afterEach(async () => {
    await share.close();
    await closeServer(demo.server);
    await data.remove();
  });

  it('gives a new high-entropy name, says its URL, and passes requests with X-Forwarded headers', async () => {
    const client = await connectDemo(share.sshPort, newKey(), demo.port);
    expect(await forwardIn(client, '')).toBe(80);
    const url = await execUrl(client);
    expect(url.code).toBe(0);
    const match = /^http:\/\/([a-z2-7]{10})\.share\.test:(\d+)\n$/.exec(url.stdout);
    expect(match, url.stdout).not.toBeNull();
    expect(Number(match?.[2])).toBe(share.httpPort);
    const name = match?.[1] ?? '';

    const reply = await visit(share.httpPort, `${name}.${DOMAIN}:${share.httpPort}`, '/headers?x=1', {
      'x-forwarded-host': 'forged.example',
      'x-forwarded-for': '6.6.6.6',
    });
    expect(reply.status).toBe(200);
    const seen = JSON.parse(reply.body) as { url: string; headers: Record<string, string> };
    expect(seen.url).toBe('/headers?x=1');
    expect(seen.headers.host).toBe(`${name}.${DOMAIN}:${share.httpPort}`);
    // A visitor's own X-Forwarded-* are replaced (no trusted proxy in front).
    expect(seen.headers['x-forwarded-host']).toBe(`${name}.${DOMAIN}:${share.httpPort}`);
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    await closeClient(client);
  });

  it('passes request bodies (POST) both ways', async () => {
    await closeServer(demo.server);
    demo = await startDemo((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.end(`got ${body.length} bytes: ${body.slice(0, 5)}`));
    });
    const client = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(client, 'poster');
    const payload = 'hello'.repeat(50_000);
    const { request } = await import('node:http');
    const reply = await new Promise<string>((resolve, reject) => {
      const req = request(
        { port: share.httpPort, host: '127.0.0.1', method: 'POST', path: '/', headers: { host: `poster.${DOMAIN}` } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
    expect(reply).toBe(`got ${payload.length} bytes: hello`);
    await closeClient(client);
  });

  it('answers the bare domain with a landing page, an unknown name with 404, an offline name with 502', async () => {
    const landing = await visit(share.httpPort, DOMAIN);
    expect(landing.status).toBe(200);
    expect(landing.body).toContain('share server');
    expect((await visit(share.httpPort, `nosuchname.${DOMAIN}`)).status).toBe(404);
    expect((await visit(share.httpPort, 'other.example')).status).toBe(404);

    const client = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(client, 'mydemo');
    expect((await visit(share.httpPort, `mydemo.${DOMAIN}`)).status).toBe(200);
    const gone = untilTunnel(share, 'mydemo', 'offline');
    await closeClient(client);
    await gone;
    const offline = await visit(share.httpPort, `mydemo.${DOMAIN}`);
    expect(offline.status).toBe(502);
    expect(offline.body).toContain("demo's computer is not connected");
  });

  it('says there is no URL before a forward, and which URL after', async () => {
    const client = await connectDemo(share.sshPort, newKey(), demo.port);
    const before = await execUrl(client);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('tcpip-forward');
    await forwardIn(client, 'Named-Demo');
    expect((await execUrl(client)).stdout).toBe(`http://named-demo.${DOMAIN}:${share.httpPort}\n`);
    await closeClient(client);
  });
});
