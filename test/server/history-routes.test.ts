/**
 * The history routes (issue 16, items 2 and 3) on a real server over a real SQLite file: filters,
 * paging, one run, its files by content hash, restore into this client's uploads (then a real run
 * with the restored file), flags and the owner's export. Who sees what: the owner (admin token)
 * every run; a local page its own session; two share-link visitors through the real share gate
 * never each other's runs, files, restores or flags.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { sessionKey } from '../../main/server/gradio/requests.js';
import { createShareGate, type ShareGate } from '../../main/server/share/share-gate.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import type { RunRecord } from '../../main/store/history-types.js';
import { openStore, type Store } from '../../main/store/open-store.js';
import { DEMO_PROJECT, startDemo, type Demo } from './support/demo-app.js';
import { raw, type RawResponse } from './support/raw-http.js';

const ADMIN = 'history-admin-token';
const PUBLIC_HOST = 'h1st0ry.share.test';

let demo: Demo;
let store: Store;
let project: string;
let storeDir: string;
let gate: ShareGate;
let tunnel: Server;
let tunnelPort: number;
let noteSha: string;
const ids: Record<string, string> = {};
/** Two share-link visitors' cookies, and the visitor each names (the gate's `cookie:<id>`). */
const visitors = { alice: '', bob: '', aliceId: '', bobId: '' };
const visitorOf = (cookie: string): string => `cookie:${cookie.split('=')[1]?.split('.')[0] ?? ''}`;

const PROJECT = { ...DEMO_PROJECT, flagging: { options: ['wrong', 'offensive'] } };

function local(pathname: string, headers: Record<string, string> = {}, method = 'GET', body?: unknown): Promise<RawResponse> {
  return raw({
    port: demo.server.port,
    path: pathname,
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}
const owner = { authorization: `Bearer ${ADMIN}` };

function visit(cookie: string, pathname: string, method = 'GET', body?: unknown): Promise<RawResponse> {
  return raw({
    port: tunnelPort,
    path: pathname,
    method,
    headers: { host: PUBLIC_HOST, cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function visitorCookie(): Promise<string> {
  const first = await raw({ port: tunnelPort, path: `/?key=${gate.key}`, headers: { host: PUBLIC_HOST } });
  expect(first.status).toBe(303);
  return (first.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the answer's shape
const json = <T>(answer: RawResponse): T => {
  expect(answer.status, answer.body).toBe(200);
  return JSON.parse(answer.body) as T;
};

interface ListAnswer {
  runs: { id: string; outcome: string; preview: { inputs: string; outputs: string }; flags: { reason: string | null }[] }[];
  next: string | null;
}
const listIds = (answer: RawResponse): string[] => json<ListAnswer>(answer).runs.map((run) => run.id);

/**
 * Rows as the recorder leaves them: sessions `page-a`, `page-b` (local pages) and `vis-a`, `vis-b`
 * of two share-link visitors (their session_hash in the visitor's own space, sessionKey).
 */
async function seed(): Promise<void> {
  const note = await store.files.putBytes(new TextEncoder().encode('a note from the past'));
  noteSha = note.sha256;
  const history = new HistoryRepository(store);
  const fileRef = { $file: note.sha256, name: 'old-note.txt', mime: 'text/plain', size: note.size };
  const run = (key: string, overrides: Partial<RunRecord>, files = false): void => {
    const record: RunRecord = {
      id: `run-${key}-${Math.random().toString(16).slice(2)}`,
      project,
      eventIndex: 0,
      apiName: 'greet',
      sessionId: 'page-a',
      visitorId: null,
      caller: 'page',
      outcome: 'completed',
      error: null,
      queuedAt: 1_000,
      startedAt: 1_100,
      finishedAt: 1_350,
      inputs: ['World'],
      outputs: ['Hello World!'],
      ...overrides,
    };
    ids[key] = record.id;
    history.record(record, files ? [note] : []);
  };
  run('a1', { queuedAt: 1_000 });
  run(
    'a2',
    { queuedAt: 2_000, eventIndex: 5, apiName: 'readText', inputs: [fileRef], outputs: ['old-note.txt -> a note from the past'] },
    true,
  );
  run('a3', {
    queuedAt: 3_000,
    eventIndex: 3,
    apiName: 'boom',
    outcome: 'failed',
    error: 'boom: Kaboom',
    outputs: null,
    inputs: ['Kaboom'],
  });
  run('b1', { sessionId: 'page-b', queuedAt: 4_000, inputs: ['Secret of B'], outputs: ['Hello Secret of B!'] });
  const { aliceId, bobId } = visitors;
  const va = { sessionId: sessionKey('vis-a', aliceId), visitorId: aliceId, caller: 'visitor' as const };
  run('va', { ...va, queuedAt: 5_000, inputs: [fileRef], eventIndex: 5, apiName: 'readText' }, true);
  run('vb', { sessionId: sessionKey('vis-b', bobId), visitorId: bobId, caller: 'visitor', queuedAt: 6_000, inputs: ['visitor B'] });
  await store.writer.flush();
}

beforeAll(async () => {
  storeDir = await mkdtemp(path.join(tmpdir(), 'history-routes-'));
  store = openStore({ dataDir: storeDir, logger: silentLogger });
  // The routes read the rows of this key (the recorder writes the project.json's real path).
  project = path.join(storeDir, 'project.json');
  demo = await startDemo(PROJECT, { adminToken: ADMIN, historyStore: { store, project } });
  gate = createShareGate({ server: demo.server.share, publicUrl: `https://${PUBLIC_HOST}` });
  tunnel = createServer((socket) => gate.accept(socket, { remoteAddress: '203.0.113.9' }));
  await new Promise<void>((resolve) => tunnel.listen(0, '127.0.0.1', resolve));
  tunnelPort = (tunnel.address() as AddressInfo).port;
  visitors.alice = await visitorCookie();
  visitors.bob = await visitorCookie();
  visitors.aliceId = visitorOf(visitors.alice);
  visitors.bobId = visitorOf(visitors.bob);
  await seed();
});

afterAll(async () => {
  await gate.close();
  await new Promise<void>((resolve) => tunnel.close(() => resolve()));
  await demo.close();
  await store.close();
  await rm(storeDir, { recursive: true, force: true });
});

describe('history routes: the owner', () => {
  it('says what the page shows: enabled, owner, the flagging options', async () => {
    expect(json(await local('/api/history', owner))).toEqual({
      enabled: true,
      owner: true,
      flagging: { mode: 'manual', options: ['wrong', 'offensive'] },
    });
    expect(json(await local('/api/history'))).toMatchObject({ enabled: true, owner: false });
  });

  it('lists every run newest first, filtered by event, outcome, time and text, in pages', async () => {
    expect(listIds(await local('/api/history/runs', owner))).toEqual(['vb', 'va', 'b1', 'a3', 'a2', 'a1'].map((k) => ids[k]));
    expect(listIds(await local('/api/history/runs?outcome=failed', owner))).toEqual([ids.a3]);
    expect(listIds(await local('/api/history/runs?event=readText', owner))).toEqual([ids.va, ids.a2]);
    expect(listIds(await local('/api/history/runs?event=5', owner))).toEqual([ids.va, ids.a2]);
    expect(listIds(await local('/api/history/runs?since=2000&until=4000', owner))).toEqual([ids.a3, ids.a2]);
    expect(listIds(await local('/api/history/runs?q=SECRET%20of', owner))).toEqual([ids.b1]);
    expect(listIds(await local('/api/history/runs?q=old-note', owner))).toEqual([ids.va, ids.a2]);
    const first = json<ListAnswer>(await local('/api/history/runs?limit=4', owner));
    expect(first.runs).toHaveLength(4);
    expect(first.next).toBe(ids.a3);
    const second = json<ListAnswer>(await local(`/api/history/runs?limit=4&before=${first.next}`, owner));
    expect(second.runs.map((r) => r.id)).toEqual([ids.a2, ids.a1]);
    expect(second.next).toBeNull();
    expect((await local('/api/history/runs?outcome=maybe', owner)).status).toBe(400);
  });

  it('reads one run with its values, its files as download URLs, and downloads a file with its type', async () => {
    const run = json<{ inputs: { file: string; url: string; mime: string }[]; durationMs: number; preview: { inputs: string } }>(
      await local(`/api/history/runs/${ids.a2}`, owner),
    );
    expect(run.durationMs).toBe(250);
    expect(run.preview.inputs).toBe('old-note.txt');
    expect(run.inputs[0]).toMatchObject({ file: 'old-note.txt', mime: 'text/plain' });
    const url = new URL(run.inputs[0]?.url ?? '');
    const file = await local(url.pathname + url.search, owner);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/plain');
    expect(file.headers['content-disposition']).toContain('old-note.txt');
    expect(file.body).toBe('a note from the past');
  });

  it('never serves a path: only a SHA-256 that the run references', async () => {
    for (const bad of ['..%2F..%2Fdemo-desktop.sqlite3', '..', 'f'.repeat(64), noteSha.toUpperCase()]) {
      expect((await local(`/api/history/runs/${ids.a2}/files/${bad}`, owner)).status, bad).toBe(404);
    }
    // The note is stored, but run a1 does not reference it.
    expect((await local(`/api/history/runs/${ids.a1}/files/${noteSha}`, owner)).status).toBe(404);
  });

  it('exports the flags as CSV and JSONL; nobody else may', async () => {
    json(
      await local(`/api/history/runs/${ids.a1}/flags`, {}, 'POST', {
        session_hash: 'page-a',
        reason: 'wrong',
        note: 'says "Hello",\nnot hi',
      }),
    );
    const csv = await local('/api/history/flags/export?format=csv', owner);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain(`"says ""Hello"",\nnot hi"`);
    const jsonl = await local('/api/history/flags/export?format=jsonl', owner);
    const lines = jsonl.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.run_id === ids.a1)).toMatchObject({
      name: 'World',
      text: 'Hello World!',
      flag: 'wrong',
      event: 'greet',
    });
    expect((await local('/api/history/flags/export?format=csv')).status).toBe(401);
    expect((await local('/api/history/flags/export?format=hf', owner)).status).toBe(400);
  });
});

describe('history routes: a local page sees its own session only', () => {
  it('lists its session, nothing without one, and never another session', async () => {
    expect(listIds(await local('/api/history/runs?session_hash=page-a'))).toEqual([ids.a3, ids.a2, ids.a1]);
    expect(listIds(await local('/api/history/runs'))).toEqual([]);
    expect(listIds(await local('/api/history/runs?session_hash=page-b&q=World'))).toEqual([]);
    expect((await local(`/api/history/runs/${ids.b1}?session_hash=page-a`)).status).toBe(404);
    expect((await local(`/api/history/runs/${ids.b1}`)).status).toBe(404);
    expect((await local('/api/history/runs?session_hash=anonymous%20caller')).status).toBe(400);
  });

  it('restores a run: its file becomes an upload of this client, and a new run with it works', async () => {
    const restored = json<{ fnIndex: number; event: string; data: { path: string; orig_name: string; url: string }[] }>(
      await local(`/api/history/runs/${ids.a2}/restore`, {}, 'POST', { session_hash: 'page-a' }),
    );
    expect(restored).toMatchObject({ fnIndex: 5, event: 'readText' });
    const file = restored.data[0] ?? { path: '', orig_name: '', url: '' };
    expect(file.orig_name).toBe('old-note.txt');
    expect(file.path.startsWith(path.join(demo.dir, 'data', 'uploads'))).toBe(true);
    const rerun = await local('/gradio_api/run/readText', {}, 'POST', { data: [file] });
    expect(json<{ data: unknown[] }>(rerun).data).toEqual(['old-note.txt -> a note from the past']);
    expect((await local(`/api/history/runs/${ids.b1}/restore`, {}, 'POST', { session_hash: 'page-a' })).status).toBe(404);
  });

  it('flags its runs with the project options as reasons, lists them under "flagged"', async () => {
    expect((await local(`/api/history/runs/${ids.a3}/flags`, {}, 'POST', { session_hash: 'page-a', reason: 'boring' })).status).toBe(422);
    expect((await local(`/api/history/runs/${ids.b1}/flags`, {}, 'POST', { session_hash: 'page-a', reason: 'wrong' })).status).toBe(404);
    const flag = json<{ reason: string; note: string | null }>(
      await local(`/api/history/runs/${ids.a3}/flags`, {}, 'POST', { session_hash: 'page-a', reason: 'offensive', note: '  ' }),
    );
    expect(flag).toMatchObject({ reason: 'offensive', note: null });
    const flagged = json<ListAnswer>(await local('/api/history/runs?session_hash=page-a&flagged=1'));
    expect(flagged.runs.map((r) => r.id)).toContain(ids.a3);
    expect(flagged.runs.find((r) => r.id === ids.a3)?.flags).toEqual([expect.objectContaining({ reason: 'offensive' })]);
    expect(flagged.runs.map((r) => r.id)).not.toContain(ids.a2);
  });
});

describe('history routes through the share gate: two visitors', () => {
  it('each visitor sees its own session; neither lists, reads, downloads, restores or flags the other one', async () => {
    const { alice, bob } = visitors;
    expect(alice).not.toBe(bob);
    // Bob naming Alice's session_hash gets his own (empty) session of that name, not hers.
    expect(listIds(await visit(bob, '/api/history/runs?session_hash=vis-a'))).toEqual([]);
    expect(json(await visit(alice, '/api/history'))).toMatchObject({ enabled: true, owner: false });
    expect(listIds(await visit(alice, '/api/history/runs?session_hash=vis-a'))).toEqual([ids.va]);
    expect(listIds(await visit(bob, '/api/history/runs?session_hash=vis-b'))).toEqual([ids.vb]);
    expect(listIds(await visit(bob, '/api/history/runs'))).toEqual([]);
    expect(listIds(await visit(bob, '/api/history/runs?session_hash=vis-b&q=old-note'))).toEqual([]);
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['GET', `/files/${noteSha}`, undefined],
      ['POST', '/restore', { session_hash: 'vis-b' }],
      ['POST', '/flags', { session_hash: 'vis-b', reason: 'wrong' }],
    ] as const) {
      const answer = await visit(bob, `/api/history/runs/${ids.va}${suffix}${method === 'GET' ? '?session_hash=vis-b' : ''}`, method, body);
      expect(answer.status, `${method} ${suffix}`).toBe(404);
      expect(answer.body).not.toContain('a note from the past');
    }
    const file = await visit(alice, `/api/history/runs/${ids.va}/files/${noteSha}?session_hash=vis-a`);
    expect(file.body).toBe('a note from the past');
  });

  it('lets a visitor restore their own run and run it again: the restored file is that visitor’s upload', async () => {
    const { alice, bob } = visitors;
    const restored = json<{ data: { path: string; orig_name: string }[] }>(
      await visit(alice, `/api/history/runs/${ids.va}/restore`, 'POST', { session_hash: 'vis-a' }),
    );
    const again = await visit(alice, '/gradio_api/run/readText', 'POST', { data: restored.data, session_hash: 'vis-a' });
    expect(again.status, again.body).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ data: ['old-note.txt -> a note from the past'] });
    // The restored file is Alice's: Bob naming its path is refused.
    const stolen = await visit(bob, '/gradio_api/run/readText', 'POST', { data: restored.data, session_hash: 'vis-b' });
    expect(stolen.status).toBe(403);
  });

  it('is never the owner, whatever it sends: no whole history, no export', async () => {
    const alice = await visitorCookie();
    const withToken = (pathname: string) =>
      raw({ port: tunnelPort, path: pathname, headers: { host: PUBLIC_HOST, cookie: alice, authorization: `Bearer ${ADMIN}` } });
    expect(listIds(await withToken('/api/history/runs'))).toEqual([]);
    expect(json(await withToken('/api/history'))).toMatchObject({ owner: false });
    expect((await withToken('/api/history/flags/export?format=csv')).status).toBe(401);
  });
});
