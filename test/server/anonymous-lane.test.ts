/**
 * Fairness across callers without a session_hash: every anonymous /run call shares one lane of the
 * round-robin, so a burst of them cannot push a session's call behind all of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { startDemo, type Demo } from './support/demo-app.js';

const SLOW_APP: Omit<ProjectInput, 'version' | 'name'> = {
  functions: { slow: { kind: 'js', module: './fns.js', export: 'slow' } },
  ui: { type: 'interface', fn: 'slow', inputs: [{ type: 'number', id: 'ms' }], outputs: [{ type: 'textbox', id: 'out' }] },
};

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo(SLOW_APP);
});
afterAll(async () => demo.close());

describe('anonymous callers', () => {
  it('share one fairness lane: a session’s call runs after one anonymous call, not after all of them', async () => {
    const finished: string[] = [];
    const call = (label: string, ms: number, session?: string): Promise<void> =>
      fetch(`${demo.base}gradio_api/run/predict`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ data: [ms], ...(session ? { session_hash: session } : {}) }),
      }).then(async (response) => {
        expect(response.status).toBe(200);
        expect(((await response.json()) as { data: unknown[] }).data).toEqual([`slept ${ms}`]);
        finished.push(label);
      });
    const holder = call('holder', 300);
    await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
    const anonymous = ['a1', 'a2', 'a3'].map((label) => call(label, 40));
    await expect.poll(() => demo.engine.queueStatus().queued).toBe(3);
    const session = call('s1', 40, 's1');
    await expect.poll(() => demo.engine.queueStatus().queued).toBe(4);
    await Promise.all([holder, ...anonymous, session]);
    // One slot (the default concurrency limit): the lanes take turns, anonymous first (it queued first).
    expect(finished).toEqual(['holder', 'a1', 's1', 'a2', 'a3']);
  });
});
