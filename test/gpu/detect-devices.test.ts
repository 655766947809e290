import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { detectDevices } from '../../main/gpu/detect-devices.js';
import { deviceReport } from '../../main/gpu/device-report.js';
import { passiveProviderStatuses, type SupportedBackend } from '../../main/gpu/ort-backends.js';
import { fixture, GIB, ok, scriptedRunner } from './support.js';

/** detectDevices with a scripted runner per platform, and the real onnxruntime backend list. */

const LINUX_BACKENDS: SupportedBackend[] = [
  { name: 'cpu', bundled: true },
  { name: 'webgpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];
const noLibraries = (): boolean => false;

describe('detectDevices', () => {
  it('linux: runs nvidia-smi and rocm-smi, merges devices, lists providers', async () => {
    const runner = scriptedRunner({ 'nvidia-smi': ok(fixture('nvidia-smi-single.txt')), 'rocm-smi': ok(fixture('rocm-smi-single.txt')) });
    const report = await detectDevices({ runner, platform: 'linux', listBackends: () => LINUX_BACKENDS, libraryExists: noLibraries });
    expect(runner.calls.map((call) => call.file).sort()).toEqual(['nvidia-smi', 'rocm-smi']);
    expect(report.devices.map((entry) => entry.id)).toEqual(['cuda:0', 'rocm:0']);
    expect(report.reasons).toEqual([]);
    expect(report.providers.map((status) => [status.name, status.installed, status.usable])).toEqual([
      ['cpu', true, null],
      ['webgpu', true, null],
      ['cuda', false, false],
      ['tensorrt', false, false],
    ]);
    expect(report.providers[2]?.reason).toContain('--onnxruntime-node-install=cuda12');
    expect(deviceReport.safeParse(report).success).toBe(true);
  });

  it('linux without any tool: no devices, one reason per tool', async () => {
    const report = await detectDevices({ runner: scriptedRunner({}), platform: 'linux', listBackends: () => LINUX_BACKENDS });
    expect(report.devices).toEqual([]);
    expect(report.reasons).toEqual([
      expect.stringMatching(/^nvidia-smi: nvidia-smi is not installed/),
      expect.stringMatching(/^rocm-smi: rocm-smi is not installed/),
    ]);
  });

  it('win32: drops the CIM entry of a GPU that nvidia-smi already reported', async () => {
    const runner = scriptedRunner({
      'nvidia-smi': ok(fixture('nvidia-smi-single.txt')),
      powershell: ok(
        '[{"Name":"NVIDIA GeForce RTX 4090","AdapterRAM":4293918720,"DriverVersion":"32.0.15.5054"},{"Name":"Intel(R) UHD Graphics 770","AdapterRAM":2147483648,"DriverVersion":"31.0.101.4502"}]',
      ),
    });
    const report = await detectDevices({
      runner,
      platform: 'win32',
      listBackends: () => [
        { name: 'cpu', bundled: true },
        { name: 'dml', bundled: true },
        { name: 'webgpu', bundled: true },
      ],
    });
    expect(report.devices.map((entry) => [entry.id, entry.vendor])).toEqual([
      ['cuda:0', 'nvidia'],
      ['display:1', 'intel'],
    ]);
    expect(runner.calls.find((call) => call.file === 'powershell')?.args).toContain('-NoProfile');
  });

  it('darwin: sysctl + system_profiler', async () => {
    const runner = scriptedRunner({ sysctl: ok('Apple M3 Pro\n'), system_profiler: ok(fixture('apple-m3-pro.txt')) });
    const report = await detectDevices({
      runner,
      platform: 'darwin',
      listBackends: () => [
        { name: 'cpu', bundled: true },
        { name: 'coreml', bundled: true },
        { name: 'webgpu', bundled: true },
      ],
    });
    expect(report.devices).toEqual([expect.objectContaining({ id: 'metal:0', vendor: 'apple', name: 'Apple M3 Pro' })]);
    expect(report.devices[0]?.memoryTotalBytes).toBeGreaterThan(0);
  });

  it('a broken provider list becomes a reason, not a failure', async () => {
    const report = await detectDevices({
      runner: scriptedRunner({}),
      platform: 'linux',
      listBackends: () => {
        throw new Error('binding not found');
      },
    });
    expect(report.providers).toEqual([]);
    expect(report.reasons).toContain('onnxruntime-node: could not list its execution providers (binding not found).');
  });

  it('runs active checks only for installed providers, in order', async () => {
    const checked: string[] = [];
    const report = await detectDevices({
      runner: scriptedRunner({}),
      platform: 'linux',
      listBackends: () => LINUX_BACKENDS,
      libraryExists: noLibraries,
      activeCheck: true,
      checkProvider: (name) => {
        checked.push(name);
        return Promise.resolve(
          name === 'cpu'
            ? { usable: true, reason: 'cpu: a test session ran.', elapsedMs: 1 }
            : { usable: false, reason: `${name}: Failed to get a WebGPU adapter: No supported adapters`, elapsedMs: 1 },
        );
      },
    });
    expect(checked).toEqual(['cpu', 'webgpu']);
    expect(report.providers.map((status) => [status.name, status.usable])).toEqual([
      ['cpu', true],
      ['webgpu', false],
      ['cuda', false],
      ['tensorrt', false],
    ]);
  });

  it('drops malformed devices from a custom probe with a reason', async () => {
    const report = await detectDevices({
      probes: [
        {
          name: 'custom',
          detect: () =>
            Promise.resolve({
              devices: [
                { id: 'x:0', vendor: 'other', name: 'Bad', memoryTotalBytes: -1, memoryFreeBytes: null, utilization: null, driver: null },
                { id: 'x:1', vendor: 'other', name: 'Good', memoryTotalBytes: GIB, memoryFreeBytes: null, utilization: null, driver: null },
              ],
              reasons: [],
            }),
        },
      ],
      listBackends: () => [],
    });
    expect(report.devices.map((entry) => entry.id)).toEqual(['x:1']);
    expect(report.reasons[0]).toContain('x:0');
  });

  it('rejects with CancelledError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const error: unknown = await detectDevices({ signal: controller.signal, runner: scriptedRunner({}) }).catch(
      (caught: unknown) => caught,
    );
    expect(isCancelled(error)).toBe(true);
  });

  it('notices installed CUDA libraries next to the binding', () => {
    const statuses = passiveProviderStatuses(LINUX_BACKENDS, {
      platform: 'linux',
      libraryExists: (file) => file === 'libonnxruntime_providers_cuda.so',
    });
    expect(statuses.find((status) => status.name === 'cuda')).toMatchObject({ installed: true, usable: null });
    expect(statuses.find((status) => status.name === 'tensorrt')).toMatchObject({ installed: false, usable: false });
  });
});

describe('the real onnxruntime-node on this machine', () => {
  it('lists cpu among the providers and gives a well-formed report', async () => {
    const report = await detectDevices({ runner: scriptedRunner({}), platform: 'linux' });
    expect(deviceReport.safeParse(report).success).toBe(true);
    const cpu = report.providers.find((status) => status.name === 'cpu');
    expect(cpu).toMatchObject({ bundled: true, installed: true });
    // onnxruntime-node 1.30 bundles WebGPU on every desktop platform.
    expect(report.providers.map((status) => status.name)).toContain('webgpu');
  });
});
