import { freemem, totalmem } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { createProcessProbe, type ProcessProbe } from '../metrics-history/process-figures.js';

/**
 * The memory watchdog of a tune trial. It samples the engine's workers (this process's children),
 * the GPUs where a vendor tool reports them, and the machine's available memory, keeps the peaks,
 * and calls `onOver` the moment the workers pass the budget, the GPU passes its free memory, or
 * the machine is about to run out (below `minFreeBytes` available): the trial is stopped before
 * the machine swaps.
 */

export interface MemoryReading {
  /** Resident memory of the workers together, or null where the platform cannot tell. */
  readonly workersBytes: number | null;
  /** GPU memory in use (all devices), or null where unknown. */
  readonly gpuUsedBytes: number | null;
  /** GPU memory in all, or null where unknown. */
  readonly gpuTotalBytes: number | null;
  /** Memory the machine can still give (MemAvailable on Linux). */
  readonly freeBytes: number;
}

export type MemoryProbe = (signal: AbortSignal) => Promise<MemoryReading>;

export function defaultMemoryProbe(probe: ProcessProbe = createProcessProbe()): MemoryProbe {
  return async (signal) => {
    const figures = await probe(signal);
    return {
      workersBytes: figures.workersRssBytes,
      gpuUsedBytes: figures.gpuMemoryUsedBytes,
      gpuTotalBytes: figures.gpuMemoryTotalBytes,
      freeBytes: freemem(),
    };
  };
}

export interface MemoryLimits {
  readonly budgetBytes: number;
  /** GPU memory the engine may add to `gpuBaselineBytes`, or null where unknown. */
  readonly gpuBudgetBytes: number | null;
  readonly gpuBaselineBytes: number;
  /** The machine's available memory below which every trial stops. */
  readonly minFreeBytes: number;
}

/** 5% of the machine's memory, at least 256 MB: what the watchdog leaves for everything else. */
export const defaultMinFreeBytes = (): number => Math.max(256 * 2 ** 20, 0.05 * totalmem());

export interface MemoryPeaks {
  workersBytes: number | null;
  /** GPU memory the engine added to the baseline. */
  gpuBytes: number | null;
}

const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;

export function overLimit(reading: MemoryReading, limits: MemoryLimits): string | null {
  if (reading.workersBytes !== null && reading.workersBytes > limits.budgetBytes) {
    return `workers reached ${mb(reading.workersBytes)}, past the ${mb(limits.budgetBytes)} budget`;
  }
  const gpuAdded = reading.gpuUsedBytes === null ? null : reading.gpuUsedBytes - limits.gpuBaselineBytes;
  if (gpuAdded !== null && limits.gpuBudgetBytes !== null && gpuAdded > limits.gpuBudgetBytes) {
    return `the GPU reached ${mb(gpuAdded)} more than at the start, past its ${mb(limits.gpuBudgetBytes)} free memory`;
  }
  if (reading.freeBytes < limits.minFreeBytes) return `the machine had only ${mb(reading.freeBytes)} of memory left`;
  return null;
}

/**
 * Samples every `intervalMs` until `signal` aborts; resolves with the peaks. Calls `onOver` once
 * (and stops sampling) when a limit is passed.
 */
export async function watchMemory(
  probe: MemoryProbe,
  limits: MemoryLimits,
  intervalMs: number,
  signal: AbortSignal,
  onOver: (detail: string) => void,
): Promise<MemoryPeaks> {
  const peaks: MemoryPeaks = { workersBytes: null, gpuBytes: null };
  const max = (a: number | null, b: number | null): number | null => (b === null ? a : Math.max(a ?? 0, b));
  while (!signal.aborted) {
    const reading = await probe(signal).catch(() => null);
    if (reading) {
      peaks.workersBytes = max(peaks.workersBytes, reading.workersBytes);
      peaks.gpuBytes = max(peaks.gpuBytes, reading.gpuUsedBytes === null ? null : reading.gpuUsedBytes - limits.gpuBaselineBytes);
      const over = overLimit(reading, limits);
      if (over) {
        onOver(over);
        return peaks;
      }
    }
    await sleep(intervalMs, undefined, { signal }).catch(() => undefined);
  }
  return peaks;
}
