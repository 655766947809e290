import { toolProbe, type DeviceProbe, type ToolProbeOptions } from './device-probe.js';
import type { DetectedDevice, ProbeResult } from './device-report.js';
import { freeFrom, mibToBytes, parseNumber, parseText, percentToFraction } from './parse-values.js';

/**
 * NVIDIA GPUs through nvidia-smi's CSV query mode. Ids are `cuda:<nvidia-smi index>`; that index is
 * in PCI bus order, so workers that use it as a CUDA device id must run with
 * CUDA_DEVICE_ORDER=PCI_BUS_ID (CUDA's own default order is fastest first).
 */

export const NVIDIA_SMI_FIELDS = [
  'index',
  'name',
  'uuid',
  'memory.total',
  'memory.used',
  'memory.free',
  'utilization.gpu',
  'driver_version',
] as const;

export const NVIDIA_SMI_ARGS = [`--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`, '--format=csv,noheader,nounits'] as const;

/** Parses `nvidia-smi --query-gpu=<NVIDIA_SMI_FIELDS> --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(stdout: string): ProbeResult {
  const devices: DetectedDevice[] = [];
  const reasons: string[] = [];
  const lines = stdout
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const [row, line] of lines.entries()) {
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length < NVIDIA_SMI_FIELDS.length) {
      reasons.push(`nvidia-smi: line ${row + 1} has ${cells.length} fields, expected ${NVIDIA_SMI_FIELDS.length}: "${line.slice(0, 120)}"`);
      continue;
    }
    // A comma inside the name would add cells; everything between index and the last six is the name.
    const tail = cells.slice(-6);
    const [, total, used, free, utilization, driver] = tail;
    const name = parseText(cells.slice(1, -6).join(', '));
    const index = parseNumber(cells[0]);
    if (index === null || !Number.isInteger(index) || name === null) {
      reasons.push(`nvidia-smi: line ${row + 1} has no usable index or name: "${line.slice(0, 120)}"`);
      continue;
    }
    const totalBytes = mibToBytes(parseNumber(total));
    devices.push({
      id: `cuda:${index}`,
      vendor: 'nvidia',
      name,
      memoryTotalBytes: totalBytes,
      memoryFreeBytes: mibToBytes(parseNumber(free)) ?? freeFrom(totalBytes, mibToBytes(parseNumber(used))),
      utilization: percentToFraction(parseNumber(utilization)),
      driver: parseText(driver),
    });
  }
  if (devices.length === 0 && reasons.length === 0) reasons.push('nvidia-smi: ran, but listed no GPUs.');
  return { devices, reasons };
}

export function createNvidiaSmiProbe(options: ToolProbeOptions): DeviceProbe {
  return toolProbe('nvidia-smi', 'nvidia-smi', NVIDIA_SMI_ARGS, parseNvidiaSmi, options);
}
