/**
 * Batching and cancellation through the real `@gradio/client`: callers piled up behind a blocker
 * are served in batches of `maxBatchSize` and each gets its own result; a cancelled member leaves
 * its batch (queued or running) without hurting the others; a cancel or a `client.close()` in one
 * session frees the queue on the server and leaves the other jobs alone.
 *
 * Every function waits on a gate file in the project folder, so the tests decide when runs end
 * instead of guessing with timers.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { connect, type GradioClient, type SubmitJob } from './support/gradio-client.js';
import { startDemo, type Demo } from './support/demo-app.js';

const GATED = `
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
async function gate(name, signal) {
  while (!existsSync(join(here, name))) {
    if (signal.aborted) throw new Error('stopped');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs until the gate file named by its input exists. */
export async function hold([name], ctx) { await gate(name, ctx.signal); return 'held ' + name; }

/** Batched (Gradio's convention: one list per input, one list per output): each caller learns its batch. */
export function batched([xs]) { return [xs.map((x) => x + '@' + xs.join(','))]; }

/** The same, once the gate "open-batch" exists. */
export async function batchedHeld([xs], ctx) { await gate('open-batch', ctx.signal); return [xs.map((x) => x + '@' + xs.join(','))]; }
`;

const js = (name: string) => ({ kind: 'js' as const, module: './gated.js', export: name });
const on = { trigger: 'x.submit', inputs: ['x'], outputs: ['out'] };

const PROJECT: Omit<ProjectInput, 'version' | 'name'> = {
  functions: { hold: js('hold'), batched: js('batched'), batchedHeld: js('batchedHeld') },
  ui: {
    type: 'blocks',
    children: [
      { type: 'textbox', id: 'x' },
      { type: 'textbox', id: 'out' },
    ],
    events: [
      // One slot shared by a blocker and two batched events: callers pile up behind the blocker.
      { ...on, fn: 'hold', apiName: 'block', concurrencyId: 'device', concurrencyLimit: 1 },
      { ...on, fn: 'batched', apiName: 'batched', concurrencyId: 'device', concurrencyLimit: 1, batch: true, maxBatchSize: 3 },
      { ...on, fn: 'batchedHeld', apiName: 'batched_held', concurrencyId: 'device', concurrencyLimit: 1, batch: true, maxBatchSize: 3 },
      // A plain limit-1 line.
      { ...on, fn: 'hold', apiName: 'line', concurrencyId: 'line', concurrencyLimit: 1 },
    ],
  },
};

let demo: Demo;
let client: GradioClient;
const extra: GradioClient[] = [];

beforeAll(async () => {
  demo = await startDemo(PROJECT, {}, { 'gated.js': GATED });
  client = await connect(demo.base);
  // Closing a client with its stream open makes it log an AbortError.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  for (const own of [client, ...extra]) own.close();
  await demo.close();
  vi.restoreAllMocks();
});

/** A client of its own, closed after the tests. */
async function newClient(): Promise<GradioClient> {
  const own = await connect(demo.base, { events: ['data', 'status'] });
  extra.push(own);
  return own;
}

const open = (gate: string): Promise<void> => writeFile(join(demo.dir, gate), '');
const metric = (apiName: string) => demo.engine.metrics()[apiName];
const idle = async (): Promise<void> => expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 0, running: 0 });

interface Outcome {
  stage: string | undefined;
  data: unknown[][];
}

/** Reads a submitted job to its end: every data payload and the last status stage. */
async function outcome(job: SubmitJob): Promise<Outcome> {
  const result: Outcome = { stage: undefined, data: [] };
  for await (const event of job) {
    const e = event as { type: string; stage?: string; data?: unknown[] };
    if (e.type === 'data' && e.data) result.data.push(e.data);
    if (e.type === 'status') result.stage = e.stage;
    if (e.stage === 'complete' || e.stage === 'error') break;
  }
  return result;
}

/** Rejects instead of hanging when a job's answer never comes. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${String(ms)} ms`)), ms).unref()),
  ]);
}

describe('batching through @gradio/client', () => {
  it('serves four callers piled up behind a blocker in batches of 3 and 1, each with its own result', async () => {
    const blocker = client.predict('/block', ['gate-1']);
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 0, running: 1 });
    const inputs = ['a', 'b', 'c', 'd'];
    const calls = inputs.map((x) => client.predict('/batched', [x]));
    await expect.poll(() => demo.engine.queueStatus().queued).toBe(4);
    await open('gate-1');
    expect((await blocker).data).toEqual(['held gate-1']);

    const outputs = (await within(Promise.all(calls), 5_000, 'batched calls')).map((r) => r.data);
    const batches = new Map<string, string[]>();
    outputs.forEach((data, i) => {
      expect(data).toHaveLength(1);
      const [own, members] = String(data[0]).split('@') as [string, string];
      // Each caller gets the result for its own input, computed in a batch it was part of.
      expect(own).toBe(inputs[i]);
      expect(members.split(',')).toContain(inputs[i]);
      batches.set(members, [...(batches.get(members) ?? []), own]);
    });
    // Every member of a batch saw the same batch, and the batches split the four callers.
    expect([...batches.keys()].map((k) => k.split(',').length).sort((x, y) => x - y)).toEqual([1, 3]);
    for (const [members, callers] of batches) expect(callers.sort()).toEqual(members.split(',').sort());
    expect(metric('batched')).toMatchObject({ completed: 4, cancelled: 0 });
    expect(metric('batched')?.batchSizes).toEqual({ 1: 1, 3: 1 });
    await idle();
  });

  it('drops a member cancelled while its batch forms, and one cancelled while it runs; the others get their data', async () => {
    const blocker = client.predict('/block', ['gate-2']);
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 0, running: 1 });
    const own = await Promise.all(['q0', 'q1', 'q2', 'q3'].map(() => newClient()));
    const jobs = own.map((c, i) => c.submit('/batched_held', [`q${String(i)}`]));
    const results = jobs.map((job) => outcome(job));
    await expect.poll(() => demo.engine.queueStatus().queued).toBe(4);

    await jobs[0]?.cancel();
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 3, running: 1 });
    await open('gate-2');
    expect((await blocker).data).toEqual(['held gate-2']);
    // The three left form one running batch (a batch holds one slot).
    await expect.poll(() => metric('batched_held')?.running).toBe(3);
    expect(demo.engine.queueStatus()).toEqual({ queued: 0, running: 1 });

    await jobs[2]?.cancel();
    await expect.poll(() => metric('batched_held')?.cancelled).toBe(2);
    // The batch still runs for the two members left.
    expect(demo.engine.queueStatus()).toEqual({ queued: 0, running: 1 });
    await open('open-batch');

    const [r0, r1, r2, r3] = await within(Promise.all(results), 5_000, 'batch members');
    expect(r1).toEqual({ stage: 'complete', data: [['q1@q1,q2,q3']] });
    expect(r3).toEqual({ stage: 'complete', data: [['q3@q1,q2,q3']] });
    // The batch computed q2's result too, but a member that left gets none.
    for (const cancelled of [r0, r2]) expect(JSON.stringify(cancelled?.data)).not.toContain('@');
    expect(metric('batched_held')).toMatchObject({ completed: 2, cancelled: 2, running: 0 });
    expect(metric('batched_held')?.batchSizes).toEqual({ 3: 1 });
    await idle();
  });
});

describe('cancelling within one session', () => {
  it('cancels a queued job between two siblings: the queue shrinks by one and the siblings complete', async () => {
    const own = await newClient();
    const jobs = ['s-first', 's-middle', 's-last'].map((gate) => own.submit('/line', [gate]));
    const [firstDone, middleDone, lastDone] = jobs.map((job) => outcome(job)) as [Promise<Outcome>, Promise<Outcome>, Promise<Outcome>];
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 2, running: 1 });
    const before = metric('line') ?? { cancelled: 0, completed: 0 };

    await jobs[1]?.cancel();
    await within(middleDone, 3_000, 'cancelled job');
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 1, running: 1 });
    await open('s-first');
    await open('s-last');
    expect(await within(firstDone, 3_000, 'first sibling')).toEqual({ stage: 'complete', data: [['held s-first']] });
    expect(await within(lastDone, 3_000, 'last sibling')).toEqual({ stage: 'complete', data: [['held s-last']] });
    expect(metric('line')).toMatchObject({ cancelled: before.cancelled + 1, completed: before.completed + 2 });
    await idle();
  });

  it('cancels a running job while a sibling waits: the sibling runs and completes', async () => {
    const own = await newClient();
    const [running, sibling] = [own.submit('/line', ['r-never']), own.submit('/line', ['r-sibling'])];
    const [runningDone, siblingDone] = [outcome(running), outcome(sibling)];
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 1, running: 1 });
    const before = metric('line') ?? { cancelled: 0, completed: 0 };

    await running.cancel();
    await within(runningDone, 3_000, 'cancelled job');
    await open('r-sibling');
    expect(await within(siblingDone, 3_000, 'sibling')).toEqual({ stage: 'complete', data: [['held r-sibling']] });
    expect(metric('line')).toMatchObject({ cancelled: before.cancelled + 1, completed: before.completed + 1 });
    await idle();
  });
});

describe('client.close()', () => {
  it("cancels that session's running and queued jobs on the server; another client's job is unaffected", async () => {
    const [closing, other] = [await newClient(), await newClient()];
    const closedJobs = [closing.submit('/line', ['c-never-1']), closing.submit('/line', ['c-never-2'])];
    for (const job of closedJobs) void outcome(job);
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 1, running: 1 });
    const survivor = outcome(other.submit('/line', ['c-other']));
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 2, running: 1 });
    const before = metric('line') ?? { cancelled: 0, completed: 0 };

    closing.close();
    // Both of its jobs leave at once; the other client's job takes the slot and waits for its gate.
    await expect.poll(() => metric('line')?.cancelled).toBe(before.cancelled + 2);
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 0, running: 1 });
    await open('c-other');
    expect(await within(survivor, 3_000, 'other client')).toEqual({ stage: 'complete', data: [['held c-other']] });
    expect(metric('line')?.completed).toBe(before.completed + 1);
    await idle();
  });
});
