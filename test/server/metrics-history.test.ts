/**
 * Metrics over time through the HTTP API (main/server/metrics/): real runs through a real server
 * and real worker processes are sampled into a real SQLite file; the owner (owner cookie or admin
 * token) reads them back, anyone else is refused, and a share link reaches neither the API nor the
 * dashboard page (nor dashboard.html as a static file).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import type { MetricsRow } from '../../main/metrics-history/metrics-row.js';
import { createShareGate } from '../../main/server/share/share-gate.js';
import { openStore, type Store } from '../../main/store/open-store.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { raw, type RawResponse } from './support/raw-http.js';

interface HistoryAnswer {
  project: string;
  sampleMs: number;
  resolution: string;
  bucketMs: number;
  events: string[];
  rows: Omit<MetricsRow, 'project'>[];
}

let demo: Demo;
let store: Store;
let renderer: string;
let cookie = '';
const host = (): string => `127.0.0.1:${demo.server.port}`;
const get = (path: string, headers: Record<string, string> = {}): Promise<RawResponse> =>
  raw({ port: demo.server.port, path, headers: { host: host(), ...headers } });
const run = (api: string, data: unknown[]): Promise<RawResponse> =>
  raw({
    port: demo.server.port,
    path: `/gradio_api/run/${api}`,
    method: 'POST',
    headers: { host: host(), 'content-type': 'application/json' },
    body: JSON.stringify({ data }),
  });

async function history(query: string): Promise<HistoryAnswer> {
  const answer = await get(`/api/metrics/history?${query}`, { cookie });
  expect(answer.status, answer.body).toBe(200);
  return JSON.parse(answer.body) as HistoryAnswer;
}

const total = (rows: HistoryAnswer['rows'], key: 'completed' | 'failed'): number => rows.reduce((sum, r) => sum + r[key], 0);

beforeAll(async () => {
  renderer = await mkdtemp(join(tmpdir(), 'dd-dash-'));
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>RUNNER</title>');
  await writeFile(join(renderer, 'dashboard.html'), '<!doctype html><title>DASHBOARD PAGE</title>');
  store = openStore({ dataDir: await mkdtemp(join(tmpdir(), 'dd-metrics-')), logger: silentLogger });
  demo = await startDemo(undefined, { adminToken: 'admin-secret', rendererDir: renderer, metricsHistory: { store, sampleMs: 100 } });
  const link = new URL(demo.server.ownerLoginUrl());
  const answer = await get(`${link.pathname}${link.search}`);
  cookie = answer.headers['set-cookie']?.[0]?.split(';')[0] ?? '';
});
afterAll(async () => {
  await demo.close();
  await store.close();
  await rm(renderer, { recursive: true, force: true });
  await rm(join(store.path, '..'), { recursive: true, force: true });
});

describe('GET /api/metrics/history', () => {
  it('gives the owner one row per event per sample, with the real runs counted', async () => {
    // From before the server started: a sample is stamped with its start, which may precede the first run.
    const from = Date.now() - 60_000;
    for (let i = 0; i < 6; i++) expect((await run('greet', [`n${i}`])).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await run('boom', ['x'])).status).not.toBe(200);
    // Wait for the samples (every 100 ms, written on the 50 ms batch timer) to hold all eight runs.
    let answer = await history(`from=${from}&event=greet`);
    while (total(answer.rows, 'completed') < 6) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await history(`from=${from}&event=greet`);
    }
    let boom = await history(`from=${from}&event=boom`);
    while (total(boom.rows, 'failed') < 2) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      boom = await history(`from=${from}&event=boom`);
    }
    expect(total(answer.rows, 'completed')).toBe(6);
    expect(total(answer.rows, 'failed')).toBe(0);
    expect(total(boom.rows, 'completed')).toBe(0);
    expect(answer.project).toBe(demo.engine.loaded.file);
    expect(answer.sampleMs).toBe(100);
    expect(answer.resolution).toBe('raw');
    expect(answer.events).toEqual(expect.arrayContaining(['greet', 'boom', 'slow']));
    expect(new Set(answer.rows.map((r) => r.event))).toEqual(new Set(['greet']));
    const busy = answer.rows.filter((r) => r.completed > 0);
    expect(busy.every((r) => r.latencyP50 !== null && r.latencyP50 > 0)).toBe(true);
    // A job may start in one sample and finish in the next: the runs add up over the rows, not per row.
    expect(answer.rows.reduce((sum, r) => sum + r.batchJobs, 0)).toBe(6);
    expect(answer.rows.every((r) => (r.rssBytes ?? 0) > 10_000_000)).toBe(true);

    // The same span per minute: the counts add up.
    const minutes = await history(`from=${from - 60_000}&event=greet&resolution=minute`);
    expect(minutes.bucketMs).toBe(60_000);
    expect(total(minutes.rows, 'completed')).toBe(6);
    // Live polling: rows from a time on.
    const last = answer.rows.at(-1)?.t ?? from;
    const live = await history(`since=${last}`);
    expect(live.rows.every((r) => r.t >= last)).toBe(true);
  });

  it('takes the admin token (scripts) and says what a bad query should be', async () => {
    expect((await get('/api/metrics/history', { authorization: 'Bearer admin-secret' })).status).toBe(200);
    const bad = await get('/api/metrics/history?resolution=daily', { cookie });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('resolution must be raw, minute, hour or auto');
    expect((await get('/api/metrics/history?from=abc', { cookie })).body).toContain('from must be a time in ms');
  });

  it('refuses anyone but the owner: another local tab, a proxied request', async () => {
    const stranger = await get('/api/metrics/history');
    expect(stranger.status).toBe(401);
    expect(stranger.body).not.toContain('"rows"');
    expect((await get('/api/metrics/history', { cookie, 'x-forwarded-for': '198.51.100.4' })).status).toBe(403);
  });
});

describe('GET /dashboard', () => {
  it('serves the dashboard page to the owner only; dashboard.html is never a static file', async () => {
    const page = await get('/dashboard', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('DASHBOARD PAGE');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const stranger = await get('/dashboard');
    expect(stranger.status).toBe(401);
    expect(stranger.body).not.toContain('DASHBOARD PAGE');
    expect((await get('/dashboard.html', { cookie })).status).toBe(404);
  });
});

describe('through a share link', () => {
  let tunnel: Server;
  let key = '';
  beforeAll(async () => {
    const gate = createShareGate({ server: demo.server.share, publicUrl: 'https://metrics-test.share.test' });
    key = gate.key;
    tunnel = createServer((socket) => gate.accept(socket, { remoteAddress: '203.0.113.9' }));
    await new Promise<void>((resolve) => tunnel.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => tunnel.close(() => resolve()));
  });

  it('reaches neither the history API nor the dashboard, even with the owner’s cookie and the admin token', async () => {
    const port = (tunnel.address() as AddressInfo).port;
    const visit = (path: string) =>
      raw({ port, path, headers: { host: 'metrics-test.share.test', cookie, authorization: `Bearer ${key}` } });
    expect((await visit('/')).body).toContain('RUNNER'); // the gate itself lets this visitor in
    for (const path of ['/api/metrics/history', '/dashboard', '/dashboard.html']) {
      const answer = await visit(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('DASHBOARD PAGE');
      expect(answer.body).not.toContain('"rows"');
    }
  });
});
