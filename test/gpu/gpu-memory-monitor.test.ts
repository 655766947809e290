import { describe, expect, it } from 'vitest';
import { GpuMemoryMonitor, type GpuMemoryMonitorOptions } from '../../main/gpu/gpu-memory-monitor.js';
import { MemoryLearner } from '../../main/gpu/memory-learner.js';
import { NVIDIA_SMI_ARGS } from '../../main/gpu/nvidia-smi.js';
import { GIB, ok, scriptedRunner } from './support.js';

/**
 * GpuMemoryMonitor with a scripted nvidia-smi whose used memory the test sets, and a hand-moved
 * clock: readings are taken only when the monitor kicks one or the test calls refresh().
 */

interface FakeGpu {
  totalMib: number;
  usedMib: number;
}

function csv(gpus: readonly FakeGpu[]): string {
  return gpus
    .map((gpu, i) => `${i}, Fake GPU, GPU-${i}, ${gpu.totalMib}, ${gpu.usedMib}, ${gpu.totalMib - gpu.usedMib}, 10, 550.54`)
    .join('\n');
}

function setup(options: Partial<GpuMemoryMonitorOptions> = {}) {
  const gpus: FakeGpu[] = [{ totalMib: 8192, usedMib: 512 }];
  const clock = { t: 0 };
  const runner = scriptedRunner({ 'nvidia-smi': () => Promise.resolve(ok(csv(gpus))) });
  const changes: number[] = [];
  const monitor = new GpuMemoryMonitor({
    runner,
    pollIntervalMs: 3_600_000,
    settleMs: 100,
    staleMs: 1_000,
    now: () => clock.t,
    ...options,
  });
  monitor.onChange(() => changes.push(clock.t));
  return { gpus, clock, runner, monitor, changes };
}

/** One 3 GiB run measured against a 512 MiB idle baseline (the first busy period waits for it). */
async function learn(fake: ReturnType<typeof setup>): Promise<void> {
  const { gpus, clock, monitor } = fake;
  gpus[0] = { totalMib: 8192, usedMib: 512 + 3072 };
  const end = monitor.begin('cuda:0', 'e');
  await monitor.refresh();
  expect(monitor.estimateBytes('cuda:0', 'e')).toBeUndefined();
  clock.t += 200;
  gpus[0] = { totalMib: 8192, usedMib: 512 };
  end();
  await monitor.refresh();
  expect(monitor.estimateBytes('cuda:0', 'e')).toBe(3 * GIB);
}

describe('MemoryLearner', () => {
  it('estimates (used − idle baseline) / runs once the busy period ends, and keeps the peak', () => {
    const learner = new MemoryLearner();
    expect(learner.observe(6 * GIB, ['a', 'a'])).toBe(false); // kept until the device is idle again
    expect(learner.observe(5 * GIB, ['a', 'a'])).toBe(false);
    expect(learner.observe(1 * GIB, [])).toBe(true);
    expect(learner.idleBytes).toBe(GIB);
    expect(learner.estimate('a')).toBe(2.5 * GIB);
    learner.observe(2 * GIB, ['a']); // lower than the peak
    expect(learner.observe(0.5 * GIB, [])).toBe(false);
    learner.observe(7 * GIB, ['a', 'b']);
    expect(learner.observe(1 * GIB, [])).toBe(true);
    expect([learner.estimate('a'), learner.estimate('b')]).toEqual([3 * GIB, 3 * GIB]);
    expect(learner.estimate('c')).toBeUndefined();
  });

  it('does not charge the runs for memory another app took during the period and still holds', () => {
    const learner = new MemoryLearner();
    learner.observe(1 * GIB, []);
    learner.observe(1 * GIB + 4 * GIB + 3 * GIB, ['a']); // another app took 4 GiB meanwhile
    expect(learner.observe(5 * GIB, [])).toBe(true);
    expect(learner.estimate('a')).toBe(3 * GIB);
    // ... and the app leaving during a period does not lower the figure or teach a wrong one.
    learner.observe(5 * GIB + 2 * GIB, ['a']);
    learner.observe(1 * GIB + 3 * GIB, ['a']);
    expect(learner.observe(1 * GIB, [])).toBe(false);
    expect(learner.estimate('a')).toBe(3 * GIB);
  });
});

describe('GpuMemoryMonitor', () => {
  it('queries nvidia-smi with the probe arguments and maps runtime devices to nvidia-smi ids', async () => {
    const { monitor, runner, gpus } = setup();
    expect([monitor.deviceFor('cuda'), monitor.deviceFor('cuda:1'), monitor.deviceFor('cpu')]).toEqual(['cuda:0', 'cuda:1', null]);
    // WebGPU: unknown until nvidia-smi answered (the lookup asks for a reading), then the only NVIDIA GPU.
    expect(monitor.deviceFor('webgpu')).toBeNull();
    await monitor.refresh();
    expect(monitor.deviceFor('webgpu')).toBe('cuda:0');
    expect(runner.calls[0]).toEqual({ file: 'nvidia-smi', args: NVIDIA_SMI_ARGS });
    gpus.push({ totalMib: 8192, usedMib: 0 });
    await monitor.refresh();
    expect(monitor.deviceFor('webgpu')).toBeNull(); // two GPUs: which one Dawn picked is unknown
    monitor.dispose();
  });

  it('admits a second 3 GiB run on 8 GiB but not a third', async () => {
    const fake = setup();
    const { gpus, clock, monitor } = fake;
    await learn(fake);
    clock.t = 1_000;
    gpus[0] = { totalMib: 8192, usedMib: 512 + 3072 };
    monitor.begin('cuda:0', 'e');
    clock.t = 1_200;
    await monitor.refresh();
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(true); // 4.5 GiB free ≥ 0.5 reserve + 1.2 × 3
    gpus[0] = { totalMib: 8192, usedMib: 512 + 2 * 3072 };
    monitor.begin('cuda:0', 'e');
    // The last reading predates the second run: its estimate is taken off the reading's free memory.
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(false);
    clock.t = 1_400;
    await monitor.refresh();
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(false); // 1.5 GiB free
    expect(monitor.canAdmit('cuda:0', 'never-measured')).toBe(true);
    expect(monitor.canAdmit('cuda:7', 'e')).toBe(true);
    monitor.dispose();
  });

  it('does not decide on a reading older than the busy period: it asks for one and signals when it is in', async () => {
    const fake = setup();
    const { gpus, clock, monitor, changes } = fake;
    await learn(fake);
    clock.t = 5_000;
    gpus[0] = { totalMib: 8192, usedMib: 512 + 3072 };
    monitor.begin('cuda:0', 'e'); // starts a reading
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(false);
    const seen = changes.length;
    clock.t = 5_200;
    await monitor.refresh();
    expect(changes.length).toBeGreaterThan(seen);
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(true);
    monitor.dispose();
  });

  it('an idle device needs a reading younger than staleMs', async () => {
    const fake = setup();
    const { clock, monitor, runner } = fake;
    await learn(fake);
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(true);
    clock.t += 5_000;
    const calls = runner.calls.length;
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(false);
    expect(runner.calls.length).toBe(calls + 1);
    await monitor.refresh();
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(true);
    monitor.dispose();
  });

  it('polls only while runs are in flight, and not at all after dispose()', async () => {
    const { monitor, runner } = setup({ pollIntervalMs: 5, now: () => performance.now() });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runner.calls).toHaveLength(0);
    expect(monitor.polling).toBe(false);
    const end = monitor.begin('cuda:0', 'e');
    await waitUntil(() => runner.calls.length >= 4);
    end();
    await waitUntil(() => !monitor.polling);
    const afterIdle = runner.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runner.calls.length).toBe(afterIdle);
    monitor.begin('cuda:0', 'e');
    await waitUntil(() => runner.calls.length > afterIdle + 1);
    monitor.dispose();
    await waitUntil(() => !monitor.polling);
    const afterDispose = runner.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runner.calls.length).toBe(afterDispose);
  });

  it('backs off while nvidia-smi lists nothing, and never limits what it cannot measure', async () => {
    const runner = scriptedRunner({});
    const monitor = new GpuMemoryMonitor({ runner, pollIntervalMs: 5 });
    monitor.begin('cuda:0', 'e');
    await new Promise((resolve) => setTimeout(resolve, 120));
    // 5, 10, 20, 40 ms ... : a handful of calls, not 24.
    expect(runner.calls.length).toBeLessThanOrEqual(6);
    expect(monitor.canAdmit('cuda:0', 'e')).toBe(true);
    monitor.dispose();
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
