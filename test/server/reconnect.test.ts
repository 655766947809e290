/**
 * project.json `queue.cancelOnDisconnect`. By default (Gradio's behaviour) a client whose queue
 * stream drops loses its jobs. With `false`, they run on and their results wait for the client to
 * reopen the stream with the same session_hash, until `reconnectMs` has passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { readSse, sseData, untilClosed } from './support/raw-http.js';

const SLOW_APP = (cancelOnDisconnect: boolean): Omit<ProjectInput, 'version' | 'name'> => ({
  functions: { slow: { kind: 'js', module: './fns.js', export: 'slow' } },
  ui: { type: 'interface', fn: 'slow', inputs: [{ type: 'number', id: 'ms' }], outputs: [{ type: 'textbox', id: 'out' }] },
  queue: { cancelOnDisconnect, defaultConcurrencyLimit: null },
});

/**
 * Two windows, each far from the other's race: `keeping` waits a minute for its client (far above
 * any first run, cold worker start included, on a loaded machine), `forgetting` 1.5 s for a job
 * that runs a minute, so whether its job is forgotten never depends on how fast the worker started.
 */
const LONG_RECONNECT_MS = 60_000;
const SHORT_RECONNECT_MS = 1_500;
let keeping: Demo;
let forgetting: Demo;
let cancelling: Demo;
beforeAll(async () => {
  [keeping, forgetting, cancelling] = await Promise.all([
    startDemo(SLOW_APP(false), { reconnectMs: LONG_RECONNECT_MS }),
    startDemo(SLOW_APP(false), { reconnectMs: SHORT_RECONNECT_MS }),
    startDemo(SLOW_APP(true)),
  ]);
});
afterAll(async () => Promise.all([keeping.close(), forgetting.close(), cancelling.close()]));

/** Joins `ms` of slow work for `session`, opens its stream, reads until the job runs, then hangs up. */
async function startThenDrop(demo: Demo, session: string, ms: number): Promise<string> {
  const api = `${demo.base}gradio_api`;
  const join = await fetch(`${api}/queue/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: [ms], fn_index: 0, session_hash: session }),
  });
  const { event_id } = (await join.json()) as { event_id: string };
  const stream = await fetch(`${api}/queue/data?session_hash=${session}`);
  await readSse(stream, (text) => text.includes('"msg":"process_starts"')); // reads, then cancels the body: a hang-up
  return event_id;
}

const completed = (demo: Demo): number => demo.engine.metrics().predict?.completed ?? 0;
const cancelled = (demo: Demo): number => demo.engine.metrics().predict?.cancelled ?? 0;

describe('queue.cancelOnDisconnect', () => {
  it('true (default): a dropped stream cancels the running job', async () => {
    await startThenDrop(cancelling, 'gone', 5_000);
    await expect.poll(() => cancelled(cancelling)).toBe(1);
    expect(cancelling.engine.queueStatus()).toEqual({ queued: 0, running: 0 });
  });

  it('false: the job runs on, and the result waits for the client to come back with its session_hash', async () => {
    const eventId = await startThenDrop(keeping, 'flaky', 300);
    await expect.poll(() => completed(keeping), { timeout: 30_000 }).toBe(1);
    expect(cancelled(keeping)).toBe(0);
    const again = await fetch(`${keeping.base}gradio_api/queue/data?session_hash=flaky`);
    const messages = sseData(await readSse(again, untilClosed)) as {
      msg: string;
      event_id: string | null;
      output?: { data?: unknown[] };
    }[];
    const result = messages.find((m) => m.msg === 'process_completed');
    expect(result).toMatchObject({ event_id: eventId, output: { data: ['slept 300'] } });
  });

  it('false: what nobody came back for is cancelled and forgotten after reconnectMs', async () => {
    await startThenDrop(forgetting, 'never-back', 60_000);
    const droppedAt = performance.now();
    expect(forgetting.engine.queueStatus().running).toBe(1); // the hang-up did not cancel it
    // Events, not deadlines: wait for the cancellation however slow the machine, then check it
    // came no sooner than the window (a lower bound a loaded machine cannot break).
    await expect.poll(() => cancelled(forgetting), { timeout: 30_000 }).toBe(1);
    expect(performance.now() - droppedAt).toBeGreaterThanOrEqual(SHORT_RECONNECT_MS - 50);
    expect(forgetting.engine.queueStatus()).toEqual({ queued: 0, running: 0 });
    expect(completed(forgetting)).toBe(0);
  });
});
