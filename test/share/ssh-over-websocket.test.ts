import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import { SshTunnel, type SshTunnelOptions } from '../../main/share/ssh-tunnel.js';
import { TunnelError } from '../../main/share/tunnel.js';
import { startTestServer, tempDir, untilTunnel } from '../share-server/support.js';
import { makeSelfSignedCert } from './support/self-signed.js';
import { percentile, pipeTo, recordStates, sseReader, startLocalApp, type LocalApp } from './tunnel-helpers.js';

/**
 * SSH over WebSocket (issue 15, item 2): the ssh tunnel reaches the real share server through its
 * HTTP port alone (`ssh+ws://`), with the SSH port off, so nothing but the WebSocket carries the
 * connection. The failures name their steps as over TCP; a drop reconnects to the same URL. Over
 * TLS (wss) with a self-signed certificate that the client is told to trust.
 */

let dir: Awaited<ReturnType<typeof tempDir>>;
let app: LocalApp;
let server: RunningShareServer;

beforeAll(async () => {
  dir = await tempDir();
  app = await startLocalApp();
  server = await startTestServer(path.join(dir.dir, 'server'), { sshPort: 'off' });
});

afterAll(async () => {
  await server.close();
  await app.close();
  await dir.remove();
});

function tunnel(overrides: Partial<SshTunnelOptions> = {}): SshTunnel {
  return new SshTunnel({
    target: `ssh+ws://secret-token@127.0.0.1:${server.httpPort}`,
    dataDir: path.join(dir.dir, 'client'),
    server: 'share-server',
    accept: pipeTo(app.port),
    backoff: { baseMs: 100, capMs: 500 },
    ...overrides,
  });
}

/** A visitor's request through the share server's HTTP port to the share `host`. */
function get(host: string, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.httpPort, path: pathname, headers: { host }, agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

async function failure(t: SshTunnel): Promise<TunnelError> {
  const error = await t.open().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(TunnelError);
  return error as TunnelError;
}

describe('the ssh tunnel over a WebSocket to the share server (SSH port off)', () => {
  it('goes online on the HTTP port alone and serves requests and a stream through it', async () => {
    expect(server.sshPort).toBe(0);
    const t = tunnel();
    const { publicUrl } = await t.open();
    try {
      expect(publicUrl).toMatch(new RegExp(`^http://[a-z2-7]{10}\\.share\\.test:${server.httpPort}$`));
      const host = new URL(publicUrl).host;
      expect(await get(host, '/hello')).toEqual({ status: 200, body: `hello from ${host}` });
      const events = await fetchThrough(host, '/events');
      const reader = sseReader(events);
      app.push('one');
      expect(await reader.next()).toBe('one');
      app.push('two');
      expect(await reader.next()).toBe('two');
      await reader.cancel();
      // A share's own host never reaches the SSH server, even with an upgrade on the reserved path: the demo answers it.
      expect(await upgradeStatus(host)).toBe(404);
      expect(await upgradeStatus(`127.0.0.1:${server.httpPort}`)).toBe(101);
    } finally {
      await t.close();
    }
  });

  it('after the share server restarts, reconnects over the WebSocket to the same URL', async () => {
    const t = tunnel();
    const states = recordStates(t);
    const { publicUrl } = await t.open();
    const name = new URL(publicUrl).hostname.split('.')[0] ?? '';
    const reconnecting = states.next('reconnecting');
    const { httpPort } = server;
    await server.close();
    await reconnecting;
    const online = states.next('online');
    server = await startTestServer(path.join(dir.dir, 'server'), { sshPort: 'off', httpPort });
    const back = untilTunnel(server, name, 'online');
    expect(await online).toEqual({ kind: 'online', publicUrl });
    await back;
    expect((await get(new URL(publicUrl).host, '/hello')).status).toBe(200);
    await t.close();
  });

  it('names the step: connect (closed port), connect (no WebSocket there), auth (wrong token), timeout (no answer)', async () => {
    const closed = await freePort();
    const refused = await failure(tunnel({ target: `ssh+ws://secret-token@127.0.0.1:${closed}` }));
    expect(refused.step).toBe('connect');
    expect(refused.message).toContain('HTTP(S) port');

    const plain = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const notOurs = await failure(tunnel({ target: `ssh+ws://secret-token@127.0.0.1:${(plain.address() as net.AddressInfo).port}` }));
    plain.close();
    expect(notOurs.step).toBe('connect');
    expect(notOurs.message).toContain('HTTP 404');
    expect(notOurs.message).toContain('passes WebSocket upgrades');

    const wrongToken = await failure(tunnel({ target: `ssh+ws://wrong-token@127.0.0.1:${server.httpPort}` }));
    expect(wrongToken.step).toBe('auth');

    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    const timedOut = await failure(tunnel({ target: `ssh+ws://secret-token@127.0.0.1:${port}`, timeoutMs: 1500 }));
    silent.close();
    expect(timedOut.step).toBe('timeout');
    expect(timedOut.message).toContain('opening the connection');
    // The bound is the point: the timeout holds while the server says nothing (4x margin for a busy machine).
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('names the step: dns (no such host), name-taken (another key holds the name), host-key (another server on the pinned address)', async () => {
    const unknown = await failure(tunnel({ target: 'ssh+ws://secret-token@share.invalid:80' }));
    expect(unknown.step).toBe('dns');
    expect(unknown.message).toContain('ws://share.invalid/.well-known/demo-desktop/ssh');

    const owner = tunnel();
    const name = new URL((await owner.open()).publicUrl).hostname.split('.')[0] ?? '';
    const other = await failure(tunnel({ name, dataDir: path.join(dir.dir, 'another-key') }));
    expect(other.step).toBe('name-taken');
    expect(other.message).toContain(name);
    await owner.close();

    // Another share server (another host key) on the address whose key this client pinned.
    const first = await startTestServer(path.join(dir.dir, 'pinned'), { sshPort: 'off' });
    const { httpPort } = first;
    const pinning = { target: `ssh+ws://secret-token@127.0.0.1:${httpPort}`, dataDir: path.join(dir.dir, 'client-pin') };
    const pinned = tunnel(pinning);
    await pinned.open();
    await pinned.close();
    await first.close();
    const second = await startTestServer(path.join(dir.dir, 'impostor'), { sshPort: 'off', httpPort });
    try {
      const impostor = await failure(tunnel(pinning));
      expect(impostor.step).toBe('host-key');
      expect(impostor.message).toContain(`ws://127.0.0.1:${httpPort}`);
    } finally {
      await second.close();
    }
  });

  it('adds about as little latency as SSH over TCP, and carries bulk data whole (figures printed)', async () => {
    const plainServer = await startTestServer(path.join(dir.dir, 'plain'));
    const overTcp = tunnel({ target: `ssh://secret-token@127.0.0.1:${plainServer.sshPort}`, dataDir: path.join(dir.dir, 'client-tcp') });
    const overWs = tunnel();
    try {
      const tcpHost = new URL((await overTcp.open()).publicUrl).host;
      const wsHost = new URL((await overWs.open()).publicUrl).host;
      const measure = async (port: number, host: string): Promise<number[]> => {
        const times: number[] = [];
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        for (let i = 0; i < 120; i++) {
          const start = performance.now();
          await new Promise<void>((resolve, reject) =>
            http
              .get({ host: '127.0.0.1', port, path: '/hello', headers: { host }, agent }, (res) => res.resume().on('end', resolve))
              .on('error', reject),
          );
          if (i >= 20) times.push(performance.now() - start);
        }
        agent.destroy();
        return times.sort((a, b) => a - b);
      };
      const tcp = await measure(plainServer.httpPort, tcpHost);
      const ws = await measure(server.httpPort, wsHost);
      const line = (name: string, t: number[]): string =>
        `${name} p50 ${percentile(t, 50).toFixed(2)} ms, p99 ${percentile(t, 99).toFixed(2)} ms`;
      console.log(`per request through the share server: ${line('SSH over TCP', tcp)}; ${line('SSH over WebSocket', ws)}`);
      // Throughput: 8 MiB downloads, alternating, the median of 3 rounds each.
      const rates = { tcp: [] as number[], ws: [] as number[] };
      for (let round = 0; round < 3; round++) {
        rates.tcp.push(await download(plainServer.httpPort, tcpHost));
        rates.ws.push(await download(server.httpPort, wsHost));
      }
      const median = (values: number[]): string => (values.sort((a, b) => a - b)[1] ?? 0).toFixed(0);
      console.log(
        `8 MiB download through the share server: SSH over TCP ${median(rates.tcp)} MB/s, SSH over WebSocket ${median(rates.ws)} MB/s`,
      );
      expect(ws.length).toBe(100);
    } finally {
      await overTcp.close();
      await overWs.close();
      await plainServer.close();
    }
  }, 180_000);
});

describe('over TLS: the share server with a self-signed certificate (openssl), ssh+wss://', () => {
  it('refuses the untrusted certificate naming --share-ca, then with it serves HTTPS and an unbuffered event stream', async () => {
    const cert = await makeSelfSignedCert(dir.dir);
    const ca = await readFile(cert.cert);
    const secure = await startTestServer(path.join(dir.dir, 'tls'), {
      sshPort: 'off',
      tls: { cert: await readFile(cert.cert), key: await readFile(cert.key) },
    });
    const target = `ssh+wss://secret-token@127.0.0.1:${secure.httpPort}`;
    try {
      const untrusted = await failure(tunnel({ target, dataDir: path.join(dir.dir, 'client-tls') }));
      expect(untrusted.step).toBe('connect');
      expect(untrusted.message).toContain('--share-ca');
      const t = tunnel({ target, ca, dataDir: path.join(dir.dir, 'client-tls') });
      const { publicUrl } = await t.open();
      expect(publicUrl).toMatch(/^https:\/\/[a-z2-7]{10}\.share\.test:\d+$/);
      const host = new URL(publicUrl).host;
      const open = (pathname: string): Promise<http.IncomingMessage> =>
        new Promise((resolve, reject) =>
          https
            .get({ host: '127.0.0.1', port: secure.httpPort, path: pathname, headers: { host }, servername: 'share.test', ca }, resolve)
            .on('error', reject),
        );
      const hello = await open('/hello');
      expect(hello.statusCode).toBe(200);
      hello.resume();
      const events = await open('/events');
      expect(events.headers['content-type']).toBe('text/event-stream');
      const reader = sseReader(Readable.toWeb(events) as ReadableStream<Uint8Array>);
      // Each event is read before the next is sent: a buffering hop would hold it and the read would never end.
      for (const data of ['first', 'second', 'third']) {
        app.push(data);
        expect(await reader.next()).toBe(data);
      }
      await reader.cancel();
      await t.close();
    } finally {
      await secure.close();
    }
  });
});

async function fetchThrough(host: string, pathname: string): Promise<ReadableStream<Uint8Array>> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.httpPort, path: pathname, headers: { host }, agent: false }, (res) => {
        resolve(
          new ReadableStream({
            start(controller) {
              res.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
              res.on('end', () => controller.close());
            },
            cancel() {
              res.destroy();
            },
          }),
        );
      })
      .on('error', reject);
  });
}

/** Downloads 8 MiB from the demo through the share server; resolves with MB/s. */
function download(port: number, host: string): Promise<number> {
  const size = 8 * 1024 * 1024;
  const start = performance.now();
  return new Promise((resolve, reject) =>
    http
      .get({ host: '127.0.0.1', port, path: `/bytes?n=${size}`, headers: { host }, agent: false }, (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        res.on('end', () =>
          received === size ? resolve(size / 1e6 / ((performance.now() - start) / 1000)) : reject(new Error(`${received} bytes`)),
        );
      })
      .on('error', reject),
  );
}

/** The status line's code that a WebSocket upgrade on the reserved path gets, with this Host. */
function upgradeStatus(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.httpPort, '127.0.0.1');
    socket.write(
      `GET /.well-known/demo-desktop/ssh HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(chunk.toString())?.[1]));
    });
    socket.once('error', reject);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
