import { describe, expect, it } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import { chooseDevice, type DevicePreference } from '../../main/gpu/choose-device.js';
import type { DeviceReport } from '../../main/gpu/device-report.js';
import { device, GIB, provider, report } from './support.js';

/** The decision table of chooseDevice, and that every answer explains itself. */

const rtx = device({ id: 'cuda:0', name: 'RTX 4090', memoryTotalBytes: 24 * GIB, memoryFreeBytes: 20 * GIB });
const small = device({ id: 'cuda:1', name: 'T400', memoryTotalBytes: 2 * GIB, memoryFreeBytes: 1 * GIB });
const amd = device({ id: 'rocm:0', vendor: 'amd', name: 'RX 7900 XT', memoryTotalBytes: 20 * GIB, memoryFreeBytes: 19 * GIB });

const cudaOk = provider('cuda', true);
const cudaNotInstalled = provider('cuda', false, 'cuda: supported by this onnxruntime build but not installed; install the CUDA provider.');
const webgpuOk = provider('webgpu', true, 'webgpu: a test session ran.');
const webgpuBroken = provider('webgpu', false, 'webgpu: Failed to get a WebGPU adapter: No supported adapters');
const webgpuUnchecked = provider('webgpu', null);
const cpu = provider('cpu', true);

interface Row {
  readonly name: string;
  readonly preference: DevicePreference;
  readonly report: DeviceReport;
  readonly expected: { provider: string; deviceId?: string } | 'UNSUPPORTED';
  readonly reason?: RegExp;
}

const TABLE: Row[] = [
  { name: 'cpu is always cpu', preference: 'cpu', report: report([rtx], [cudaOk, webgpuOk, cpu]), expected: { provider: 'cpu' } },
  {
    name: 'auto: cuda when usable and an NVIDIA GPU exists',
    preference: 'auto',
    report: report([rtx], [cudaOk, webgpuOk, cpu]),
    expected: { provider: 'cuda', deviceId: 'cuda:0' },
    reason: /CUDA on cuda:0 \(RTX 4090, 20\.0 GiB free\)/,
  },
  {
    name: 'auto: the NVIDIA GPU with the most free memory',
    preference: 'auto',
    report: report([small, rtx], [cudaOk, cpu]),
    expected: { provider: 'cuda', deviceId: 'cuda:0' },
  },
  {
    name: 'auto: cuda usable but no NVIDIA GPU → webgpu',
    preference: 'auto',
    report: report([amd], [cudaOk, webgpuOk, cpu]),
    expected: { provider: 'webgpu' },
    reason: /WebGPU/,
  },
  {
    name: 'auto: NVIDIA GPU but cuda not installed → webgpu',
    preference: 'auto',
    report: report([rtx], [cudaNotInstalled, webgpuOk, cpu]),
    expected: { provider: 'webgpu' },
  },
  {
    name: 'auto: nothing usable → cpu with every reason',
    preference: 'auto',
    report: report([rtx], [cudaNotInstalled, webgpuBroken, cpu]),
    expected: { provider: 'cpu' },
    reason: /Using the CPU: .*CUDA: supported .* not installed.*WebGPU: Failed to get a WebGPU adapter/,
  },
  {
    name: 'auto: CPU-only Linux → cpu, reasons without providers the build never has',
    preference: 'auto',
    report: report([], [cudaNotInstalled, webgpuBroken, cpu]),
    expected: { provider: 'cpu' },
    reason:
      /^Using the CPU: no GPU execution provider is usable \(CUDA: no NVIDIA GPU was found; WebGPU: Failed to get a WebGPU adapter: No supported adapters\)\.$/,
  },
  {
    name: 'auto: unchecked webgpu does not count as usable',
    preference: 'auto',
    report: report([], [webgpuUnchecked, cpu]),
    expected: { provider: 'cpu' },
    reason: /WebGPU: not checked yet/,
  },
  {
    name: 'auto: provider missing from the build',
    preference: 'auto',
    report: report([], [cpu]),
    expected: { provider: 'cpu' },
    reason: /CUDA: not in this onnxruntime build/,
  },
  {
    name: 'auto: dml after webgpu',
    preference: 'auto',
    report: report([], [webgpuBroken, provider('dml', true), cpu]),
    expected: { provider: 'dml' },
  },
  { name: 'auto: coreml last', preference: 'auto', report: report([], [provider('coreml', true), cpu]), expected: { provider: 'coreml' } },
  {
    name: 'gpu: cuda when usable',
    preference: 'gpu',
    report: report([rtx], [cudaOk, cpu]),
    expected: { provider: 'cuda', deviceId: 'cuda:0' },
  },
  { name: 'gpu: webgpu when usable', preference: 'gpu', report: report([], [webgpuOk, cpu]), expected: { provider: 'webgpu' } },
  {
    name: 'gpu: nothing usable → UNSUPPORTED',
    preference: 'gpu',
    report: report([rtx], [cudaNotInstalled, webgpuBroken, cpu]),
    expected: 'UNSUPPORTED',
  },
  { name: 'gpu: CPU-only machine → UNSUPPORTED', preference: 'gpu', report: report([], [webgpuUnchecked, cpu]), expected: 'UNSUPPORTED' },
];

describe('chooseDevice decision table', () => {
  it.each(TABLE)('$name', ({ preference, report: input, expected, reason }) => {
    if (expected === 'UNSUPPORTED') {
      expect(() => chooseDevice(preference, input)).toThrow(AppError);
      try {
        chooseDevice(preference, input);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('UNSUPPORTED');
        expect((error as AppError).message).toMatch(/install/i);
      }
      return;
    }
    const choice = chooseDevice(preference, input);
    expect({ provider: choice.provider, ...(choice.deviceId ? { deviceId: choice.deviceId } : {}) }).toEqual(expected);
    expect(choice.reason.length).toBeGreaterThan(10);
    if (reason) expect(choice.reason).toMatch(reason);
  });
});

describe('chooseDevice with model needs', () => {
  it('skips a GPU without enough free memory', () => {
    const choice = chooseDevice('auto', report([small], [cudaOk, cpu]), { memoryBytes: 4 * GIB });
    expect(choice.provider).toBe('cpu');
    expect(choice.reason).toMatch(/needs about 4\.0 GiB but the GPU has 1\.0 GiB available/);
  });

  it('skips providers the model does not support', () => {
    const choice = chooseDevice('auto', report([rtx], [cudaOk, webgpuOk, cpu]), { providers: ['webgpu'] });
    expect(choice.provider).toBe('webgpu');
  });

  it('accepts when memory is unknown (no figure is not a "no")', () => {
    const unknown = device({ id: 'cuda:0' });
    expect(chooseDevice('auto', report([unknown], [cudaOk, cpu]), { memoryBytes: 100 * GIB }).provider).toBe('cuda');
  });

  it('the UNSUPPORTED message names the CUDA install when an NVIDIA GPU is present', () => {
    expect(() => chooseDevice('gpu', report([rtx], [cudaNotInstalled, webgpuBroken, cpu]))).toThrow(/onnxruntime-node-install=cuda12/);
  });
});
