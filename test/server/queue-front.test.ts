/**
 * Stateless fronts on Redis (issue 18, item 3): two servers started with a Redis queue (what
 * `serve --queue` builds), one real redis-server, a small worker over QueueWorker running the jobs
 * on a real engine, and a proxy that splits each client's requests between the fronts as a
 * balancer without affinity may: the join on one front, the stream and the cancel on the other.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import type { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { FrontEngine } from '../../main/server/queue-front/front-engine.js';
import { connectRedisFront, type RedisFront } from '../../main/server/queue-front/redis-front.js';
import type { RedisFrontTiming } from '../../main/server/queue-front/redis-gradio-queue.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import { namespace, redisForFile, until } from '../queue/queue-fixtures.js';
import { tempDir } from '../runtimes/support.js';
import { DEMO_PROJECT, FUNCTIONS_MODULE } from './support/demo-app.js';
import { connect, type GradioClient } from './support/gradio-client.js';
import { startTestWorker, type TestWorker } from './support/queue-front-worker.js';
import { readSse, type SseEvent } from './support/sse-reader.js';
import { startSplitProxy, type SplitProxy } from './support/split-proxy.js';

const redis = redisForFile();

let dir: { path: string; remove: () => Promise<void> } | undefined;
let fronts: { redis: RedisFront; server: RunningServer }[] = [];
let workerQueue: RedisQueue;
let workerEngine: Engine | undefined;
let worker: TestWorker;
let proxy: SplitProxy;
let frontEngine: FrontEngine;

beforeAll(async () => {
  const temp = await tempDir('queue-front');
  dir = temp;
  await writeFile(join(temp.path, 'fns.js'), FUNCTIONS_MODULE);
  const file = join(temp.path, 'project.json');
  await writeFile(file, JSON.stringify({ version: 1, name: 'queue-front-test', ...DEMO_PROJECT }));
  const loaded = await loadProject(file);
  const ns = namespace();
  const url = `${redis.server().url}?namespace=${ns}`;
  frontEngine = new FrontEngine(loaded);
  queueUrl = url;
  fronts.push(await startFront(0), await startFront(1));
  workerQueue = await redis.open(ns);
  const engine = await createEngine({ loaded, environment: { offline: true, cacheDir: join(temp.path, 'cache') } });
  workerEngine = engine;
  worker = await startTestWorker(workerQueue, engine);
  // Joins go to front 0; everything else (config, the stream, cancel) to front 1.
  proxy = await startSplitProxy(
    fronts.map((f) => f.server.url),
    (path) => (path.endsWith('/queue/join') ? 0 : 1),
  );
});

afterAll(async () => {
  await (proxy as SplitProxy | undefined)?.close();
  await (worker as TestWorker | undefined)?.stop();
  for (const front of fronts) {
    await front.server.close();
    await front.redis.close();
  }
  fronts = [];
  await workerEngine?.dispose();
  await dir?.remove();
});

let queueUrl: string;

/** A front as `serve --queue` builds it: the project's FrontEngine, the server, the Redis queue seam. */
async function startFront(i: number, timing: Partial<RedisFrontTiming> = {}): Promise<{ redis: RedisFront; server: RunningServer }> {
  // Blocking reads that never time out within a test: nothing may depend on a read's timeout to
  // notice a new job or a finished one (the session's announcements and the events must wake it).
  const front = await connectRedisFront(queueUrl, {}, silentLogger, { blockMs: 60_000, ...timing });
  const server = await startServer({
    engine: frontEngine,
    dataDir: join(dir?.path ?? '', `front-${i}`),
    queue: (ctx) => front.gradioQueue(ctx),
  });
  return { redis: front, server };
}

const front = (i: number): string => fronts[i]?.server.url ?? '';
const fnIndex = (apiName: string): number => frontEngine.app.events.findIndex((e) => e.apiName === apiName);

interface ClientEvent {
  type: string;
  stage?: string;
  original_msg?: string;
  data?: unknown[];
}

async function collect(job: AsyncIterable<unknown>, stop?: (event: ClientEvent) => Promise<void> | void): Promise<ClientEvent[]> {
  const events: ClientEvent[] = [];
  for await (const raw of job) {
    const event = raw as ClientEvent;
    events.push(event);
    await stop?.(event);
    if (event.type === 'status' && (event.stage === 'complete' || event.stage === 'error')) break;
  }
  return events;
}

async function joinOn(frontIndex: number, session: string, apiName: string, data: unknown[]): Promise<string> {
  const response = await fetch(`${front(frontIndex)}gradio_api/queue/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, fn_index: fnIndex(apiName), session_hash: session }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { event_id: string }).event_id;
}

type Message = { msg: string; event_id: string | null; output?: { data?: unknown[] } };
const message = (event: SseEvent): Message => event.data as Message;

describe('stateless fronts on one Redis, the real @gradio/client split across them', () => {
  let client: GradioClient;

  beforeAll(async () => {
    client = await connect(proxy.base, { events: ['data', 'status'] });
  });
  afterAll(() => (client as GradioClient | undefined)?.close());

  it('joins on one front and gets the result through the stream of the other', async () => {
    expect((await client.predict('/greet', ['Ada'])).data).toEqual(['Hello Ada!']);
    const paths = proxy.served.map(([i, method, path]) => `${i} ${method} ${path}`);
    expect(paths).toContain('0 POST /gradio_api/queue/join');
    expect(paths).toContain('1 GET /gradio_api/queue/data');
    expect(paths.filter((p) => p.endsWith('/queue/join')).every((p) => p.startsWith('0 '))).toBe(true);
  });

  it('streams a generator with its statuses in order, the diffs applied by the client', async () => {
    const events = await collect(client.submit('/count', [3]));
    const stages = events.filter((e) => e.type === 'status').map((e) => e.original_msg ?? e.stage);
    expect(stages[0]).toBe('pending');
    expect(stages).toContain('process_starts');
    expect(stages.at(-1)).toBe('complete');
    const datas = events.filter((e) => e.type === 'data').map((e) => e.data);
    expect(datas.slice(0, 3)).toEqual([['1'], ['1 2'], ['1 2 3']]);
    expect(datas.at(-1)).toEqual(['1 2 3']);
  });

  it('reports a failing function as an error with its message', async () => {
    await expect(client.predict('/boom', ['dragons'])).rejects.toMatchObject({
      message: expect.stringContaining('boom: dragons') as unknown,
    });
  });

  it('serves calls one after another and at once on one client (the stream reused, closed, reopened)', async () => {
    const results = await Promise.all(['a', 'b', 'c'].map((name) => client.predict('/greet', [name])));
    expect(results.map((r) => r.data)).toEqual([['Hello a!'], ['Hello b!'], ['Hello c!']]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await client.predict('/greet', ['again'])).data).toEqual(['Hello again!']);
  });

  it('cancels through the other front: the run on the worker stops, the client hears at once', async () => {
    const before = new Set(worker.started);
    const job = client.submit('/slow', [120_000]);
    let jobId = '';
    const events = await collect(job, async (event) => {
      if (event.original_msg !== 'process_starts') return;
      jobId = await until(() => Promise.resolve([...worker.started].find((id) => !before.has(id))));
      await job.cancel();
    });
    expect(events.at(-1)).toMatchObject({ type: 'status', stage: 'complete' });
    expect(proxy.served.some(([i, method, path]) => i === 1 && method === 'POST' && path === '/gradio_api/cancel')).toBe(true);
    await worker.abortedJob(jobId);
    expect((await workerQueue.status(jobId))?.state).toBe('cancelled');
  });
});

describe('many callers through a balancer without affinity', () => {
  it('gives 64 @gradio/client callers every result once, each request on either front', async () => {
    let next = 0;
    const balancer = await startSplitProxy(
      fronts.map((f) => f.server.url),
      () => next++ % 2,
    );
    try {
      const callers = await Promise.all(Array.from({ length: 64 }, () => connect(balancer.base)));
      const results = await Promise.all(
        callers.map(async (caller, i) => {
          const answers: unknown[] = [];
          for (const round of [0, 1]) answers.push((await caller.predict('/greet', [`c${i}r${round}`])).data[0]);
          caller.close();
          return answers;
        }),
      );
      expect(results).toEqual(callers.map((_, i) => [`Hello c${i}r0!`, `Hello c${i}r1!`]));
      const byFront = [0, 1].map((f) => balancer.served.filter(([i, , path]) => i === f && path === '/gradio_api/queue/data').length);
      expect(byFront.every((count) => count > 0)).toBe(true);
    } finally {
      await balancer.close();
    }
  });
});

describe('a client that goes away', () => {
  it('cancels its running job when its stream (on the other front) disconnects, as Gradio does', async () => {
    const leaving = await connect(proxy.base, { events: ['data', 'status'] });
    const before = new Set(worker.started);
    const events = leaving.submit('/slow', [120_000])[Symbol.asyncIterator]();
    for (;;) {
      const { value } = await events.next();
      if ((value as ClientEvent).original_msg === 'process_starts') break;
    }
    const jobId = await until(() => Promise.resolve([...worker.started].find((id) => !before.has(id))));
    leaving.close();
    await worker.abortedJob(jobId);
    expect((await workerQueue.status(jobId))?.state).toBe('cancelled');
  });
});

describe('a session stream any front can serve and resume', () => {
  it('resumes after Last-Event-ID on another front when its front stops mid-stream: nothing repeated, nothing lost', async () => {
    // A third front, stopped while it streams (a front's shutdown ends its streams without
    // close_stream and cancels nothing; a client's own disconnect would cancel the job).
    const dying = await startFront(2);
    const session = `resume${randomUUID().slice(0, 8)}`;
    const body = JSON.stringify({ data: [6], fn_index: fnIndex('count'), session_hash: session });
    const joined = await fetch(`${dying.server.url}gradio_api/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const { event_id: id } = (await joined.json()) as { event_id: string };
    let generating = 0;
    let stopping: Promise<void> | undefined;
    const first = await readSse(`${dying.server.url}gradio_api/queue/data?session_hash=${session}`, {}, (event) => {
      if (message(event).msg === 'process_generating' && ++generating === 2) stopping = dying.server.close();
      return false;
    });
    await stopping;
    await dying.redis.close();
    const lastId = first.filter((e) => e.id !== undefined).at(-1)?.id;
    expect(lastId).toMatch(new RegExp(`^${id}=\\d+-\\d+$`));
    expect(first.map((e) => message(e).msg)).not.toContain('close_stream');
    const rest = await readSse(`${front(1)}gradio_api/queue/data?session_hash=${session}`, { 'Last-Event-ID': lastId ?? '' }, () => false);
    const all = [...first, ...rest].map(message);
    const kinds = all.map((m) => m.msg);
    // Estimations are re-sent when the line moves (not events, so not resumed); the rest once each.
    expect(kinds.filter((k) => k === 'estimation').length).toBeGreaterThanOrEqual(1);
    expect(kinds.filter((k) => k === 'process_starts')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'process_completed')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('close_stream');
    // The outputs as the client rebuilds them (the first full, then diffs, across both fronts).
    let value = '';
    const seen: string[] = [];
    all
      .filter((m) => m.msg === 'process_generating')
      .forEach((m, i) => {
        const sent = m.output?.data?.[0];
        if (i === 0) value = sent as string;
        else for (const [action, , text] of sent as [string, unknown[], string][]) value = action === 'append' ? value + text : text;
        seen.push(value);
      });
    expect(seen).toEqual(['1', '1 2', '1 2 3', '1 2 3 4', '1 2 3 4 5', '1 2 3 4 5 6']);
    expect(all.find((m) => m.msg === 'process_completed')?.output?.data).toEqual(['1 2 3 4 5 6']);
  });

  it('streams a job joined on one front while the session is streamed on another at once, not after the job it streams', async () => {
    const session = `both${randomUUID().slice(0, 8)}`;
    const long = await joinOn(0, session, 'slow', [4000]);
    let quick = '';
    const events = await readSse(`${front(1)}gradio_api/queue/data?session_hash=${session}`, {}, (event) => {
      // Joined once the stream is reading the long job: only the session's announcement wakes it.
      if (message(event).msg === 'process_starts' && quick === '') void joinOn(0, session, 'greet', ['Quick']).then((id) => (quick = id));
      return false;
    });
    const completed = events.map(message).filter((m) => m.msg === 'process_completed');
    expect(completed.map((m) => m.event_id)).toEqual([quick, long]);
    expect(completed[0]?.output?.data).toEqual(['Hello Quick!']);
  });

  it("holds back a join (on any front) that crosses its session's close_stream (on another)", async () => {
    // Wide on purpose, so "held back" and "answered at once" differ by more than a loaded machine's jitter.
    const [joining, streaming] = [await startFront(3, { crossingMs: 3_000 }), await startFront(4, { lingerMs: 0, crossingMs: 3_000 })];
    try {
      const session = `cross${randomUUID().slice(0, 8)}`;
      const body = (data: unknown[]): string => JSON.stringify({ data, fn_index: fnIndex('greet'), session_hash: session });
      const post = (data: unknown[]): Promise<Response> =>
        fetch(`${joining.server.url}gradio_api/queue/join`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body(data),
        });
      expect((await post(['one'])).status).toBe(200);
      const events = await readSse(`${streaming.server.url}gradio_api/queue/data?session_hash=${session}`, {}, () => false);
      expect(events.map((e) => message(e).msg).at(-1)).toBe('close_stream');
      const started = performance.now();
      expect((await post(['two'])).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThan(1_000);
    } finally {
      for (const f of [joining, streaming]) {
        await f.server.close();
        await f.redis.close();
      }
    }
  });

  it("re-announces a waiting job's place on the stream when its line moves", async () => {
    // `count` has the default limit 1: the other session's long run holds the slot, b1 and b2 wait.
    const other = `mover${randomUUID().slice(0, 8)}`;
    const session = `waiter${randomUUID().slice(0, 8)}`;
    await joinOn(0, other, 'count', [60]);
    const b1 = await joinOn(0, session, 'count', [1]);
    const b2 = await joinOn(0, session, 'count', [1]);
    const events = await readSse(`${front(1)}gradio_api/queue/data?session_hash=${session}`, {}, () => false);
    const ranks = events
      .map(message)
      .filter((m) => m.msg === 'estimation' && m.event_id === b2)
      .map((m) => (m as unknown as { rank: number }).rank);
    // Its place when the stream read its `queued` event (behind b1), then 0 once b1 started.
    expect(ranks.length).toBeGreaterThanOrEqual(2);
    expect(ranks[0]).toBeGreaterThan(0);
    expect(ranks.at(-1)).toBe(0);
    const completed = events.map(message).filter((m) => m.msg === 'process_completed');
    expect(completed.map((m) => m.event_id)).toEqual([b1, b2]);
  });

  it('refuses at join a file input that is not an upload in the shared blob store (a path on a front is none)', async () => {
    const response = await fetch(`${front(1)}gradio_api/queue/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [{ path: '/etc/hostname', meta: { _type: 'gradio.FileData' } }],
        fn_index: fnIndex('readText'),
        session_hash: 'files',
      }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain('"/etc/hostname" is not an uploaded file');
  });

  it('answers a session that never joined with session_not_found and close_stream', async () => {
    const events = await readSse(`${front(1)}gradio_api/queue/data?session_hash=nobody${randomUUID().slice(0, 8)}`, {}, () => false);
    expect(events.map((e) => message(e).msg)).toEqual(['unexpected_error', 'close_stream']);
  });
});

describe('the two-step /call protocol across fronts', () => {
  it('starts on one front and streams named events from the other', async () => {
    const response = await fetch(`${front(0)}gradio_api/call/count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: [3] }),
    });
    const { event_id: id } = (await response.json()) as { event_id: string };
    const events = await readSse(`${front(1)}gradio_api/call/count/${id}`, {}, () => false);
    const named = events.filter((e) => e.event !== 'heartbeat').map((e) => [e.event, e.data]);
    expect(named).toEqual([
      ['generating', ['1']],
      ['generating', ['1 2']],
      ['generating', ['1 2 3']],
      ['complete', ['1 2 3']],
    ]);
  });

  it('answers /run on either front', async () => {
    const response = await fetch(`${front(1)}gradio_api/run/greet`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: ['Run'] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown[] }).data).toEqual(['Hello Run!']);
  });
});
