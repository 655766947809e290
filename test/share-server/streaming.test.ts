import { createHash } from 'node:crypto';
import { Agent, request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningShareServer } from '../../main/share-server/share-server.js';
import { closeClient, closeServer, connectDemo, DOMAIN, forwardIn, newKey, startDemo, startTestServer, tempDir } from './support.js';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Resolves `acks[i]` from the test: the demo sends event i+1 only after the visitor got event i. */
function ackQueue(): { next: (i: number) => Promise<void>; ack: (i: number) => void } {
  const waiting = new Map<number, () => void>();
  const done = new Set<number>();
  return {
    next: (i) =>
      new Promise((resolve) => {
        if (done.has(i)) resolve();
        else waiting.set(i, resolve);
      }),
    ack: (i) => {
      done.add(i);
      waiting.get(i)?.();
    },
  };
}

describe('share server: streaming through a tunnel', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let share: RunningShareServer;
  let demo: Awaited<ReturnType<typeof startDemo>>;
  const acks = ackQueue();
  let demoSocketClosed: Promise<void> = Promise.resolve();

  beforeEach(async () => {
    data = await tempDir();
    share = await startTestServer(data.dir);
    demo = await startDemo((req, res) => {
      if (req.url !== '/events') {
        res.end(`hello from ${req.headers.host ?? ''}`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      void (async () => {
        for (let i = 0; i < 5; i += 1) {
          // Each event waits until the visitor has the one before: buffering anywhere would hang here.
          if (i > 0) await acks.next(i - 1);
          res.write(`data: ${JSON.stringify({ i, sentAt: performance.timeOrigin + performance.now() })}\n\n`);
        }
        res.end();
      })();
    });
    demo.server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
      demoSocketClosed = new Promise((resolve) => socket.once('close', () => resolve()));
      const accept = createHash('sha1')
        .update(`${req.headers['sec-websocket-key'] ?? ''}${WS_GUID}`)
        .digest('base64');
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nX-Seen-Forwarded-Host: ${String(req.headers['x-forwarded-host'] ?? '')}\r\n\r\n`,
      );
      const onFrame = (frame: Buffer): void => {
        // A masked client text frame with a short payload: unmask it and answer "echo: <text>".
        const length = (frame[1] ?? 0) & 0x7f;
        const mask = frame.subarray(2, 6);
        const text = Buffer.from(frame.subarray(6, 6 + length).map((byte, i) => byte ^ (mask[i % 4] ?? 0))).toString();
        const reply = Buffer.from(`echo: ${text}`);
        socket.write(Buffer.concat([Buffer.from([0x81, reply.length]), reply]));
      };
      if (head.length > 0) onFrame(head);
      socket.on('data', onFrame);
      socket.on('end', () => socket.end());
    });
  });
  afterEach(async () => {
    await share.close();
    await closeServer(demo.server);
    await data.remove();
  });

  it('passes server-sent events one by one, as the demo sends them', async () => {
    const client = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(client, 'streamer');
    const delays: number[] = [];
    const events = await new Promise<number[]>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: share.httpPort, path: '/events', headers: { host: `streamer.${DOMAIN}` } }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        const seen: number[] = [];
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const event = JSON.parse(buffer.slice(6, end)) as { i: number; sentAt: number };
            delays.push(performance.timeOrigin + performance.now() - event.sentAt);
            seen.push(event.i);
            acks.ack(event.i);
            buffer = buffer.slice(end + 2);
            end = buffer.indexOf('\n\n');
          }
        });
        res.on('end', () => resolve(seen));
      });
      req.on('error', reject);
      req.end();
    });
    expect(events).toEqual([0, 1, 2, 3, 4]);
    console.log(`SSE event delay through the tunnel (ms): ${delays.map((d) => d.toFixed(1)).join(', ')}`);
    await closeClient(client);
  });

  it('passes a WebSocket upgrade and its frames both ways', async () => {
    const client = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(client, 'sockets');
    const socket = connect(share.httpPort, '127.0.0.1');
    const key = Buffer.from('0123456789abcdef').toString('base64');
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: sockets.${DOMAIN}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    let received = Buffer.alloc(0);
    const readUntil = (done: (bytes: Buffer) => boolean): Promise<void> =>
      new Promise((resolve) => {
        const onData = (chunk: Buffer): void => {
          received = Buffer.concat([received, chunk]);
          if (!done(received)) return;
          socket.off('data', onData);
          resolve();
        };
        socket.on('data', onData);
      });
    await readUntil((bytes) => bytes.includes('\r\n\r\n'));
    const headEnd = received.indexOf('\r\n\r\n') + 4;
    const head = received.subarray(0, headEnd).toString();
    expect(head).toMatch(/^HTTP\/1\.1 101 /);
    expect(head).toContain(`Sec-WebSocket-Accept: ${createHash('sha1').update(`${key}${WS_GUID}`).digest('base64')}`);
    expect(head).toContain(`X-Seen-Forwarded-Host: sockets.${DOMAIN}`);
    received = received.subarray(headEnd);

    const mask = Buffer.from([1, 2, 3, 4]);
    const payload = Buffer.from('hello').map((byte, i) => byte ^ (mask[i % 4] ?? 0));
    socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, payload]));
    await readUntil((bytes) => bytes.length >= 2 + 'echo: hello'.length);
    expect(received[0]).toBe(0x81);
    expect(received.subarray(2).toString()).toBe('echo: hello');
    // The visitor leaving closes the demo's end too (nothing is left open on the demo's computer).
    socket.destroy();
    await demoSocketClosed;
    await closeClient(client);
  });

  it('routes each request of a keep-alive connection by its own Host', async () => {
    const a = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(a, 'first');
    const b = await connectDemo(share.sshPort, newKey(), demo.port);
    await forwardIn(b, 'second');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (host: string): Promise<{ body: string; socket: unknown }> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: share.httpPort, path: '/', headers: { host }, agent }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ body, socket: req.socket }));
        });
        req.on('error', reject);
        req.end();
      });
    const one = await get(`first.${DOMAIN}`);
    const two = await get(`second.${DOMAIN}`);
    expect(two.socket).toBe(one.socket);
    expect(one.body).toBe(`hello from first.${DOMAIN}`);
    expect(two.body).toBe(`hello from second.${DOMAIN}`);
    agent.destroy();
    await closeClient(a);
    await closeClient(b);
  });
});
