import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { createLogger } from '../../main/common/logger.js';
import { WorkerHost, type WorkerHostOptions } from '../../main/runtimes/worker-host.js';
import type { WorkerStateKind } from '../../main/runtimes/worker-state.js';
import { isAlive, tempDir, waitFor, writeModule } from './support.js';

/** Crashes, kills after an ignored cancel, restarts and cleanup, with real child processes. */

const MODULE = `
export async function wait(inputs, ctx) {
  ctx.progress(0);
  await new Promise((resolve) => setTimeout(resolve, inputs[0]));
  return 'waited ' + inputs[0];
}
export function spin(inputs, ctx) {
  ctx.progress(0);
  const end = Date.now() + 60_000;
  while (Date.now() < end) {} // ignores ctx.signal and never yields
  return 'spun';
}
export function pid() { return process.pid; }
export function exit(inputs) { process.exit(inputs[0]); }
export function hog() {
  const keep = [];
  for (;;) keep.push(new Array(1e5).fill(Math.random()));
}
`;

describe('WorkerHost supervision', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let modulePath: string;
  const hosts: WorkerHost[] = [];
  const signal = new AbortController().signal;

  function makeHost(options: Partial<WorkerHostOptions> = {}): { host: WorkerHost; states: WorkerStateKind[]; pids: number[] } {
    const states: WorkerStateKind[] = [];
    const pids: number[] = [];
    const host = new WorkerHost({
      spec: { kind: 'js', name: 'supervised.mjs', modulePath, models: [] },
      restartPolicy: { initialDelayMs: 10 },
      ...options,
      onStateChange: (state) => {
        states.push(state.kind);
        if (state.kind === 'starting') pids.push(state.pid);
      },
    });
    hosts.push(host);
    return { host, states, pids };
  }

  beforeAll(async () => {
    dir = await tempDir('host');
    modulePath = await writeModule(dir.path, 'supervised.mjs', MODULE);
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.dispose()));
    await dir.remove();
  });

  it('a worker killed mid-request fails only its in-flight jobs; the next job runs on a restarted worker', async () => {
    const { host, states } = makeHost();
    const { host: neighbour } = makeHost();
    await Promise.all([host.load({ signal }), neighbour.load({ signal })]);
    const firstPid = host.pid as number;

    let running = 0;
    const onProgress = (): void => {
      running++;
    };
    const a = host.infer({ export: 'wait', inputs: [5_000] }, { signal, onProgress });
    const b = host.infer({ export: 'wait', inputs: [5_000] }, { signal, onProgress });
    const other = neighbour.infer({ export: 'wait', inputs: [300] }, { signal });
    await waitFor(() => running === 2, 5_000, 'both jobs to start');
    process.kill(firstPid, 'SIGKILL');

    for (const job of [a, b]) {
      await expect(job).rejects.toMatchObject({
        code: 'WORKER_CRASHED',
        message: expect.stringMatching(/supervised\.mjs.*SIGKILL/) as unknown,
      });
    }
    await expect(other).resolves.toBe('waited 300');
    await expect(host.infer({ export: 'pid', inputs: [] }, { signal })).resolves.not.toBe(firstPid);
    expect(host.pid).not.toBe(firstPid);
    expect(states).toEqual(expect.arrayContaining(['busy', 'crashed', 'restarting', 'starting', 'ready']));
  });

  it('a job that ignores its AbortSignal is killed after the grace period and the worker is replaced', async () => {
    const { host } = makeHost({ cancelGraceMs: 300 });
    await host.load({ signal });
    const spinningPid = host.pid as number;
    const controller = new AbortController();
    const started = Date.now();
    const job = host.infer({ export: 'spin', inputs: [] }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(job).rejects.toSatisfy(isCancelled);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect(elapsed).toBeLessThan(5_000);
    // The busy process is gone (its CPU freed) by the time the job has rejected.
    expect(isAlive(spinningPid)).toBe(false);
    await expect(host.infer({ export: 'wait', inputs: [1] }, { signal })).resolves.toBe('waited 1');
    expect(host.pid).not.toBe(spinningPid);
  });

  it('a job cancelled while queued never reaches the worker', async () => {
    const { host } = makeHost();
    const controller = new AbortController();
    const job = host.infer({ export: 'wait', inputs: [1] }, { signal: controller.signal }); // lazy load starts
    controller.abort();
    await expect(job).rejects.toSatisfy(isCancelled);
    expect(host.activeJobs).toBe(0);
  });

  it('pauses after maxCrashes within the window: calls fail at once saying how often and until when, the log says the same, and it starts again by itself', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'info', (line) => lines.push(line));
    const { host, states } = makeHost({ logger, restartPolicy: { maxCrashes: 2, initialDelayMs: 10, windowMs: 60_000, pauseMs: 1_500 } });
    await host.load({ signal });
    await expect(host.infer({ export: 'exit', inputs: [3] }, { signal })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringMatching(
        /crashed \(exit code 3\); it is being restarted in 10 ms \(crash 1 within 60 s; at 2 it pauses for 1\.5 s\)/,
      ) as unknown,
    });
    await waitFor(() => host.state.kind === 'ready', 20_000, 'the restart');
    const crash = host.infer({ export: 'exit', inputs: [4] }, { signal });
    const pausedText =
      /JS module "supervised\.mjs" is crashing: it crashed 2 times within 60 s \(last: exit code 4\)\. It is paused, and calls fail at once until it starts again at \d\d:\d\d:\d\d \(in 2 s\)/;
    await expect(crash).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringMatching(pausedText) as unknown });
    expect(host.state.kind).toBe('paused');
    // While paused a call fails at once, with the same facts (a code the API always shows).
    await expect(host.infer({ export: 'pid', inputs: [] }, { signal })).rejects.toMatchObject({
      code: 'WORKER_PAUSED',
      message: expect.stringMatching(
        /is crashing: it crashed 2 times within 60 s \(last: exit code 4\)\. It is paused.*\(in [12] s\)/,
      ) as unknown,
    });
    // The log said it when it happened, in the same words, and never that it would not come back.
    expect(lines.some((line) => pausedText.test(line))).toBe(true);
    expect(lines.join('\n')).not.toMatch(/will not be restarted/);
    // Then it starts again by itself, and says so.
    await waitFor(() => host.state.kind === 'ready', 20_000, 'the end of the pause');
    await expect(host.infer({ export: 'wait', inputs: [1] }, { signal })).resolves.toBe('waited 1');
    expect(lines.some((line) => /starts again now \(\d\d:\d\d:\d\d\) after its pause \(2 crashes within 60 s\)/.test(line))).toBe(true);
    expect(lines.some((line) => /is running again after its pause/.test(line))).toBe(true);
    expect(states).toEqual(expect.arrayContaining(['crashed', 'paused', 'starting', 'ready']));
  });

  it('an explicit load ends a pause at once', async () => {
    const { host } = makeHost({ restartPolicy: { maxCrashes: 1, initialDelayMs: 10, windowMs: 60_000, pauseMs: 600_000 } });
    await host.load({ signal });
    await expect(host.infer({ export: 'exit', inputs: [3] }, { signal })).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(host.state.kind).toBe('paused');
    await host.load({ signal });
    await expect(host.infer({ export: 'wait', inputs: [1] }, { signal })).resolves.toBe('waited 1');
  });

  it('an out-of-memory crash names the model, the exit and the reason', async () => {
    const { host } = makeHost({ memoryLimitMb: 128 });
    await host.load({ signal });
    await expect(host.infer({ export: 'hog', inputs: [] }, { signal })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringMatching(/supervised\.mjs.*(exit code 134|SIGABRT).*heap out of memory/) as unknown,
    });
    await expect(host.infer({ export: 'wait', inputs: [1] }, { signal })).resolves.toBe('waited 1');
  });

  it('kills a process that does not start in time and reports why', async () => {
    const { host, pids } = makeHost({ startTimeoutMs: 1 });
    await expect(host.load({ signal })).rejects.toMatchObject({
      code: 'WORKER_CRASHED',
      message: expect.stringContaining('did not start within') as unknown,
    });
    expect(host.state.kind).toBe('idle');
    expect(isAlive(pids[0])).toBe(false);
  });

  it('dispose leaves no child processes and rejects later calls', async () => {
    const { host, pids } = makeHost();
    await host.load({ signal });
    const pending = expect(host.infer({ export: 'wait', inputs: [10_000] }, { signal })).rejects.toSatisfy(isCancelled);
    await host.dispose();
    await pending;
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(host.state.kind).toBe('stopped');
    await expect(host.infer({ export: 'pid', inputs: [] }, { signal })).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('unload stops the process; the next call loads again lazily', async () => {
    const { host, pids } = makeHost();
    await expect(host.infer({ export: 'pid', inputs: [] }, { signal })).resolves.toBe(pids[0]);
    await host.unload();
    expect(host.state.kind).toBe('idle');
    expect(isAlive(pids[0])).toBe(false);
    await expect(host.infer({ export: 'pid', inputs: [] }, { signal })).resolves.toBe(pids[1]);
  });
});
