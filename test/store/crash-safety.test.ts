/**
 * Crash safety (issue 16, item 5) with real processes: a real `demo-desktop serve` killed with
 * SIGKILL in the middle of a burst of 1,000 calls loses no record of a call whose result its client
 * got, except those of the last write batch (measured and printed); the killed server's data folder
 * serves again; two servers writing one data folder at once, and two plain writer processes, leave
 * every row and a database that passes integrity_check.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { HistoryRepository } from '../../main/store/history-repository.js';
import { openStore } from '../../main/store/open-store.js';
import { spawnCli, waitForLine } from '../cli/run-cli.js';
import { REPO_ROOT } from '../runtimes/support.js';
import { useDataDirs } from './support.js';

const dataDirs = useDataDirs();

const PROJECT = {
  version: 1,
  name: 'echo',
  functions: { echo: { kind: 'js', module: './echo.js', export: 'echo' } },
  queue: { defaultConcurrencyLimit: 8 },
  ui: { type: 'interface', fn: 'echo', inputs: [{ type: 'textbox', id: 'text' }], outputs: [{ type: 'textbox', id: 'out' }] },
};

async function echoProject(dir: string): Promise<string> {
  await writeFile(join(dir, 'echo.js'), 'export function echo([text]) { return text; }\n');
  const file = join(dir, 'project.json');
  await writeFile(file, JSON.stringify(PROJECT));
  return file;
}

async function serve(project: string, dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawnCli(['serve', project, '--port', '0', '--data-dir', dataDir]);
  const [, url = ''] = await waitForLine(child, /Running on (http:\/\/\S+)/, 120_000);
  return { child, url };
}

const exited = (child: ChildProcessWithoutNullStreams): Promise<unknown> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** One call over /run (Node's http, keep-alive): resolves with the echoed text, rejects when the server is gone. */
async function call(url: string, text: string): Promise<string> {
  const response = await fetch(`${url}/gradio_api/run/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: [text] }),
    // @ts-expect-error Node's fetch (undici) takes no http.Agent; keep-alive is its default anyway.
    agent,
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { data: string[] }).data[0] ?? '';
}

/** `count` calls, `parallel` at a time; `onResult` hears each result the client received, with its time. */
async function burst(url: string, prefix: string, count: number, parallel: number, onResult: (text: string) => void): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const text = `${prefix}-${next++}`;
      const answer = await call(url, text).catch(() => null);
      if (answer === text) onResult(text);
      else if (answer === null) return;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

function recordedInputs(dataDir: string, project: string): { inputs: Set<string>; integrity: unknown } {
  const store = openStore({ dataDir, logger: silentLogger });
  const rows = new HistoryRepository(store).list({ project, limit: 500 });
  const all = store.db.prepare('SELECT inputs_json FROM runs').pluck().all() as string[];
  const integrity = store.db.pragma('integrity_check', { simple: true });
  void store.close();
  expect(rows.length).toBeGreaterThan(0);
  return { inputs: new Set(all.map((json) => (JSON.parse(json) as string[])[0] ?? '')), integrity };
}

describe('crash safety', () => {
  it('kill -9 during a burst of 1,000 calls loses at most the last write batch; the folder serves again', async () => {
    const dataDir = await dataDirs();
    const project = await echoProject(await dataDirs());
    const { child, url } = await serve(project, dataDir);
    const received = new Map<string, number>();
    let killedAt = 0;
    await burst(url, 'burst', 1_000, 16, (text) => {
      received.set(text, performance.now());
      if (received.size === 500 && killedAt === 0) {
        killedAt = performance.now();
        child.kill('SIGKILL');
      }
    });
    if (killedAt === 0) child.kill('SIGKILL'); // the burst failed early: the checks below say how
    await exited(child);
    expect(child.signalCode).toBe('SIGKILL');
    expect(received.size).toBeGreaterThanOrEqual(500);
    expect(received.size).toBeLessThan(1_000);

    // A restart on the same folder: the database opens (WAL recovery) and records again.
    const again = await serve(project, dataDir);
    expect(await call(again.url, 'after-restart')).toBe('after-restart');
    again.child.kill('SIGTERM');
    await exited(again.child);

    const { inputs, integrity } = recordedInputs(dataDir, project);
    expect(integrity).toBe('ok');
    expect(inputs.has('after-restart')).toBe(true);
    const lost = [...received.keys()].filter((text) => !inputs.has(text));
    // Every lost record is one whose result arrived within a second of the kill: the last batch
    // (50 ms) and the copies still in flight, never an older, committed one.
    const lateness = lost.map((text) => killedAt - (received.get(text) ?? 0));
    process.stdout.write(
      `kill -9 after ${received.size} results received of 1,000: ${lost.length} records lost ` +
        `(received within ${Math.max(0, ...lateness).toFixed(0)} ms before the kill)\n`,
    );
    expect(lateness.every((ms) => ms < 1_000)).toBe(true);
    expect(lost.length).toBeLessThan(received.size / 4);
  }, 300_000);

  it('two servers on one data folder record every call, and the file stays whole', async () => {
    const dataDir = await dataDirs();
    const project = await echoProject(await dataDirs());
    const [a, b] = await Promise.all([serve(project, dataDir), serve(project, dataDir)]);
    const received: string[] = [];
    await Promise.all([burst(a.url, 'a', 300, 8, (text) => received.push(text)), burst(b.url, 'b', 300, 8, (text) => received.push(text))]);
    expect(received).toHaveLength(600);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    await Promise.all([exited(a.child), exited(b.child)]);
    const { inputs, integrity } = recordedInputs(dataDir, project);
    expect(integrity).toBe('ok');
    expect(received.filter((text) => !inputs.has(text))).toEqual([]);
  }, 300_000);

  it('two writer processes batching into one file at once leave every row', async () => {
    const dataDir = await dataDirs();
    const writer = (prefix: string): Promise<number | null> => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(REPO_ROOT, 'test/store/fixtures/write-runs.ts'), dataDir, prefix, '2000'],
        {
          cwd: REPO_ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      return new Promise((resolve) => child.once('exit', resolve));
    };
    expect(await Promise.all([writer('one'), writer('two')])).toEqual([0, 0]);
    const store = openStore({ dataDir, logger: silentLogger });
    const history = new HistoryRepository(store);
    expect(history.count({ project: '/two/project.json', sessionId: 'one' })).toBe(2_000);
    expect(history.count({ project: '/two/project.json', sessionId: 'two' })).toBe(2_000);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.close();
  }, 300_000);
});
