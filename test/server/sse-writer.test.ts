/** SseWriter: every event is one `data:` line, whatever its text holds, so clients parse each one whole. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
