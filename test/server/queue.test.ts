/**
 * Queue semantics through the server with the real engine: queue full (503), positions and ETA in
 * estimations, api_open. A slow JS function that honours ctx.signal holds the single slot, so
 * the timing is controlled without a test double.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from './support/gradio-client.js';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { readSse, sseData } from './support/raw-http.js';

const SLOW_APP: Omit<ProjectInput, 'version' | 'name'> = {
  functions: { slow: { kind: 'js', module: './fns.js', export: 'slow' } },
  ui: { type: 'interface', fn: 'slow', inputs: [{ type: 'number', id: 'ms' }], outputs: [{ type: 'textbox', id: 'out' }] },
  queue: { maxSize: 1, apiOpen: false },
};

let demo: Demo;
let api: string;

beforeAll(async () => {
  demo = await startDemo(SLOW_APP);
  api = `${demo.base}gradio_api`;
});
afterAll(async () => demo.close());

const join = async (ms: number, session: string): Promise<Response> =>
  fetch(`${api}/queue/join?`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: [ms], fn_index: 0, session_hash: session }),
  });

describe('queue', () => {
  it('answers 503 when max_size jobs are waiting, leaves the queued job alone, and the JS client says busy', async () => {
    const blocker = await join(60_000, 'full-blocker');
    expect(blocker.status).toBe(200);
    const { event_id: blockerId } = (await blocker.json()) as { event_id: string };
    await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
    expect((await join(50, 'full-queued')).status).toBe(200);
    const before = demo.engine.queueStatus();
    expect(before).toEqual({ queued: 1, running: 1 });

    const refused = await join(10, 'full');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ detail: 'Queue is full. Max size is 1 and size is 1.' });
    expect(demo.engine.queueStatus()).toEqual(before);

    const client = await connect(demo.base);
    try {
      await expect(client.predict('/predict', [10])).rejects.toMatchObject({ message: expect.stringContaining('busy') as string });
    } finally {
      client.close();
    }
    expect(demo.engine.queueStatus()).toEqual(before);

    // Free the slot: the job that was already waiting must now run, untouched by the refused joins.
    const queuedStream = fetch(`${api}/queue/data?session_hash=full-queued`).then((response) =>
      readSse(response, (text) => text.includes('"msg":"process_completed"') && text.endsWith('\n\n')),
    );
    const cancelled = await fetch(`${api}/cancel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ session_hash: 'full-blocker', event_id: blockerId }),
    });
    expect(cancelled.status).toBe(200);
    const messages = sseData(await queuedStream) as Record<string, unknown>[];
    const completed = messages.filter((m) => m.msg === 'process_completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ success: true, output: { data: ['slept 50'] } });
    expect(messages.some((m) => m.msg === 'process_starts')).toBe(true);
    // It only ever heard of a line of one (itself): neither refused join was counted in the queue.
    const estimations = messages.filter((m) => m.msg === 'estimation');
    expect(estimations.length).toBeGreaterThan(0);
    for (const estimation of estimations) expect(estimation).toMatchObject({ rank: 0, queue_size: 1 });
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 0, running: 0 });
  });

  it('sends rank, queue size and an ETA once the function has a mean run time', async () => {
    const client = await connect(demo.base);
    try {
      expect((await client.predict('/predict', [30])).data).toEqual(['slept 30']);
    } finally {
      client.close();
    }
    expect((await join(400, 'eta')).status).toBe(200);
    await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
    expect((await join(30, 'eta')).status).toBe(200);
    const messages = sseData(await readSse(await fetch(`${api}/queue/data?session_hash=eta`))) as Record<string, unknown>[];
    const estimations = messages.filter((m) => m.msg === 'estimation');
    const waiting = estimations.find((m) => m.rank === 0 && m.queue_size === 1);
    expect(waiting?.rank_eta).toEqual(expect.any(Number));
    expect(waiting?.rank_eta as number).toBeGreaterThan(0);
    const starts = messages.filter((m) => m.msg === 'process_starts');
    expect(starts.at(-1)?.eta).toEqual(expect.any(Number));
    expect(messages.filter((m) => m.msg === 'process_completed')).toHaveLength(2);
    expect(messages.at(-1)).toEqual({ msg: 'close_stream', event_id: null });
  });

  it("closes /run when api_open is false, with Gradio's message", async () => {
    const response = await fetch(`${api}/run/predict`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: [1] }),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/Please join the queue/);
  });
});
