import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnIndex, startDemo, type Demo } from './support/demo-app.js';
import { sseData, untilClosed } from './support/raw-http.js';
import { connect } from './support/gradio-client.js';

/**
 * The session stream outlives its last event by `streamLingerMs` (a client calling again soon
 * reuses it), and a join that crosses `close_stream` is answered a moment after it, so the client
 * reads the close first and opens a new stream instead of waiting forever on a dead one.
 */

const LINGER_MS = 400;
/** Wide, so "held back" (≥ CROSSING_MS / 2) and "at once" (< CROSSING_MS / 2) hold on a loaded machine. */
const CROSSING_MS = 2_000;
let demo: Demo;
let api: string;

beforeAll(async () => {
  demo = await startDemo(undefined, { streamLingerMs: LINGER_MS, streamCrossingMs: CROSSING_MS });
  api = `${demo.base}gradio_api`;
});

afterAll(async () => {
  await demo.close();
});

const join = async (session: string, name: string): Promise<string> => {
  const response = await fetch(`${api}/queue/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: [name], fn_index: fnIndex(demo.engine, 'greet'), session_hash: session }),
  });
  return ((await response.json()) as { event_id: string }).event_id;
};

/** A `/queue/data` stream read step by step, which the test hangs up when it chooses. */
async function openStream(session: string): Promise<{
  until(predicate: (text: string) => boolean): Promise<{ readonly text: string; readonly ended: boolean }>;
  hangUp(): Promise<void>;
}> {
  const response = await fetch(`${api}/queue/data?session_hash=${session}`);
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  let text = '';
  return {
    async until(predicate) {
      while (!predicate(text)) {
        const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
        if (chunk.done) return { text, ended: true };
        text += decoder.decode(chunk.value, { stream: true });
      }
      return { text, ended: false };
    },
    hangUp: () => reader.cancel(),
  };
}

const completed = (eventId: string) => (text: string) => text.includes(`"msg":"process_completed","event_id":"${eventId}"`);

describe('session stream lifetime', () => {
  it('carries a second call made soon after the first on the same stream, then closes after the linger', async () => {
    const session = 'lingering';
    const first = await join(session, 'One');
    const stream = await openStream(session);
    await stream.until(completed(first));
    const second = await join(session, 'Two'); // the client still holds its stream
    const done = await stream.until(completed(second));
    expect(done.text).not.toContain('close_stream');
    const completedAt = performance.now();
    const end = await stream.until(untilClosed);
    const lingered = performance.now() - completedAt;
    expect(end.ended).toBe(false);
    expect(lingered).toBeGreaterThanOrEqual(LINGER_MS * 0.8);
    const kinds = sseData(end.text)
      .map((m) => (m as { msg: string }).msg)
      .filter((k) => k !== 'heartbeat');
    expect(kinds.filter((k) => k === 'process_completed')).toHaveLength(2);
    expect(kinds.at(-1)).toBe('close_stream');
    await stream.hangUp();
  });

  it('answers a join that crossed close_stream only a moment after it, and the event arrives on the next stream', async () => {
    const session = 'crossing';
    const first = await join(session, 'One');
    const stream = await openStream(session);
    await stream.until(completed(first));
    const closedAt = (await stream.until(untilClosed)).ended ? null : performance.now();
    expect(closedAt).not.toBeNull();
    // A client that sent its join before reading close_stream: the answer must come after the close.
    const eventId = await join(session, 'Two');
    expect(performance.now() - (closedAt ?? 0)).toBeGreaterThanOrEqual(CROSSING_MS / 2);
    // The server ended the old response right after close_stream.
    expect((await stream.until(() => false)).ended).toBe(true);
    const next = await openStream(session);
    const delivered = await next.until(completed(eventId));
    expect(delivered.text).toContain('Hello Two!');
    await next.hangUp();
  });

  it('answers a join at once when no close_stream is near', async () => {
    const session = 'calm';
    const started = performance.now();
    await join(session, 'One');
    expect(performance.now() - started).toBeLessThan(CROSSING_MS / 2);
  });

  it('after a /cancel that leaves nothing pending, answers with no-change outputs and lingers as after any completion', async () => {
    const session = 'cancelling';
    const response = await fetch(`${api}/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [60_000], fn_index: fnIndex(demo.engine, 'slow'), session_hash: session }),
    });
    const { event_id } = (await response.json()) as { event_id: string };
    const stream = await openStream(session);
    await stream.until((text) => text.includes('"msg":"process_starts"'));
    const cancelledAt = performance.now();
    await fetch(`${api}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_id, session_hash: session, fn_index: fnIndex(demo.engine, 'slow') }),
    });
    const answered = await stream.until((text) => text.includes('"msg":"process_completed"'));
    expect(answered.text).toContain(`"msg":"process_completed","event_id":"${event_id}","output":{"data":[{"__type__":"update"}]`);
    const end = await stream.until(untilClosed);
    // Kept open for a next call, as after a result (Gradio's `output: {}` made the client drop it at once).
    expect(performance.now() - cancelledAt).toBeGreaterThanOrEqual(LINGER_MS * 0.8);
    expect(end.text).toContain('"msg":"close_stream"');
  });

  it('@gradio/client: many concurrent calls on one session all complete (the crossing race does not hang them)', async () => {
    const client = await connect(demo.base);
    try {
      const rounds = 30;
      for (let round = 0; round < rounds; round++) {
        const names = Array.from({ length: 4 }, (_, i) => `r${round}c${i}`);
        const results = await Promise.all(names.map((name) => client.predict('/greet', [name])));
        expect(results.map((r) => r.data[0])).toEqual(names.map((name) => `Hello ${name}!`));
      }
    } finally {
      client.close();
    }
  }, 60_000);
});
