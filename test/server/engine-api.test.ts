/**
 * demo-desktop's own engine API: the public "before you submit" estimate, the admin routes
 * (metrics, devices, /metrics: local + the per-launch admin token) and the app window's priority.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_TOKEN_HEADER } from '../../main/server/gradio/context.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { parsePrometheusText, sampleValue } from './support/prometheus-text.js';

const TOKEN = 'window-secret-token';
const BEARER = { authorization: `Bearer ${TOKEN}` };
let demo: Demo;

const SLOW_PROJECT = {
  functions: { slow: { kind: 'js' as const, module: './fns.js', export: 'slow' } },
  ui: {
    type: 'blocks' as const,
    children: [
      { type: 'number' as const, id: 'ms' },
      { type: 'textbox' as const, id: 'out' },
    ],
    events: [{ trigger: 'ms.submit', fn: 'slow', inputs: ['ms'], outputs: ['out'], concurrencyLimit: 1 }],
  },
};

beforeAll(async () => {
  // As the desktop does it: one secret for the window's priority and for the admin routes.
  demo = await startDemo(SLOW_PROJECT, { appToken: TOKEN, adminToken: TOKEN });
});
afterAll(async () => demo.close());

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly body: unknown;
}

/** Raw GET with chosen headers (fetch cannot set Host). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        let body: unknown = undefined;
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          // Not JSON (the Prometheus text).
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
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

describe('public estimate', () => {
  it('answers "before you submit" without any secret, and only rank, queue size, free slot, cold start, ETA and run time', async () => {
    await run(20); // starts the worker: no run time yet
    expect(await get(demo.base, '/api/estimate/slow')).toMatchObject({
      body: { runMs: null, etaMs: null, slotFree: true, coldStart: false },
    });
    await run(20);
    const estimate = await get(demo.base, '/api/estimate/slow');
    expect(estimate.status).toBe(200);
    expect(Object.keys(estimate.body as object).sort()).toEqual([
      'coldStart',
      'etaMs',
      'etaRangeMs',
      'queueSize',
      'rank',
      'runMs',
      'slotFree',
    ]);
    expect(estimate.body).toMatchObject({ rank: 0, queueSize: 1, slotFree: true, coldStart: false, etaMs: expect.any(Number) as unknown });
    // The ETA's range holds the ETA, and the run time's range its mean; both over the runs measured so far.
    const { etaMs, etaRangeMs, runMs } = estimate.body as {
      etaMs: number;
      etaRangeMs: { lowMs: number; highMs: number };
      runMs: { meanMs: number; lowMs: number; highMs: number; samples: number };
    };
    expect(etaRangeMs.lowMs).toBeLessThanOrEqual(etaMs);
    expect(etaRangeMs.highMs).toBeGreaterThanOrEqual(etaMs);
    expect(runMs.lowMs).toBeLessThan(runMs.meanMs);
    expect(runMs.highMs).toBeGreaterThan(runMs.meanMs);
    expect(runMs.samples).toBeGreaterThanOrEqual(1);
    expect((await get(demo.base, '/api/estimate/nope')).status).toBe(404);
    // Also through a tunnel (proxy headers), unlike the admin routes.
    expect((await get(demo.base, '/api/estimate/slow', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(200);
    // The old admin path is gone.
    expect((await get(demo.base, '/api/engine/estimate/slow', BEARER)).status).not.toBe(200);
  });

  it('ranks the asker as the job would be ranked: the app window first, a newcomer after one job per session', async () => {
    const runAs = (ms: number, session?: string): Promise<Response> =>
      fetch(`${demo.base}gradio_api/run/slow`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: [ms], ...(session ? { session_hash: session } : {}) }),
      });
    // Long enough that the four calls below are still waiting behind it on a loaded machine.
    const calls = [runAs(1500)];
    await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
    calls.push(runAs(10), runAs(10), runAs(10, 's1'), runAs(10, 's1'));
    await expect.poll(() => demo.engine.queueStatus().queued).toBe(4);
    const rank = async (path: string, headers: Record<string, string> = {}): Promise<unknown> =>
      ((await get(demo.base, path, headers)).body as { rank: number }).rank;
    expect(await rank('/api/estimate/slow')).toBe(2); // behind the anonymous lane's head and s1's head
    expect(await rank('/api/estimate/slow?session_hash=s2')).toBe(2);
    expect(await rank('/api/estimate/slow?session_hash=s1')).toBe(4); // s1 already has two waiting
    expect(await rank('/api/estimate/slow', { [APP_TOKEN_HEADER]: TOKEN })).toBe(0);
    expect(await rank('/api/estimate/slow', { [APP_TOKEN_HEADER]: 'guess' })).toBe(2);
    const bad = await get(demo.base, '/api/estimate/slow?session_hash=..%2Fx');
    expect(bad.status).toBe(400);
    expect((bad.body as { detail: string }).detail).toMatch(/session_hash must be/);
    for (const response of await Promise.all(calls)) expect(response.status).toBe(200);
  });
});

describe('admin routes', () => {
  it('answers 401 with a clear message without the admin token, or with a wrong one', async () => {
    for (const path of ['/api/engine/metrics', '/api/engine/devices', '/metrics']) {
      const missing = await get(demo.base, path);
      expect(missing.status, path).toBe(401);
      expect((missing.body as { detail: string }).detail).toMatch(/admin token.*Authorization: Bearer/);
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
      const wrong = await get(demo.base, path, { authorization: 'Bearer nope' });
      expect(wrong.status, path).toBe(401);
      expect((wrong.body as { detail: string }).detail).toMatch(/wrong/);
      expect((await get(demo.base, path, { [APP_TOKEN_HEADER]: `${TOKEN}x` })).status).toBe(401);
      expect((await get(demo.base, path, { authorization: `Basic ${TOKEN}` })).status).toBe(401);
    }
  });

  it('reports metrics to a local caller with the token, as a bearer or in the app-window header', async () => {
    await run(20);
    const metrics = await get(demo.base, '/api/engine/metrics', BEARER);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatchObject({ queue: { queued: 0, running: 0 }, events: { slow: { failed: 0 } } });
    expect((await get(demo.base, '/api/engine/metrics', { [APP_TOKEN_HEADER]: TOKEN })).status).toBe(200);
  });

  it('reports devices and execution providers (the CPU at least)', async () => {
    const devices = await get(demo.base, '/api/engine/devices', BEARER);
    expect(devices.status).toBe(200);
    const report = devices.body as { devices: unknown[]; providers: { name: string; usable: boolean | null }[]; reasons: string[] };
    expect(Array.isArray(report.devices)).toBe(true);
    expect(report.providers.map((p) => p.name)).toContain('cpu');
  });

  it('serves Prometheus text that parses line by line', async () => {
    await run(15);
    const answer = await get(demo.base, '/metrics', BEARER);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const parsed = parsePrometheusText(answer.text);
    expect(sampleValue(parsed, 'demo_desktop_queue_waiting')).toBe(0);
    expect(sampleValue(parsed, 'demo_desktop_jobs_total', { api_name: 'slow', outcome: 'completed' })).toBeGreaterThanOrEqual(2);
    expect(sampleValue(parsed, 'demo_desktop_job_latency_seconds', { api_name: 'slow', quantile: '0.5' })).toBeGreaterThan(0.01);
    expect(sampleValue(parsed, 'demo_desktop_batches_total', { api_name: 'slow', size: '1' })).toBeGreaterThanOrEqual(2);
  });

  it('refuses requests that came through a proxy or tunnel, token or not', async () => {
    expect((await get(demo.base, '/api/engine/devices', { 'x-forwarded-for': '203.0.113.9', ...BEARER })).status).toBe(403);
    expect((await get(demo.base, '/api/engine/metrics', { 'x-forwarded-host': 'abc.example', ...BEARER })).status).toBe(403);
    expect((await get(demo.base, '/api/engine/metrics', { via: '1.1 tunnel', ...BEARER })).status).toBe(403);
    expect((await get(demo.base, '/metrics', { forwarded: 'for=203.0.113.9' })).status).toBe(403);
  });
});

describe('metrics.public in project.json', () => {
  let open: Demo;
  beforeAll(async () => {
    open = await startDemo({ ...SLOW_PROJECT, metrics: { public: true } });
  });
  afterAll(async () => open.close());

  it('serves /metrics without a token, but keeps the other admin routes behind a generated one', async () => {
    expect(open.server.adminToken).toMatch(/^[0-9a-f]{64}$/);
    expect(open.server.adminToken).not.toBe(demo.server.adminToken);
    const metrics = await get(open.base, '/metrics', { 'x-forwarded-for': '203.0.113.9' });
    expect(metrics.status).toBe(200);
    expect(sampleValue(parsePrometheusText(metrics.text), 'demo_desktop_queue_running')).toBe(0);
    // Public, but still only for the Hosts this server answers.
    expect((await get(open.base, '/metrics', { host: 'evil.example' })).status).toBe(403);
    expect((await get(open.base, '/api/engine/metrics')).status).toBe(401);
    expect((await get(open.base, '/api/engine/metrics', { authorization: `Bearer ${open.server.adminToken}` })).status).toBe(200);
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
