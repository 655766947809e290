import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { createExecFileRunner } from '../../main/gpu/command-runner.js';
import { GpuMemoryMonitor } from '../../main/gpu/gpu-memory-monitor.js';
import { loadProject } from '../../main/project/load.js';
import { TINY_DIR } from '../runtimes/support.js';
import { GIB, tempDir, writeExecutable } from './support.js';

/**
 * GPU-memory-aware admission in a real engine (real workers, real JS functions, the real tiny
 * sentiment model) on a machine without a GPU: a fake `nvidia-smi` first on PATH reports an 8 GiB
 * GPU whose used memory is 512 MiB (the "model") + OTHER (another app, set by the test) + 3 GiB per
 * running `gpuWork` job (the JS function counts itself in a file the fake reads). The model
 * lookup says the model runs on cuda:0. POSIX shells only.
 */

const posix = process.platform !== 'win32';

const MODULE = (dir: string): string => `
import { renameSync, writeFileSync } from 'node:fs';
const dir = ${JSON.stringify(dir)};
const lanes = { gpu: { running: 0, peak: 0 }, cpu: { running: 0, peak: 0 } };
function save() {
  const text = 'RUNNING=' + lanes.gpu.running + '\\nPEAK=' + lanes.gpu.peak + '\\nCPU_PEAK=' + lanes.cpu.peak + '\\n';
  writeFileSync(dir + '/jobs.tmp', text);
  renameSync(dir + '/jobs.tmp', dir + '/jobs');
}
async function hold(lane, ms, signal) {
  const state = lanes[lane];
  state.running++;
  state.peak = Math.max(state.peak, state.running);
  save();
  try {
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); });
    });
  } finally {
    state.running--;
    save();
  }
}
export async function gpuWork([ms], ctx) { await hold('gpu', ms, ctx.signal); return 'I love this great movie'; }
export async function cpuWork([ms], ctx) { await hold('cpu', ms, ctx.signal); return 'ok'; }
`;

const FAKE_NVIDIA_SMI = (dir: string): string => `RUNNING=0
OTHER=0
[ -f '${dir}/jobs' ] && . '${dir}/jobs'
[ -f '${dir}/other' ] && . '${dir}/other'
echo call >> '${dir}/calls'
USED=$((512 + OTHER + RUNNING * 3072))
echo "0, NVIDIA Fake GPU, GPU-fake-0, 8192, $USED, $((8192 - USED)), 10, 550.54"`;

describe.runIf(posix)('GPU-memory-aware admission (engine + fake nvidia-smi)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let savedPath: string | undefined;
  let engine: Engine | undefined;
  let monitor: GpuMemoryMonitor;

  beforeAll(async () => {
    dir = await tempDir('admission');
    await writeFile(join(dir.path, 'fns.js'), MODULE(dir.path));
    await writeExecutable(dir.path, 'nvidia-smi', FAKE_NVIDIA_SMI(dir.path));
    savedPath = process.env.PATH;
    process.env.PATH = `${dir.path}${delimiter}${savedPath ?? ''}`;
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await dir.remove();
  });
  beforeEach(async () => {
    await writeState('jobs', 'RUNNING=0\nPEAK=0\nCPU_PEAK=0\n');
    await setOtherMib(0);
  });
  afterEach(async () => {
    await engine?.dispose();
    engine = undefined;
  });

  async function writeState(name: string, text: string): Promise<void> {
    await writeFile(join(dir.path, `${name}.tmp`), text);
    await rename(join(dir.path, `${name}.tmp`), join(dir.path, name));
  }

  const setOtherMib = (mib: number): Promise<void> => writeState('other', `OTHER=${mib}\n`);

  function jobs(): { peak: number; cpuPeak: number } {
    const text = readFileSync(join(dir.path, 'jobs'), 'utf8');
    const value = (name: string): number => Number(new RegExp(`^${name}=(\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
    return { peak: value('PEAK'), cpuPeak: value('CPU_PEAK') };
  }

  const calls = (): number => readFileSync(join(dir.path, 'calls'), 'utf8').split('\n').length;

  async function start(): Promise<Engine> {
    const path = join(dir.path, 'project.json');
    const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });
    const project = {
      version: 1,
      name: 'gpu-admission',
      models: { m: { runtime: 'transformers', task: 'text-classification', source: { path: join(TINY_DIR, 'sentiment') } } },
      functions: {
        gpuWork: js('gpuWork'),
        cpuWork: js('cpuWork'),
        classify: { kind: 'model', model: 'm' },
        onGpu: { kind: 'chain', functions: ['gpuWork', 'classify'] },
      },
      ui: {
        type: 'blocks',
        children: [
          { type: 'number', id: 'ms' },
          { type: 'label', id: 'label' },
          { type: 'textbox', id: 'text' },
        ],
        events: [
          { trigger: 'ms.submit', fn: 'onGpu', inputs: ['ms'], outputs: ['label'], concurrencyLimit: null },
          { trigger: 'ms.submit', fn: 'cpuWork', inputs: ['ms'], outputs: ['text'], concurrencyLimit: null },
        ],
      },
    };
    await writeFile(path, JSON.stringify(project));
    monitor = new GpuMemoryMonitor({ runner: createExecFileRunner(), pollIntervalMs: 20, settleMs: 400 });
    engine = await createEngine({
      loaded: await loadProject(path),
      environment: { offline: true, cacheDir: join(dir.path, 'cache') },
      gpu: { deviceOf: (model) => (model === 'm' ? 'cuda:0' : undefined), monitor },
    });
    return engine;
  }

  const gpu = (ms: number) => ({ eventIndex: 0, inputs: [ms], signal: new AbortController().signal });
  const cpu = (ms: number) => ({ eventIndex: 1, inputs: [ms], signal: new AbortController().signal });

  /** One run alone: the monitor learns 3 GiB per run once the GPU is idle again. */
  async function warmUp(running: Engine): Promise<void> {
    await running.run(gpu(200));
    await waitUntil(() => monitor.estimateBytes('cuda:0', 'onGpu') !== undefined);
    expect(monitor.estimateBytes('cuda:0', 'onGpu')).toBe(3 * GIB);
    await writeState('jobs', 'RUNNING=0\nPEAK=0\nCPU_PEAK=0\n');
  }

  it('admits 2 runs of 3 GiB at once on an 8 GiB GPU, not 3; stops polling when disposed', async () => {
    const running = await start();
    await warmUp(running);
    const results = await Promise.all([running.run(gpu(1_500)), running.run(gpu(1_500)), running.run(gpu(1_500))]);
    expect(results).toHaveLength(3);
    expect(results[0]).toEqual([expect.objectContaining({ label: 'POSITIVE' })]);
    expect(jobs().peak).toBe(2);

    await running.dispose();
    engine = undefined;
    await waitUntil(() => !monitor.polling);
    const after = calls();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls()).toBe(after);
  });

  it('admits more when free memory grows (another app exits)', async () => {
    const running = await start();
    await setOtherMib(4096); // another app holds 4 GiB: one run leaves 8 − 0.5 − 4 − 3 = 0.5 GiB
    await warmUp(running);
    const results = Promise.all([running.run(gpu(2_500)), running.run(gpu(2_500))]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(running.queueStatus()).toEqual({ queued: 1, running: 1 });
    expect(jobs().peak).toBe(1);
    await setOtherMib(0); // 4.5 GiB free now
    await waitUntil(() => jobs().peak === 2, 1_500);
    await results;
    // The app's memory was never charged to the runs.
    await waitUntil(() => !monitor.polling);
    expect(monitor.estimateBytes('cuda:0', 'onGpu')).toBe(3 * GIB);
  });

  it('a run that alone does not fit still runs (one at a time)', async () => {
    const running = await start();
    await warmUp(running);
    await setOtherMib(6144); // 1.5 GiB free: less than one run needs
    await expect(Promise.all([running.run(gpu(300)), running.run(gpu(300))])).resolves.toHaveLength(2);
    expect(jobs().peak).toBe(1);
  });

  it('never limits an event that does not run on the GPU', async () => {
    const running = await start();
    await warmUp(running);
    await setOtherMib(7000); // the GPU is full
    await Promise.all([running.run(cpu(600)), running.run(cpu(600)), running.run(cpu(600))]);
    expect(jobs().cpuPeak).toBe(3);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
