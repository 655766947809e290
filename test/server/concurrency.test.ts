/**
 * Concurrency limits and shared groups, measured: each call reports when it really started and
 * ended (wall clock in the worker), and the test computes the largest overlap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type GradioClient } from './support/gradio-client.js';
import { startDemo, type Demo } from './support/demo-app.js';

const TIMED = `
export async function timed([ms], ctx) {
  const start = Date.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return JSON.stringify([start, Date.now()]);
}
`;

let demo: Demo;
let client: GradioClient;

beforeAll(async () => {
  const js = { kind: 'js' as const, module: './timed.js', export: 'timed' };
  demo = await startDemo(
    {
      functions: { a: js, b: js, solo: js },
      ui: {
        type: 'blocks',
        children: [
          { type: 'number', id: 'ms' },
          { type: 'textbox', id: 'out' },
        ],
        events: [
          // Two events, one group of 2: together they never run more than 2 at once.
          { trigger: 'ms.submit', fn: 'a', inputs: ['ms'], outputs: ['out'], concurrencyId: 'shared', concurrencyLimit: 2 },
          { trigger: 'ms.submit', fn: 'b', inputs: ['ms'], outputs: ['out'], concurrencyId: 'shared', concurrencyLimit: 2 },
          // Its own group of 1.
          { trigger: 'ms.submit', fn: 'solo', inputs: ['ms'], outputs: ['out'], concurrencyLimit: 1 },
        ],
      },
    },
    {},
    { 'timed.js': TIMED },
  );
  client = await connect(demo.base);
});
afterAll(async () => {
  client.close();
  await demo.close();
});

type Interval = [number, number];

function maxOverlap(intervals: readonly Interval[]): number {
  const edges = intervals.flatMap(([s, e]) => [
    [s, 1],
    [e, -1],
  ]);
  // Ends before starts at the same instant: touching intervals do not overlap.
  edges.sort((x, y) => (x[0] as number) - (y[0] as number) || (x[1] as number) - (y[1] as number));
  let current = 0;
  let max = 0;
  for (const [, delta] of edges) max = Math.max(max, (current += delta as number));
  return max;
}

const call = async (endpoint: string): Promise<Interval> =>
  JSON.parse((await client.predict(endpoint, [150])).data[0] as string) as Interval;

describe('concurrency limits through @gradio/client', () => {
  it('never runs more than a shared group allows, across its events, and uses the whole limit', async () => {
    const shared = await Promise.all(['/a', '/b', '/a', '/b', '/a', '/b'].map(call));
    expect(maxOverlap(shared)).toBe(2);
  });

  it('keeps groups independent: a limit-1 group runs one at a time beside a busy shared group', async () => {
    const [solo, shared] = await Promise.all([Promise.all(['/solo', '/solo', '/solo'].map(call)), Promise.all(['/a', '/b'].map(call))]);
    expect(maxOverlap(solo)).toBe(1);
    expect(maxOverlap([...solo, ...shared])).toBeGreaterThanOrEqual(2);
  });
});
