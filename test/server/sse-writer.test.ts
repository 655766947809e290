/** SseWriter: every event is one `data:` line, whatever its text holds, so clients parse each one whole. */
import { Agent, createServer, get, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SseWriter } from '../../main/server/sse-writer.js';
import { raw } from './support/raw-http.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server whose one route writes with `write` on a fresh SseWriter and ends; resolves to the body a client reads. */
async function streamed(write: (writer: SseWriter) => void): Promise<string> {
  server = createServer((_req, res) => {
    const writer = new SseWriter(res, { heartbeat: null, heartbeatMs: 0 });
    write(writer);
    writer.end();
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return (await raw({ port, path: '/' })).body;
}

describe('SseWriter', () => {
  it('sends a message whose strings hold line breaks as one data line that parses back whole', async () => {
    const message = { msg: 'log', log: 'first\r\nsecond\nthird\r', values: [1.5, 0, 1e-7], nested: { text: 'a\u2028b' } };
    const body = await streamed((writer) => {
      writer.send(message);
      writer.send({ msg: 'close_stream', event_id: null });
    });
    const events = body.split('\n\n').filter((event) => event !== '');
    expect(events).toHaveLength(2);
    for (const event of events) expect(event.split(/\r\n|\r|\n/)).toHaveLength(1);
    expect(JSON.parse((events[0] ?? '').slice('data: '.length))).toEqual(message);
  });

  it('flattens line breaks of a raw payload and of a named event', async () => {
    const body = await streamed((writer) => {
      writer.writeData('ALIVE\nagain');
      writer.writeEvent('com\nplete', '["a",\r\n"b"]');
    });
    expect(body).toBe('data: ALIVE again\n\nevent: complete\ndata: ["a", "b"]\n\n');
  });
});

describe('SseWriter writes', () => {
  /** The raw bytes of a chunked SSE response (a socket, not an HTTP client: the chunks' framing is kept). */
  async function rawBody(write: (writer: SseWriter) => void): Promise<string> {
    server = createServer((_req, res) => {
      const writer = new SseWriter(res, { heartbeat: null, heartbeatMs: 0 });
      write(writer);
      setTimeout(() => writer.end(), 20);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    // Read up to the last chunk (the framing is what is checked, not how the connection ends).
    let text = '';
    for await (const chunk of socket) {
      text += (chunk as Buffer).toString('utf8');
      if (text.endsWith('\r\n0\r\n\r\n')) break;
    }
    socket.destroy();
    return text;
  }

  it("sends one tick's messages as one HTTP chunk, and a later tick's in another", async () => {
    const text = await rawBody((writer) => {
      writer.send({ msg: 'estimation', event_id: 'a' });
      writer.send({ msg: 'process_starts', event_id: 'a' });
      writer.send({ msg: 'process_completed', event_id: 'a' });
      setTimeout(() => writer.writeData('ALIVE'), 5);
    });
    const body = text.slice(text.indexOf('\r\n\r\n') + 4);
    const first =
      'data: {"msg":"estimation","event_id":"a"}\n\n' +
      'data: {"msg":"process_starts","event_id":"a"}\n\n' +
      'data: {"msg":"process_completed","event_id":"a"}\n\n';
    const second = 'data: ALIVE\n\n';
    const chunk = (data: string): string => `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
    expect(body).toBe(`${chunk(first)}${chunk(second)}0\r\n\r\n`);
  });

  it('writes what the tick holds before it ends the response', async () => {
    const body = await streamed((writer) => {
      writer.send({ msg: 'close_stream', event_id: null });
    });
    expect(body).toBe('data: {"msg":"close_stream","event_id":null}\n\n');
  });
});

describe('SseWriter connection headers', () => {
  /** The response headers of one GET of an SseWriter stream, with the given request headers. */
  async function headersOf(requestHeaders: Record<string, string>, agent?: Agent): Promise<IncomingMessage['headers']> {
    server = createServer((_req, res) => {
      const writer = new SseWriter(res, { heartbeat: null, heartbeatMs: 0 });
      writer.send({ msg: 'close_stream', event_id: null });
      writer.end();
    });
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/', headers: requestHeaders, ...(agent ? { agent } : {}) }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      }).on('error', reject);
    });
  }

  it("carries the server's keep-alive timeout, so a keep-alive client retires the socket before the server closes it", async () => {
    const agent = new Agent({ keepAlive: true });
    try {
      const headers = await headersOf({}, agent);
      expect(headers.connection).toBe('keep-alive');
      expect(headers['keep-alive']).toBe('timeout=5');
    } finally {
      agent.destroy();
    }
  });

  it('closes the connection after the stream when the client asked for Connection: close', async () => {
    const headers = await headersOf({ Connection: 'close' });
    expect(headers.connection).toBe('close');
  });
});
