/**
 * demo-desktop's own engine API (metrics, estimates: local only) and the app window's priority.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN_HEADER } from '../../main/server/gradio/context.js';
import { startDemo, type Demo } from './support/demo-app.js';

const TOKEN = 'window-secret-token';
let demo: Demo;

beforeAll(async () => {
  demo = await startDemo(
    {
      functions: { slow: { kind: 'js', module: './fns.js', export: 'slow' } },
      ui: {
        type: 'blocks',
        children: [
          { type: 'number', id: 'ms' },
          { type: 'textbox', id: 'out' },
        ],
        events: [{ trigger: 'ms.submit', fn: 'slow', inputs: ['ms'], outputs: ['out'], concurrencyLimit: 1 }],
      },
    },
    { appToken: TOKEN },
  );
});
afterAll(async () => demo.close());

/** Raw GET with chosen headers (fetch cannot set Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, demo.base), { headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.once('error', reject);
    req.end();
  });
}

async function run(ms: number, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${demo.base}gradio_api/run/slow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ data: [ms] }),
  });
  const body = (await response.json()) as { data: [string] };
  return body.data[0];
}

describe('engine API', () => {
  it('reports metrics and a before-you-submit estimate to local callers', async () => {
    await run(20);
    const metrics = await get('/api/engine/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({ queue: { queued: 0, running: 0 }, events: { slow: { completed: 1, failed: 0 } } });
    const estimate = await get('/api/engine/estimate/slow');
    expect(estimate.body).toMatchObject({ rank: 0, queueSize: 1, etaMs: expect.any(Number) as unknown });
    expect((await get('/api/engine/estimate/nope')).status).toBe(404);
  });

  it('reports devices and execution providers (the CPU at least)', async () => {
    const devices = await get('/api/engine/devices');
    expect(devices.status).toBe(200);
    const report = devices.body as { devices: unknown[]; providers: { name: string; usable: boolean | null }[]; reasons: string[] };
    expect(Array.isArray(report.devices)).toBe(true);
    expect(report.providers.map((p) => p.name)).toContain('cpu');
  });

  it('refuses requests that came through a proxy or tunnel', async () => {
    expect((await get('/api/engine/devices', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await get('/api/engine/metrics', { 'x-forwarded-host': 'abc.example' })).status).toBe(403);
    expect((await get('/api/engine/metrics', { via: '1.1 tunnel' })).status).toBe(403);
  });
});

describe('priority', () => {
  it("runs the app window's job before earlier API callers'", async () => {
    const finished: string[] = [];
    const blocker = run(300).then(() => finished.push('blocker'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const api = run(10).then(() => finished.push('api'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const window = run(11, { [APP_TOKEN_HEADER]: TOKEN }).then(() => finished.push('window'));
    const forged = run(12, { [APP_TOKEN_HEADER]: 'guess' }).then(() => finished.push('forged'));
    await Promise.all([blocker, api, window, forged]);
    expect(finished).toEqual(['blocker', 'window', 'api', 'forged']);
  });
});
