/**
 * History of real runs (issue 16, item 2): runs made with the real `@gradio/client` are recorded
 * by the server (H4's recorder) and read back through the History routes by the session that
 * made them; a past run with a file input is restored and run again through the client, and the
 * re-run is a new entry. Another client's session sees none of it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { createHistoryRecorder } from '../../main/store/history-recorder.js';
import { openStore, type Store } from '../../main/store/open-store.js';
import { connect, handleFile, type GradioClient } from './support/gradio-client.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { raw, type RawResponse } from './support/raw-http.js';

let demo: Demo;
let store: Store;
let storeDir: string;
const PROJECT_KEY = '/projects/history-live/project.json';

interface Listed {
  runs: { id: string; event: string; outcome: string; preview: { inputs: string; outputs: string } }[];
}

function get(pathname: string): Promise<RawResponse> {
  return raw({ port: demo.server.port, path: pathname });
}

async function listFor(session: string, query = ''): Promise<Listed['runs']> {
  const answer = await get(`/api/history/runs?session_hash=${session}${query}`);
  expect(answer.status, answer.body).toBe(200);
  return (JSON.parse(answer.body) as Listed).runs;
}

/** The client's session hash (the page names its session the same way). */
const sessionOf = (client: GradioClient): string => (client as unknown as { session_hash: string }).session_hash;

beforeAll(async () => {
  storeDir = await mkdtemp(path.join(tmpdir(), 'history-live-'));
  store = openStore({ dataDir: storeDir, logger: silentLogger });
  const history = createHistoryRecorder({ store, project: PROJECT_KEY, logger: silentLogger });
  demo = await startDemo(undefined, { history, historyStore: { store, project: PROJECT_KEY } });
});

afterAll(async () => {
  await demo.close();
  await store.close();
  await rm(storeDir, { recursive: true, force: true });
});

describe('history of real runs', () => {
  it('lists a session its own runs; restores a file run, and the re-run is a new entry', async () => {
    const alice = await connect(demo.base);
    const bob = await connect(demo.base);
    const upload = path.join(storeDir, 'letter.txt');
    await writeFile(upload, 'dear history');
    expect((await alice.predict('/greet', ['Ada'])).data).toEqual(['Hello Ada!']);
    expect((await alice.predict('/readText', [handleFile(upload)])).data).toEqual(['letter.txt -> dear history']);
    expect((await bob.predict('/greet', ['Bob'])).data).toEqual(['Hello Bob!']);
    // Recorded after each client got its answer, in the next write batch: wait for it to land.
    await expect.poll(async () => (await listFor(sessionOf(alice))).length, { timeout: 20_000 }).toBe(2);
    const runs = await listFor(sessionOf(alice));
    expect(runs.map((r) => [r.event, r.outcome, r.preview.inputs, r.preview.outputs])).toEqual([
      ['readText', 'completed', 'letter.txt', 'letter.txt -> dear history'],
      ['greet', 'completed', 'Ada', 'Hello Ada!'],
    ]);
    expect((await listFor(sessionOf(alice), '&q=bob')).length).toBe(0);
    await expect.poll(async () => (await listFor(sessionOf(bob))).map((r) => r.preview.inputs), { timeout: 20_000 }).toEqual(['Bob']);

    const restore = await raw({
      port: demo.server.port,
      path: `/api/history/runs/${runs[0]?.id ?? ''}/restore`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ session_hash: sessionOf(alice) }),
    });
    expect(restore.status, restore.body).toBe(200);
    const restored = JSON.parse(restore.body) as { event: string; data: unknown[] };
    expect(restored.event).toBe('readText');
    expect((await alice.predict('/readText', restored.data)).data).toEqual(['letter.txt -> dear history']);
    await expect.poll(async () => (await listFor(sessionOf(alice))).length, { timeout: 20_000 }).toBe(3);
    alice.close();
    bob.close();
  });
});
