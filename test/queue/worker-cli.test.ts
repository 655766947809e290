import { execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobEvent } from '../../main/queue/job-events.js';
import { runCli, spawnCli, waitForLine } from '../cli/run-cli.js';
import { freePort } from '../helpers/sshd.js';
import { isAlive, waitFor } from '../runtimes/support.js';
import { connect, job, namespace, redisForFile } from './queue-fixtures.js';
import { eventsUntil, heldRuns, maxOverlap, processReaper, writeWorkerProject } from './worker-fixtures.js';

/**
 * `demo-desktop worker` as real child processes (the CLI through tsx, its engine's worker
 * processes, a real redis-server), with this test as the front: the group limit across two
 * workers measured from the function's own start/end times, and a worker `kill -9` mid-job.
 */

const redis = redisForFile();
const { children, cleanups } = processReaper();

/** Child processes of a pid (Linux `ps`): a worker's own worker processes. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

/** A worker process on namespace `ns`; resolves once it says it is ready (it claims from then on). */
async function startWorker(file: string, ns: string, ...extra: string[]): Promise<ChildProcessWithoutNullStreams> {
  const child = spawnCli(['worker', file, '--queue', `${redis.server().url}?namespace=${ns}`, ...extra]);
  children.push(child);
  await waitForLine(child, /Worker \S+ ready: serving /, 60_000);
  return child;
}

async function front(ns: string) {
  const queue = await connect(redis.server().url, ns);
  cleanups.push(() => queue.close());
  return queue;
}

describe('demo-desktop worker (real child processes)', () => {
  it('explains itself (--help) and fails clearly on a missing file, a missing or bad --queue, an unreachable Redis, unknown models', async () => {
    const project = await writeWorkerProject([{ fn: 'quick' }]);
    cleanups.push(project.remove);
    const nobody = await freePort();
    const noQueue = { DEMO_DESKTOP_QUEUE: '' };
    const [help, mainHelp, noFile, missingQueue, badUrl, badEnvUrl, offline, badModel, badDevice] = await Promise.all([
      runCli(['worker', '--help']),
      runCli(['--help']),
      runCli(['worker'], noQueue),
      runCli(['worker', project.file], noQueue),
      runCli(['worker', project.file, '--queue', 'http://127.0.0.1:6379']),
      runCli(['worker', project.file], { DEMO_DESKTOP_QUEUE: 'http://127.0.0.1:6379' }),
      runCli(['worker', project.file, '--queue', `redis://:secret@127.0.0.1:${nobody}/0`]),
      runCli(['worker', project.file, '--queue', redis.server().url, '--models', 'whisper']),
      runCli(['worker', project.file, '--queue', redis.server().url, '--device', 'tpu']),
    ]);
    expect(help).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('Usage: demo-desktop worker <project.json> --queue redis://') as unknown,
    });
    expect(help.stdout).toMatch(/--models <a,b>[\s\S]*--device <d>[\s\S]*--max-runs <n>/);
    expect(mainHelp.stdout).toContain('demo-desktop worker <project.json> --queue redis://host:port/db');
    expect(noFile).toMatchObject({ code: 2, stderr: expect.stringContaining('worker needs a project file') as unknown });
    expect(missingQueue).toMatchObject({ code: 2, stderr: expect.stringContaining('worker needs the queue: --queue redis://') as unknown });
    expect(missingQueue.stderr).toContain('Run "demo-desktop worker --help" for usage.');
    // A bad URL is bad usage, as for serve --queue: exit 2, before the project loads, saying where it came from.
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toMatch(
      /^Error: --queue "http:\/\/127\.0\.0\.1:6379": .*Expected redis:\/\/.*\nRun "demo-desktop worker --help"/,
    );
    expect(badEnvUrl.code).toBe(2);
    expect(badEnvUrl.stderr).toMatch(
      /^Error: \$DEMO_DESKTOP_QUEUE \(read as --queue, which was not given\): .*the scheme must be redis:\/\//,
    );
    expect(offline.code).toBe(1);
    expect(offline.stderr).toContain(`Error (OFFLINE): Cannot reach the queue at redis://:***@127.0.0.1:${nobody}/0`);
    expect(offline.stderr).not.toContain('secret');
    expect(badModel.code).toBe(1);
    expect(badModel.stderr).toContain('--models names "whisper", not in this project (its models: none)');
    expect(badDevice).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--device must be one of auto, cpu, gpu (got "tpu")') as unknown,
    });
  }, 120_000);

  it('two workers on one group never run more than its limit at once (measured), and both take part', async () => {
    // Limit 3 for the group, and each worker holds at most 2 runs: 3 at once needs both workers,
    // and 4 (what two workers could run without the queue's limit) must never happen.
    const project = await writeWorkerProject([{ fn: 'hold', concurrencyLimit: 3 }]);
    cleanups.push(project.remove);
    const ns = namespace();
    const workers = await Promise.all([startWorker(project.file, ns, '--max-runs', '2'), startWorker(project.file, ns, '--max-runs', '2')]);
    const queue = await front(ns);
    const logFile = join(project.dir, 'runs.log');
    const ids = Array.from({ length: 12 }, (_, i) => `h${i}`);
    for (const [i, id] of ids.entries()) {
      await queue.submit(job(id, `lane${i % 4}`, { event: 'hold', groupId: 'hold', limit: 3, inputs: [{ ms: 300, logFile, tag: id }] }));
    }
    const ends = await Promise.all(ids.map(async (id) => (await eventsUntil(queue, id)).at(-1)));
    expect(ends.every((end) => end?.type === 'completed')).toBe(true);
    const runs = await heldRuns(logFile);
    expect(runs.map((run) => run.tag).sort()).toEqual([...ids].sort());
    const overlap = maxOverlap(runs);
    const perWorker = workers.map((worker) => runs.filter((run) => run.worker === worker.pid).length);
    console.log(
      `worker-cli: 12 jobs of 300 ms, group limit 3, 2 workers x --max-runs 2: max overlap ${overlap}, runs per worker ${perWorker.join('/')}`,
    );
    expect(overlap).toBeLessThanOrEqual(3);
    expect(overlap).toBe(3);
    expect(perWorker.every((count) => count > 0)).toBe(true);
    // Ctrl-C: nothing held, so it stops its worker processes and exits 0.
    const [first] = workers;
    const exited = new Promise<number | null>((resolve) => first.once('exit', resolve));
    first.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 180_000);

  it('Ctrl-C while it holds a run: stops claiming, finishes and delivers that run, then exits 0', async () => {
    const project = await writeWorkerProject([{ fn: 'hold', concurrencyLimit: 1 }]);
    cleanups.push(project.remove);
    const ns = namespace();
    const worker = await startWorker(project.file, ns);
    let stderr = '';
    worker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const queue = await front(ns);
    const logFile = join(project.dir, 'runs.log');
    const hold = (id: string) => job(id, 'L', { event: 'hold', groupId: 'hold', limit: 1, inputs: [{ ms: 1500, logFile, tag: id }] });
    await queue.submit(hold('g1'));
    await eventsUntil(queue, 'g1', (event) => event.type === 'log');
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    worker.kill('SIGINT');
    await queue.submit(hold('g2'));
    expect((await eventsUntil(queue, 'g1')).at(-1)).toMatchObject({ type: 'completed', output: [`done by ${worker.pid ?? ''}`] });
    expect(await exited).toBe(0);
    expect(stderr).toContain('Finishing 1 run(s) first (Ctrl-C again to exit at once) ...');
    expect(stderr).toContain('Stopped.');
    // It stopped claiming: the next job waits for another worker.
    expect(await queue.status('g2')).toMatchObject({ state: 'queued' });
  }, 120_000);

  for (const retry of [true, false]) {
    it(`a worker killed (kill -9) mid-job: the job is ${retry ? 'run again on the other worker' : 'failed (retryLostWorker: false)'}`, async () => {
      const project = await writeWorkerProject([{ fn: 'hold', concurrencyLimit: 1 }], { leaseSeconds: 2, retryLostWorker: retry });
      cleanups.push(project.remove);
      const ns = namespace();
      const workers = await Promise.all([startWorker(project.file, ns), startWorker(project.file, ns)]);
      const queue = await front(ns);
      await queue.submit(
        job('k1', 'L', {
          event: 'hold',
          groupId: 'hold',
          limit: 1,
          inputs: [{ ms: 3000, logFile: join(project.dir, 'runs.log'), tag: 'k1' }],
        }),
      );
      const first = (await eventsUntil(queue, 'k1', (event) => event.type === 'log')).at(-1);
      const pid = Number(/^worker (\d+)$/.exec(first?.type === 'log' ? first.message : '')?.[1]);
      const victim = workers.find((worker) => worker.pid === pid);
      const survivor = workers.find((worker) => worker.pid !== pid);
      expect(victim).toBeDefined();
      const orphans = childrenOf(pid);
      expect(orphans.length).toBeGreaterThan(0);
      victim?.kill('SIGKILL');
      const events: JobEvent[] = await eventsUntil(queue, 'k1');
      if (retry) {
        expect(events.map((event) => event.type)).toEqual(['queued', 'started', 'log', 'requeued', 'started', 'log', 'completed']);
        expect(events[3]).toMatchObject({ type: 'requeued', attempt: 1 });
        expect(events[4]).toMatchObject({ type: 'started', attempt: 2 });
        expect(events.at(-1)).toMatchObject({ type: 'completed', output: [`done by ${survivor?.pid ?? ''}`] });
      } else {
        expect(events.map((event) => event.type)).toEqual(['queued', 'started', 'log', 'failed']);
        expect(events.at(-1)).toMatchObject({ type: 'failed', error: { code: 'WORKER_CRASHED' } });
        expect(await queue.status('k1')).toMatchObject({ state: 'failed', attempts: 1 });
      }
      // The killed worker's own worker processes go with it (they exit when their parent's pipe closes).
      await waitFor(() => orphans.every((orphan) => !isAlive(orphan)), 10_000, "the killed worker's worker processes to exit");
    }, 120_000);
  }
});
