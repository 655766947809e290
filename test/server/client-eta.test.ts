/**
 * Queue ETAs as the real `@gradio/client` reports them, against the waits the jobs then measured.
 *
 * In Gradio, an `estimation` message's `rank_eta` (seconds) is the expected time from now until
 * that job is *done*: the wait for a free slot, the runs of the jobs ahead of it, and its own run
 * (main/scheduler/eta.ts: rank_eta[r] = A(f_r) + W_r + T_free). The client hands it on as the
 * `eta` of a `pending` status with `position` = rank and `size` = queue_size. `process_starts`
 * carries `eta` = the function's mean run time (what is left once it starts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { connect, type GradioClient, type SubmitJob } from './support/gradio-client.js';

const RUN_MS = 300;

const SLOW_APP: Omit<ProjectInput, 'version' | 'name'> = {
  functions: { slow: { kind: 'js', module: './fns.js', export: 'slow' } },
  ui: {
    type: 'interface',
    fn: 'slow',
    inputs: [{ type: 'number', id: 'ms' }],
    outputs: [{ type: 'textbox', id: 'out' }],
    concurrencyLimit: 1,
  },
};

interface Status {
  type: 'status';
  stage: string;
  original_msg?: string;
  position?: number;
  size?: number;
  eta?: number | null;
}

interface Heard {
  /** performance.now() when the test read the event. */
  readonly at: number;
  readonly position: number;
  readonly size: number | undefined;
  readonly eta: number | null | undefined;
}

/** What one job heard, and when. */
interface Timeline {
  readonly pending: Heard[];
  startedAt?: number;
  startEta?: number | null;
  completedAt?: number;
  data?: unknown[];
  readonly done: Promise<void>;
}

function follow(job: SubmitJob): Timeline {
  const timeline: Omit<Timeline, 'done'> = { pending: [] };
  const done = (async () => {
    for await (const raw of job) {
      const at = performance.now();
      const event = raw as Status | { type: 'data'; data: unknown[] };
      if (event.type === 'data') {
        timeline.data = event.data;
        continue;
      }
      if (event.original_msg === 'process_starts') {
        timeline.startedAt = at;
        timeline.startEta = event.eta;
      } else if (event.stage === 'pending' && typeof event.position === 'number') {
        timeline.pending.push({ at, position: event.position, size: event.size, eta: event.eta });
      } else if (event.stage === 'complete') {
        timeline.completedAt = at;
        break;
      } else if (event.stage === 'error') {
        throw new Error(`job failed: ${JSON.stringify(event)}`);
      }
    }
  })();
  return Object.assign(timeline, { done });
}

/**
 * `actual / expected` must lie within [1/3, 3]: an estimate, judged on a machine whose load may
 * change between the runs it learned from and the runs it predicts.
 */
function expectWithinFactorThree(actual: number, expected: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected / 3);
  expect(actual).toBeLessThanOrEqual(expected * 3);
}

let demo: Demo;
let client: GradioClient;

beforeAll(async () => {
  demo = await startDemo(SLOW_APP);
  client = await connect(demo.base, { events: ['data', 'status'] });
});
afterAll(async () => {
  client.close();
  await demo.close();
});

describe('ETA through @gradio/client', () => {
  it('gives queued jobs positions 0, 1, 2 and ETAs within 1/3–3× of the time they then took', async () => {
    // Warm-up: the function's mean run time becomes known (about RUN_MS; the first run also starts the worker).
    for (let i = 0; i < 3; i++) expect((await client.predict('/predict', [RUN_MS])).data).toEqual([`slept ${RUN_MS}`]);
    const meanMs = demo.engine.meanRunMs(0);
    expect(meanMs).not.toBeNull();
    expectWithinFactorThree(meanMs ?? 0, RUN_MS);

    const blocker = follow(client.submit('/predict', [RUN_MS]));
    await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: 0, running: 1 });
    const queued: Timeline[] = [];
    for (let k = 0; k < 3; k++) {
      queued.push(follow(client.submit('/predict', [RUN_MS])));
      // One at a time, so that the joins reach the server in this order.
      await expect.poll(() => demo.engine.queueStatus()).toEqual({ queued: k + 1, running: 1 });
    }
    await Promise.all([blocker, ...queued].map((timeline) => timeline.done));

    // First in, first out: each finished after the one before it.
    const finished = [blocker, ...queued].map((timeline) => timeline.completedAt ?? Number.NaN);
    expect(finished.every((at, i) => i === 0 || at > (finished[i - 1] as number))).toBe(true);

    const firsts = queued.map((timeline) => timeline.pending[0]);
    expect(firsts.map((heard) => heard?.position)).toEqual([0, 1, 2]);
    expect(firsts.map((heard) => heard?.size)).toEqual([1, 2, 3]);
    queued.forEach((timeline, k) => {
      const first = timeline.pending[0] as Heard;
      expect(first.eta).toEqual(expect.any(Number));
      const etaMs = (first.eta as number) * 1000;
      const untilDone = (timeline.completedAt as number) - first.at;
      const untilStart = (timeline.startedAt as number) - first.at;
      // rank_eta is the time until done (its own run included)...
      expectWithinFactorThree(etaMs, untilDone);
      // ...so rank_eta minus one mean run is the time until it starts.
      expectWithinFactorThree(etaMs - (meanMs as number), untilStart);
      // Its later estimations only move it forward, down to position 0.
      const positions = timeline.pending.map((heard) => heard.position);
      expect(positions.every((position, i) => i === 0 || position < (positions[i - 1] as number))).toBe(true);
      expect(positions.at(-1)).toBe(0);
      expect(positions[0]).toBe(k);
      expect(timeline.data).toEqual([`slept ${RUN_MS}`]);
    });

    // The blocker never waited behind anyone: position 0 of 1, and an ETA of one run.
    expect(blocker.pending[0]).toMatchObject({ position: 0, size: 1 });
    expectWithinFactorThree((blocker.pending[0]?.eta ?? 0) * 1000, RUN_MS);

    // process_starts: the eta is the expected run time, close to what the run then took.
    for (const timeline of [blocker, ...queued]) {
      expect(timeline.startEta).toEqual(expect.any(Number));
      const startEtaMs = (timeline.startEta as number) * 1000;
      expectWithinFactorThree(startEtaMs, RUN_MS);
      expectWithinFactorThree(startEtaMs, (timeline.completedAt as number) - (timeline.startedAt as number));
    }
  });
});
