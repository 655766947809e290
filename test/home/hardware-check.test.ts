/** The hardware check's decisions, from fixed needs and machines: verdict, summary and reasons. */
import { describe, expect, it } from 'vitest';
import type { DeviceReport } from '../../main/gpu/device-report.js';
import { checkHardware, workerMemory, type MachineFacts, type ModelNeed } from '../../main/home/hardware-check.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

const cpuOnly: DeviceReport = {
  devices: [],
  providers: [{ name: 'cpu', bundled: true, installed: true, usable: true, reason: 'cpu: a test session ran.' }],
  reasons: ['nvidia-smi: not installed.'],
};

const withCuda = (freeBytes: number): DeviceReport => ({
  devices: [
    {
      id: 'cuda:0',
      vendor: 'nvidia',
      name: 'RTX 4060',
      memoryTotalBytes: 8 * GiB,
      memoryFreeBytes: freeBytes,
      utilization: 0,
      driver: '550',
    },
  ],
  providers: [...cpuOnly.providers, { name: 'cuda', bundled: false, installed: true, usable: true, reason: 'cuda: a test session ran.' }],
  reasons: [],
});

const machine = (overrides: Partial<MachineFacts> = {}): MachineFacts => ({
  cores: 8,
  totalMemoryBytes: 16 * GiB,
  freeMemoryBytes: 12 * GiB,
  devices: cpuOnly,
  ...overrides,
});

const model = (overrides: Partial<ModelNeed> = {}): ModelNeed => ({
  name: 'm',
  device: 'auto',
  replicas: 1,
  bytes: 100 * MiB,
  download: null,
  ...overrides,
});

describe('checkHardware', () => {
  it('says a project without models runs well anywhere', () => {
    const check = checkHardware([], machine({ cores: 1, totalMemoryBytes: GiB, freeMemoryBytes: 10 * MiB }));
    expect(check).toMatchObject({ verdict: 'good', summary: 'Runs well here', reasons: [] });
    expect(check.details[0]).toContain('No model');
  });

  it('says a small model on the CPU runs well, and says where it runs and how much memory it takes', () => {
    const check = checkHardware([model({ name: 'sentiment', bytes: 30 * MiB })], machine());
    expect(check.verdict).toBe('good');
    expect(check.details.join(' ')).toContain('sentiment: runs on the CPU');
    expect(check.details.join(' ')).toContain(`about ${Math.round(workerMemory(30 * MiB) / MiB)} MiB of memory`);
  });

  it('will not run a model that needs more memory than the computer has, naming both amounts', () => {
    const check = checkHardware([model({ bytes: 10 * GiB })], machine({ totalMemoryBytes: 16 * GiB }));
    expect(check.verdict).toBe('no');
    expect(check.summary).toBe('Will not run: it needs about 20.1 GiB of memory and this computer has 16.0 GiB');
  });

  it('may be slow when the memory it needs is more than is free now, replicas counted', () => {
    const check = checkHardware([model({ bytes: 900 * MiB, replicas: 2, device: 'cpu' })], machine({ freeMemoryBytes: 3 * GiB }));
    expect(check.verdict).toBe('slow');
    expect(check.summary).toBe('May be slow: it needs about 3.8 GiB of memory and 3.0 GiB is free now (closing other programs helps)');
  });

  it('will not run a model that asks for a GPU where no GPU provider works', () => {
    const check = checkHardware([model({ name: 'big', device: 'gpu' })], machine());
    expect(check.verdict).toBe('no');
    expect(check.summary).toBe('Will not run: big asks for a GPU (device "gpu") and no GPU execution provider works on this computer');
    expect(check.details.join(' ')).toContain('A GPU was requested');
  });

  it('runs a GPU model on a working CUDA GPU with room, and falls back to the CPU (slow for a large model) without room', () => {
    const fits = checkHardware([model({ name: 'llm', device: 'gpu', bytes: 2 * GiB })], machine({ devices: withCuda(7 * GiB) }));
    expect(fits.verdict).toBe('good');
    expect(fits.details.join(' ')).toContain('llm: runs on CUDA');
    const full = checkHardware([model({ name: 'llm', device: 'auto', bytes: 2 * GiB })], machine({ devices: withCuda(1 * GiB) }));
    expect(full.verdict).toBe('slow');
    expect(full.summary).toBe('May be slow: llm is 2.0 GiB and runs on the CPU here, so each answer takes a while');
    expect(full.details.join(' ')).toContain('the GPU has 1.0 GiB available');
  });

  it('may be slow on first use when a Hub model is not downloaded yet (size unknown until then)', () => {
    const check = checkHardware([model({ name: 't5', bytes: null, download: 'Xenova/t5-small' })], machine());
    expect(check.verdict).toBe('slow');
    expect(check.summary).toBe('May be slow: the first run downloads Xenova/t5-small from Hugging Face (its size is known only then)');
  });

  it('may be slow on a single core, and lists every reason with the worst first', () => {
    const check = checkHardware([model({ device: 'gpu' }), model({ name: 'x', bytes: null, download: 'a/b' })], machine({ cores: 1 }));
    expect(check.verdict).toBe('no');
    expect(check.reasons).toHaveLength(3);
    expect(check.reasons[2]).toBe('this computer has one CPU core, which all models share');
  });
});
