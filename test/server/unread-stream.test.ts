/**
 * A client that joins and then does not read its results must not hold the server's memory: a
 * generator that resends a big value with every yield (a chat history is resent whole with each
 * token) turned a 4 MB join into hundreds of MB kept for a stream nobody read. Past the limits the
 * events are stopped; a client that opens its stream late is told why.
 */
import { get, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type Demo } from './support/demo-app.js';
import { connect } from './support/gradio-client.js';
import { readSse } from './support/sse-reader.js';

const REPEAT_MODULE = `
export async function* repeat([text, n], ctx) {
  for (let i = 0; i < n; i++) {
    if (ctx.signal.aborted) return;
    // A new prefix each time: no append edit, the whole value goes out again.
    yield i + ':' + text;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
`;

const MiB = 1024 * 1024;

let demo: Demo;

beforeAll(async () => {
  demo = await startDemo(
    {
      functions: { repeat: { kind: 'js', module: './repeat.js', export: 'repeat' } },
      ui: {
        type: 'blocks',
        children: [
          { type: 'textbox', id: 'text', label: 'Text' },
          { type: 'number', id: 'n', label: 'Times' },
          { type: 'textbox', id: 'out', label: 'Out' },
          { type: 'button', id: 'go' },
        ],
        events: [{ trigger: 'go.click', fn: 'repeat', inputs: ['text', 'n'], outputs: ['out'], apiName: 'repeat', concurrencyLimit: null }],
      },
    },
    {},
    { 'repeat.js': REPEAT_MODULE },
  );
});
afterAll(async () => demo.close());

const metrics = () => demo.engine.metrics()['repeat'] ?? { completed: 0, cancelled: 0 };

async function join(session: string, text: string, n: number): Promise<string> {
  const response = await fetch(`${demo.base}gradio_api/queue/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: [text, n], fn_index: 0, session_hash: session }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { event_id: string }).event_id;
}

/** Reads the session's stream to its end and returns its messages. */
async function readAll(session: string): Promise<{ msg: string; event_id: string | null; success?: boolean; output?: unknown }[]> {
  const events = await readSse(`${demo.base}gradio_api/queue/data?session_hash=${session}`, {}, () => false);
  return events.map((event) => event.data as { msg: string; event_id: string | null });
}

describe('results nobody reads', () => {
  it('stops the events of a session whose stream is never opened, and tells a late reader why', async () => {
    const before = metrics();
    const eventId = await join('never-opened', 'x'.repeat(MiB), 100);
    await expect.poll(() => metrics().cancelled).toBe(before.cancelled + 1);
    expect(metrics().completed).toBe(before.completed);
    const messages = await readAll('never-opened');
    const done = messages.find((m) => m.msg === 'process_completed');
    expect(done).toMatchObject({ event_id: eventId, success: false, output: { error: expect.stringMatching(/did not read its results/) } });
    expect(messages.at(-1)?.msg).toBe('close_stream');
    // What was produced before the limit is gone: the late reader gets a few small messages.
    expect(JSON.stringify(messages).length).toBeLessThan(64 * 1024);
  });

  it('cuts a stream its client opened and does not read, and stops its events', async () => {
    const before = metrics();
    await join('never-read', 'y'.repeat(MiB), 200);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(`${demo.base}gradio_api/queue/data?session_hash=never-read`, (res) => {
        // Open, then never read: the socket's buffers fill and the server's writes pile up.
        res.pause();
        resolve(res);
      }).once('error', reject);
    });
    expect(response.statusCode).toBe(200);
    await expect.poll(() => metrics().cancelled).toBe(before.cancelled + 1);
    expect(metrics().completed).toBe(before.completed);
    response.destroy();
  });

  it('keeps only the latest output of a /call event until it is read', async () => {
    const before = metrics();
    const started = await fetch(`${demo.base}gradio_api/call/repeat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: ['w', 20] }),
    });
    const { event_id: eventId } = (await started.json()) as { event_id: string };
    await expect.poll(() => metrics().completed).toBe(before.completed + 1);
    const events = await readSse(`${demo.base}gradio_api/call/repeat/${eventId}`, {}, () => false);
    // 20 outputs were made while nobody read; each was a full value, so the last holds them all.
    expect(events.map((event) => [event.event, event.data])).toEqual([
      ['generating', ['19:w']],
      ['complete', ['19:w']],
    ]);
  });

  it('still serves new clients after 2,000 sessions joined and never opened their streams', async () => {
    // The registry keeps 2,000 sessions (Gradio's number); it made room only by forgetting idle ones.
    const sessions = Array.from({ length: 2001 }, (_, i) => `flood-${i}`);
    for (let i = 0; i < sessions.length; i += 25) await Promise.all(sessions.slice(i, i + 25).map((session) => join(session, 'f', 1)));
    const client = await connect(demo.base);
    try {
      expect((await client.predict('/repeat', ['ok', 1])).data).toEqual(['0:ok']);
    } finally {
      client.close();
    }
  });

  it('still answers a client that reads', async () => {
    const eventId = await join('reads', 'z', 3);
    const messages = await readAll('reads');
    expect(messages.find((m) => m.msg === 'process_completed')).toMatchObject({
      event_id: eventId,
      success: true,
      output: { data: ['2:z'] },
    });
  });
});
