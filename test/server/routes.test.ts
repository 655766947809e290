/** /run, /call, queue join errors, the raw stream, heartbeat and auxiliary routes, with plain fetch. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamMessage } from '../../main/server/gradio/messages.js';
import { fnIndex, startDemo, type Demo } from './support/demo-app.js';
import { readSse, sseData, untilClosed } from './support/raw-http.js';

let demo: Demo;
let api: string;

beforeAll(async () => {
  demo = await startDemo(undefined, { heartbeatMs: 100 });
  api = `${demo.base}gradio_api`;
});
afterAll(async () => demo.close());

const post = (path: string, body: unknown): Promise<Response> =>
  fetch(`${api}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /run/{api_name}', () => {
  it('answers the output object', async () => {
    const response = await post('/run/greet', { data: ['Run'] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: ['Hello Run!'], is_generating: false, render_config: null });
    expect((await post('/api/greet/', { data: ['Alias'] })).status).toBe(200);
  });

  it('answers 500 with the error payload, and 404 for unknown or private names', async () => {
    const failed = await post('/run/boom', { data: ['x'] });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ error: expect.stringContaining('boom: x') as string });
    expect((await post('/run/nope', { data: [] })).status).toBe(404);
    const privateName = demo.engine.app.events.find((e) => e.apiVisibility === 'private')?.apiName ?? '';
    expect((await post(`/run/${privateName}`, { data: ['x'] })).status).toBe(404);
  });

  it('answers 400 for the wrong number of inputs', async () => {
    const response = await post('/run/greet', { data: [] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/takes 1 input/);
  });
});

describe('the /call two-step protocol', () => {
  it('streams complete with the output data', async () => {
    const start = await post('/call/greet', { data: ['Curl'] });
    const { event_id } = (await start.json()) as { event_id: string };
    const text = await readSse(await fetch(`${api}/call/greet/${event_id}`));
    expect(text).toContain('event: complete\ndata: ["Hello Curl!"]');
  });

  it('streams full generating values, and takes keyword bodies on v2', async () => {
    const start = await post('/call/v2/count', { n: 3 });
    const { event_id } = (await start.json()) as { event_id: string };
    const text = await readSse(await fetch(`${api}/call/v2/count/${event_id}`));
    expect(text).toContain('event: generating\ndata: ["1 2"]');
    expect(text).toContain('event: complete\ndata: ["1 2 3"]');
    expect(text).not.toContain('process_');
  });

  it('streams an error event, and 404 for unknown ids', async () => {
    const { event_id } = (await (await post('/call/boom', { data: ['y'] })).json()) as { event_id: string };
    const text = await readSse(await fetch(`${api}/call/boom/${event_id}`));
    expect(text).toMatch(/event: error\ndata: \{"error":"boom: y/);
    expect(await readSse(await fetch(`${api}/call/greet/0123`))).toContain('event: error\ndata: "404: Not Found"');
    expect((await post('/call/v2/greet', { wrong: 1 })).status).toBe(400);
  });
});

describe('queue join and the session stream', () => {
  it('answers Gradio 400s and a 404 for an unknown fn_index', async () => {
    const noSession = await post('/queue/join', { data: ['x'], fn_index: 0 });
    expect(noSession.status).toBe(400);
    expect(await noSession.json()).toEqual({ detail: 'Session hash not found.' });
    const noIndex = await post('/queue/join', { data: ['x'], session_hash: 'abc' });
    expect(await noIndex.json()).toEqual({ detail: 'No function index provided.' });
    expect((await post('/queue/join', { data: ['x'], fn_index: 99, session_hash: 'abc' })).status).toBe(404);
  });

  it('buffers messages until the stream opens, every message has event_id, and it ends with close_stream', async () => {
    const session = 'rawsession1';
    const join = await post('/queue/join', { data: ['Raw'], fn_index: fnIndex(demo.engine, 'greet'), session_hash: session });
    const { event_id } = (await join.json()) as { event_id: string };
    expect(event_id).toMatch(/^[0-9a-f]{32}$/);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const messages = sseData(await readSse(await fetch(`${api}/queue/data?session_hash=${session}`), untilClosed)).filter(
      (m) => (m as { msg: string }).msg !== 'heartbeat',
    );
    for (const message of messages) expect(() => streamMessage.parse(message)).not.toThrow();
    const kinds = messages.map((m) => (m as { msg: string }).msg);
    expect(kinds).toEqual(['estimation', 'process_starts', 'process_completed', 'close_stream']);
    expect(messages.at(-2)).toMatchObject({ event_id, success: true, output: { data: ['Hello Raw!'] } });
  });

  it('sends diffs for intermediate generator outputs and the full value at the end', async () => {
    const session = 'rawsession2';
    await post('/queue/join', { data: [3], fn_index: fnIndex(demo.engine, 'count'), session_hash: session });
    const messages = sseData(await readSse(await fetch(`${api}/queue/data?session_hash=${session}`), untilClosed)) as {
      msg: string;
      output?: { data: unknown[] };
    }[];
    const generating = messages.filter((m) => m.msg === 'process_generating').map((m) => m.output?.data);
    expect(generating[0]).toEqual(['1']);
    expect(generating[1]).toEqual([[['append', [], ' 2']]]);
    expect(messages.find((m) => m.msg === 'process_completed')?.output?.data).toEqual(['1 2 3']);
  });

  it('answers an unknown session with one unexpected_error message, then close_stream', async () => {
    const messages = sseData(await readSse(await fetch(`${api}/queue/data?session_hash=neverjoined`)));
    // close_stream: without it @gradio/client would believe this ended stream still open (item 8).
    expect(messages).toEqual([
      { msg: 'unexpected_error', event_id: null, message: '404: Not Found', session_not_found: true, success: false },
      { msg: 'close_stream', event_id: null },
    ]);
  });

  it("heartbeats an idle stream and aborts the session's jobs when the client disconnects", async () => {
    const session = 'leaver';
    await post('/queue/join', { data: [60_000], fn_index: fnIndex(demo.engine, 'slow'), session_hash: session });
    await post('/queue/join', { data: [60_000], fn_index: fnIndex(demo.engine, 'slow'), session_hash: session });
    await expect.poll(() => demo.engine.queueStatus().running).toBe(2);
    const controller = new AbortController();
    const stream = await fetch(`${api}/queue/data?session_hash=${session}`, { signal: controller.signal });
    const text = await readSse(stream, (t) => t.includes('"heartbeat"'));
    expect(text).toContain('"msg":"process_starts"');
    controller.abort();
    await expect.poll(() => demo.engine.queueStatus().running).toBe(0);
  });

  it('cancels a waiting or running event with /cancel and answers for it on the stream', async () => {
    const session = 'canceller';
    const join = await post('/queue/join', { data: [60_000], fn_index: fnIndex(demo.engine, 'slow'), session_hash: session });
    const { event_id } = (await join.json()) as { event_id: string };
    const streamed = fetch(`${api}/queue/data?session_hash=${session}`).then((r) => readSse(r, untilClosed));
    await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
    expect(await (await post('/cancel', { event_id, session_hash: session, fn_index: fnIndex(demo.engine, 'slow') })).json()).toEqual({
      success: true,
    });
    expect(await (await post('/reset', { event_id })).json()).toEqual({ success: true });
    const messages = sseData(await streamed).filter((m) => (m as { msg: string }).msg !== 'heartbeat');
    // Completed with every output left as it is (not Gradio's `output: {}`, see cancelledMessage).
    expect(messages.at(-2)).toEqual({
      msg: 'process_completed',
      event_id,
      output: {
        data: [{ __type__: 'update' }],
        is_generating: false,
        duration: null,
        average_duration: null,
        render_config: null,
        changed_state_ids: [],
        used_cache: null,
      },
      success: true,
      title: null,
      used_cache: null,
      cache_duration: null,
      avg_time: null,
    });
    expect(messages.at(-1)).toEqual({ msg: 'close_stream', event_id: null });
    await expect.poll(() => demo.engine.queueStatus().running).toBe(0);
  });
});

describe('auxiliary routes', () => {
  it('answers app_id, queue/status and the heartbeat route', async () => {
    const config = (await (await fetch(`${demo.base}config`)).json()) as { app_id: number };
    expect(await (await fetch(`${api}/app_id`)).json()).toEqual({ app_id: config.app_id });
    expect(await (await fetch(`${api}/queue/status`)).json()).toEqual({
      msg: 'estimation',
      event_id: null,
      rank: null,
      queue_size: 0,
      rank_eta: null,
    });
    const beat = await readSse(await fetch(`${api}/heartbeat/someone`), (t) => t.split('ALIVE').length > 2);
    expect(beat).toMatch(/^data: ALIVE\n\ndata: ALIVE/);
  });
});
