/**
 * Events with `queue: false` through the real @gradio/client, with `api_open: false`: the client
 * runs them over POST /run (no queue, no concurrency limit), while queued events stay reachable
 * only through the queue, as in Gradio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { connect } from './support/gradio-client.js';

const APP: Omit<ProjectInput, 'version' | 'name'> = {
  functions: {
    greet: { kind: 'js', module: './fns.js', export: 'greet' },
    slow: { kind: 'js', module: './fns.js', export: 'slow' },
  },
  ui: {
    type: 'blocks',
    children: [
      { type: 'textbox', id: 'name' },
      { type: 'number', id: 'ms' },
      { type: 'textbox', id: 'out' },
    ],
    events: [
      { trigger: 'name.submit', fn: 'greet', inputs: ['name'], outputs: ['out'], apiName: 'greet', queue: false },
      { trigger: 'ms.submit', fn: 'slow', inputs: ['ms'], outputs: ['out'], apiName: 'slow', concurrencyLimit: 1 },
    ],
  },
  queue: { apiOpen: false },
};

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo(APP);
});
afterAll(async () => demo.close());

const post = (path: string, data: unknown[]): Promise<Response> =>
  fetch(`${demo.base}gradio_api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data }),
  });

describe('queue: false with api_open: false', () => {
  it('the client runs an unqueued event directly, beside a full queue, and a queued one through the queue', async () => {
    const client = await connect(demo.base);
    try {
      // The queued event's only slot is taken: an unqueued call must not wait behind it.
      let blockerDone = false;
      const blocker = client.predict('/slow', [2_000]).then((result) => {
        blockerDone = true;
        return result;
      });
      await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
      expect((await client.predict('/greet', ['Ada'])).data).toEqual(['Hello Ada!']);
      expect(blockerDone).toBe(false);
      expect(demo.engine.queueStatus()).toEqual({ queued: 0, running: 1 });
      expect((await blocker).data).toEqual(['slept 2000']);
      // The direct route serves the unqueued event only; the queued one is closed there.
      expect(((await (await post('run/greet', ['Bo'])).json()) as { data: unknown[] }).data).toEqual(['Hello Bo!']);
      expect((await post('run/slow', [1])).status).toBe(404);
      // Also under Gradio's /api/ alias.
      expect((await post('api/greet', ['Cy'])).status).toBe(200);
      expect((await post('api/slow', [1])).status).toBe(404);
    } finally {
      client.close();
    }
  });
});
