/**
 * `demo-desktop serve <project.json> --queue redis://…` as real child processes: two fronts on one
 * redis-server, a worker over QueueWorker in the test, @gradio/client through a proxy that joins on
 * one front and streams from the other. A front starts no worker of its own.
 */
import { execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { runCli, spawnCli, waitForLine } from '../cli/run-cli.js';
import { namespace, redisForFile } from '../queue/queue-fixtures.js';
import { REPO_ROOT, tempDir } from '../runtimes/support.js';
import { connect } from './support/gradio-client.js';
import { startTestWorker, type TestWorker } from './support/queue-front-worker.js';
import { startSplitProxy } from './support/split-proxy.js';

const redis = redisForFile();
const PROJECT = 'examples/greet/project.json';

let engine: Engine | undefined;
let worker: TestWorker | undefined;
let url: string;
let dataDir: { path: string; remove: () => Promise<void> } | undefined;

beforeAll(async () => {
  const ns = namespace();
  url = `${redis.server().url}?namespace=${ns}`;
  dataDir = await tempDir('queue-front-cli');
  const started = await createEngine({ loaded: await loadProject(join(REPO_ROOT, PROJECT)), environment: { offline: true } });
  engine = started;
  worker = await startTestWorker(await redis.open(ns), started);
});

afterAll(async () => {
  await worker?.stop();
  await engine?.dispose();
  await dataDir?.remove();
});

/** Child processes of a pid (Linux `ps`), by command name, leaving out tsx's esbuild service (the CLI runs from source). */
function childrenOf(pid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => name !== '' && name !== 'esbuild');
  } catch {
    return [];
  }
}

/** A front given the queue by --queue, or (`fromEnv`) by $DEMO_DESKTOP_QUEUE only. */
async function startFront(fromEnv = false): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const args = ['serve', PROJECT, '--port', '0', '--data-dir', dataDir?.path ?? ''];
  const child = fromEnv ? spawnCli(args, { DEMO_DESKTOP_QUEUE: url }) : spawnCli([...args, '--queue', url]);
  const [, base] = (await waitForLine(child, /Running on (http:\/\/127\.0\.0\.1:\d+)\n/)) as unknown as [string, string];
  return { child, url: `${base}/` };
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

describe('demo-desktop serve --queue (real child processes)', () => {
  it('two fronts serve one client split across them; neither starts a worker; Ctrl-C exits 0', async () => {
    const fronts = [await startFront(), await startFront()];
    const proxy = await startSplitProxy(
      fronts.map((f) => f.url),
      (path) => (path.endsWith('/queue/join') ? 0 : 1),
    );
    try {
      const client = await connect(proxy.base);
      expect((await client.predict('/predict', ['Front'])).data).toEqual(['Hello Front!']);
      client.close();
      expect(proxy.served.some(([i, , path]) => i === 0 && path === '/gradio_api/queue/join')).toBe(true);
      expect(proxy.served.some(([i, , path]) => i === 1 && path === '/gradio_api/queue/data')).toBe(true);
      for (const front of fronts) expect(childrenOf(front.child.pid ?? -1)).toEqual([]);
    } finally {
      await proxy.close();
      expect(await Promise.all(fronts.map((front) => stop(front.child)))).toEqual([0, 0]);
    }
  });

  it('refuses a bad queue URL before starting (usage, exit 2, no password echoed), and a Redis that is not there (exit 1)', async () => {
    const bad = await runCli(['serve', PROJECT, '--queue', 'redis://user:s3cret@127.0.0.1:6379/0?nonsense=1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--queue');
    expect(bad.stderr).not.toContain('s3cret');
    const away = await runCli(['serve', PROJECT, '--port', '0', '--queue', 'redis://127.0.0.1:1', '--data-dir', dataDir?.path ?? '']);
    expect(away.code).toBe(1);
    expect(away.stderr).toContain('Cannot reach the queue at redis://127.0.0.1:1');
  });

  it('takes the queue from $DEMO_DESKTOP_QUEUE when --queue is absent (as worker does)', async () => {
    const front = await startFront(true);
    try {
      const before = worker?.started.size ?? 0;
      const client = await connect(front.url);
      expect((await client.predict('/predict', ['Env'])).data).toEqual(['Hello Env!']);
      client.close();
      // The test's worker ran it through Redis: the server is a front, with no worker of its own.
      expect(worker?.started.size).toBe(before + 1);
      expect(childrenOf(front.child.pid ?? -1)).toEqual([]);
    } finally {
      expect(await stop(front.child)).toBe(0);
    }
  });

  it('refuses a bad $DEMO_DESKTOP_QUEUE naming it (no password echoed); --queue wins over it', async () => {
    const env = { DEMO_DESKTOP_QUEUE: 'redis://user:s3cret@127.0.0.1:6379/0?nonsense=1' };
    const bad = await runCli(['serve', PROJECT, '--port', '0', '--data-dir', dataDir?.path ?? ''], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('$DEMO_DESKTOP_QUEUE');
    expect(bad.stderr).not.toContain('s3cret');
    const flag = await runCli(['serve', PROJECT, '--port', '0', '--queue', 'redis://127.0.0.1:1', '--data-dir', dataDir?.path ?? ''], env);
    expect(flag.code).toBe(1);
    expect(flag.stderr).toContain('Cannot reach the queue at redis://127.0.0.1:1');
  });

  it('says --queue and $DEMO_DESKTOP_QUEUE in serve --help', async () => {
    const help = await runCli(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--queue <url>');
    expect(help.stdout).toContain('$DEMO_DESKTOP_QUEUE');
  });
});
