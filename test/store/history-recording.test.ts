/**
 * History recording through the real server (issue 16, item 2): runs made with the real
 * @gradio/client (as an API client, as the runner page labels itself, as the app window with its
 * token, as a share-link visitor through the gate) are read back from the database after the
 * server and the store were closed and the file opened again.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { APP_TOKEN_HEADER, CLIENT_KIND_HEADER } from '../../main/server/gradio/context.js';
import { createShareGate, type ShareGate } from '../../main/server/share/share-gate.js';
import { createHistoryRecorder } from '../../main/store/history-recorder.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import type { RunRow, StoredFileRef } from '../../main/store/history-types.js';
import { openStore, type Store } from '../../main/store/open-store.js';
import { connect, handleFile } from '../server/support/gradio-client.js';
import { startDemo, type Demo } from '../server/support/demo-app.js';
import { useDataDirs } from './support.js';

const TOKEN = 'the-window-token';
const PROJECT = '/projects/demo/project.json';
const dataDir = useDataDirs();

let dir: string;
let store: Store;
let demo: Demo;
let gate: ShareGate;
let tunnel: Server;

beforeAll(async () => {
  dir = await dataDir();
  store = openStore({ dataDir: dir, logger: silentLogger });
  const history = createHistoryRecorder({ store, project: PROJECT, logger: silentLogger });
  demo = await startDemo(undefined, { history, appToken: TOKEN, adminToken: TOKEN });
  gate = createShareGate({ server: demo.server.share });
  tunnel = createServer((socket) => gate.accept(socket, { remoteAddress: '203.0.113.9' }));
  await new Promise<void>((resolve) => tunnel.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await gate.close();
  await new Promise<void>((resolve) => tunnel.close(() => resolve()));
  await demo.close();
  await store.close();
});

/** Every run of the project, read from a fresh connection to the file (what a restart sees). */
async function reopenedRuns(): Promise<{ runs: RunRow[]; again: Store }> {
  await demo.server.close();
  await store.close();
  const again = openStore({ dataDir: dir, logger: silentLogger });
  // Rows are numbered as they are recorded (a run with files to copy may land after a later one): order by queue time.
  const runs = new HistoryRepository(again).list({ project: PROJECT, limit: 500 });
  return { runs: runs.sort((a, b) => a.queuedAt - b.queuedAt), again };
}

describe('history recording', () => {
  it('records inputs, outputs, files (deduplicated), timings, outcome, event, caller and session, and reads them back after a restart', async () => {
    const api = await connect(demo.base);
    expect((await api.predict('/greet', ['Ada'])).data).toEqual(['Hello Ada!']);
    const note = join(demo.dir, 'note.txt');
    await writeFile(note, 'the same bytes');
    await api.predict('/readText', [handleFile(note)]);
    await api.predict('/echoFile', [handleFile(note)]);
    await expect(api.predict('/boom', ['cats'])).rejects.toMatchObject({ message: expect.stringContaining('boom: cats') as unknown });
    // A run stopped while it runs: cancelled, with its start time and no outputs.
    const own = await connect(demo.base, { events: ['data', 'status'] });
    const slow = own.submit('/slow', [60_000]);
    const drained = (async () => {
      for await (const _ of slow) continue;
    })();
    await expect.poll(() => demo.engine.queueStatus().running, { timeout: 20_000 }).toBe(1);
    await slow.cancel();
    await drained;
    await expect.poll(() => demo.engine.queueStatus().running, { timeout: 20_000 }).toBe(0);
    own.close();
    api.close();

    const page = await connect(demo.base, { headers: { [CLIENT_KIND_HEADER]: 'page' } });
    await page.predict('/greet', ['from the page']);
    page.close();
    const window = await connect(demo.base, { headers: { [APP_TOKEN_HEADER]: TOKEN } });
    await window.predict('/greet', ['from the window']);
    window.close();
    const port = (tunnel.address() as AddressInfo).port;
    const visitor = await connect(`http://127.0.0.1:${port}/`, { headers: { Authorization: `Bearer ${gate.key}` } });
    await visitor.predict('/greet', ['a visitor']);
    visitor.close();

    const { runs, again } = await reopenedRuns();
    try {
      expect(runs.map((run) => [run.apiName, run.outcome, run.caller])).toEqual([
        ['greet', 'completed', 'api'],
        ['readText', 'completed', 'api'],
        ['echoFile', 'completed', 'api'],
        ['boom', 'failed', 'api'],
        ['slow', 'cancelled', 'api'],
        ['greet', 'completed', 'page'],
        ['greet', 'completed', 'window'],
        ['greet', 'completed', 'visitor'],
      ]);
      const [greet, readText, echoFile, boom] = runs as [RunRow, RunRow, RunRow, RunRow];
      expect(greet).toMatchObject({ inputs: ['Ada'], outputs: ['Hello Ada!'], eventIndex: 0, error: null });
      expect(greet.sessionId).toMatch(/\w+/);
      expect(greet.queuedAt).toBeLessThanOrEqual(greet.startedAt ?? 0);
      expect(greet.startedAt ?? 0).toBeLessThanOrEqual(greet.finishedAt ?? 0);
      expect(Date.now() - greet.queuedAt).toBeLessThan(10 * 60_000);
      // The uploaded file: copied into the store once, although two runs used it and one returned it.
      const input = readText.inputs[0] as StoredFileRef;
      expect(input).toMatchObject({ name: 'note.txt', size: 14 });
      expect(await readFile(again.files.path(input.$file), 'utf8')).toBe('the same bytes');
      expect(readText.outputs).toEqual(['note.txt -> the same bytes']);
      expect(echoFile.inputs[0]).toMatchObject({ $file: input.$file });
      expect(echoFile.outputs?.[0]).toMatchObject({ $file: input.$file, name: 'note.txt' });
      expect(readText.files).toEqual([input.$file]);
      expect(echoFile.files).toEqual([input.$file]);
      expect(runs[4]).toMatchObject({ inputs: [60_000], outputs: null, error: null, startedAt: expect.any(Number) as unknown });
      expect(boom).toMatchObject({ outputs: null, error: expect.stringContaining('boom: cats is not allowed') as unknown });
      const history = new HistoryRepository(again);
      expect(history.list({ project: PROJECT, text: 'VISITOR' }).map((run) => run.caller)).toEqual(['visitor']);
    } finally {
      await again.close();
    }
  });
});
