import { readdir, readFile } from 'node:fs/promises';
import { createExecFileRunner } from '../gpu/command-runner.js';
import type { DeviceProbe } from '../gpu/device-probe.js';
import { defaultProbes } from '../gpu/detect-devices.js';
import type { DetectedDevice } from '../gpu/device-report.js';
import type { MetricsPoint } from '../../preload/shared/metrics/metrics-api.js';

/** What the process looked like at one sample; null where this platform or machine cannot tell. */
export type ProcessFigures = Pick<
  MetricsPoint,
  'rssBytes' | 'heapBytes' | 'workersRssBytes' | 'gpuMemoryUsedBytes' | 'gpuMemoryTotalBytes' | 'gpuUtilization'
>;

export type ProcessProbe = (signal: AbortSignal) => Promise<ProcessFigures>;

/**
 * The server's children's resident memory (the model workers are its child processes), from
 * /proc on Linux: `/proc/self/task/<tid>/children` lists them without spawning anything. Null
 * elsewhere: no per-child reading there costs less than a process of its own per sample.
 */
async function childrenRss(): Promise<number | null> {
  if (process.platform !== 'linux') return null;
  try {
    const tasks = await readdir('/proc/self/task');
    const lists = await Promise.all(tasks.map((tid) => readFile(`/proc/self/task/${tid}/children`, 'utf8').catch(() => '')));
    const pids = lists.join(' ').split(/\s+/).filter(Boolean);
    const sizes = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')));
    return sizes.reduce((total, status) => total + Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0) * 1024, 0);
  } catch {
    return null;
  }
}

interface GpuFigures {
  readonly used: number | null;
  readonly total: number | null;
  readonly utilization: number | null;
}

const NO_GPU: GpuFigures = { used: null, total: null, utilization: null };

/** Sums the devices whose vendor tool reports memory; utilization is their mean. */
export function gpuFigures(devices: readonly DetectedDevice[]): GpuFigures {
  const known = devices.flatMap((d) =>
    d.memoryTotalBytes !== null && d.memoryFreeBytes !== null ? [{ total: d.memoryTotalBytes, free: d.memoryFreeBytes }] : [],
  );
  const busy = devices.map((d) => d.utilization).filter((u): u is number => u !== null);
  if (known.length === 0 && busy.length === 0) return NO_GPU;
  return {
    used: known.length === 0 ? null : known.reduce((sum, d) => sum + d.total - d.free, 0),
    total: known.length === 0 ? null : known.reduce((sum, d) => sum + d.total, 0),
    utilization: busy.length === 0 ? null : busy.reduce((a, b) => a + b, 0) / busy.length,
  };
}

/**
 * The GPU probes of main/gpu (nvidia-smi, rocm-smi, ...). A machine where none found a device
 * is not asked again: a vendor tool does not appear while the server runs, and spawning a missing
 * one every few seconds would be the sampler's largest cost.
 */
function gpuReader(probes: readonly DeviceProbe[]): (signal: AbortSignal) => Promise<GpuFigures> {
  let found: boolean | undefined;
  return async (signal) => {
    if (found === false) return NO_GPU;
    const results = await Promise.all(probes.map((probe) => probe.detect(signal)));
    const devices = results.flatMap((result) => result.devices);
    found = devices.length > 0;
    return gpuFigures(devices);
  };
}

/** The default probe: this process's memory, its workers', and the GPUs' where a vendor tool reports them. */
export function createProcessProbe(probes: readonly DeviceProbe[] = defaultProbes(process.platform, createExecFileRunner())): ProcessProbe {
  const gpu = gpuReader(probes);
  return async (signal) => {
    const memory = process.memoryUsage();
    // Children first: the GPU probe's own nvidia-smi is a child too while it runs.
    const workers = await childrenRss();
    const gpus = await gpu(signal);
    return {
      rssBytes: memory.rss,
      heapBytes: memory.heapUsed,
      workersRssBytes: workers,
      gpuMemoryUsedBytes: gpus.used,
      gpuMemoryTotalBytes: gpus.total,
      gpuUtilization: gpus.utilization,
    };
  };
}
