import { totalmem } from 'node:os';
import type { CommandOutcome } from './command-runner.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, type DeviceProbe, type ToolProbeOptions } from './device-probe.js';
import type { DetectedDevice, ProbeResult } from './device-report.js';
import { extractJson, isJsonObject, parseText } from './parse-values.js';
import { vendorFromName } from './vendor.js';

/**
 * macOS GPUs through `system_profiler SPDisplaysDataType -json`, with `sysctl -n
 * machdep.cpu.brand_string` to recognise Apple Silicon. An Apple GPU shares the machine's unified
 * memory, so its total is the RAM size; macOS has no cheap, honest "free GPU memory" figure (its
 * free-page count ignores reclaimable cache), so free memory is left unknown. Ids are `metal:<n>`
 * in system_profiler's order.
 */

export const SYSCTL_ARGS = ['-n', 'machdep.cpu.brand_string'] as const;
export const SYSTEM_PROFILER_ARGS = ['SPDisplaysDataType', '-json'] as const;

const UNIT_BYTES: Readonly<Record<string, number>> = { KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** "1536 MB", "4 GB" (system_profiler's VRAM strings) to bytes. */
export function parseSizeText(raw: unknown): number | null {
  const match = typeof raw === 'string' ? /^\s*([\d.]+)\s*([KMGT]B)\s*$/i.exec(raw) : null;
  const unit = match?.[2] ? UNIT_BYTES[match[2].toUpperCase()] : undefined;
  return match?.[1] && unit ? Math.round(Number(match[1]) * unit) : null;
}

/**
 * Parses system_profiler's display JSON. `brand` is sysctl's CPU brand string ("Apple M2 Pro"),
 * `totalMemoryBytes` the machine's RAM (used as an Apple GPU's unified memory).
 */
export function parseAppleDisplays(json: string, brand: string | null, totalMemoryBytes: number): ProbeResult {
  let root: unknown;
  try {
    root = extractJson(json);
  } catch (error) {
    return appleSiliconFallback(
      brand,
      totalMemoryBytes,
      `system_profiler: output is not JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const entries = isJsonObject(root) && Array.isArray(root.SPDisplaysDataType) ? root.SPDisplaysDataType.filter(isJsonObject) : [];
  const gpus = entries.filter((entry) => entry.sppci_device_type === undefined || entry.sppci_device_type === 'spdisplays_gpu');
  if (gpus.length === 0) return appleSiliconFallback(brand, totalMemoryBytes, 'system_profiler: listed no GPUs.');
  const devices = gpus.map((entry, index): DetectedDevice => {
    const name = parseText(entry.sppci_model) ?? parseText(entry._name) ?? `GPU ${index}`;
    const vendorText = [entry.spdisplays_vendor, entry.sppci_vendor, name].filter((part) => typeof part === 'string').join(' ');
    const vendor = vendorFromName(vendorText);
    const vram =
      parseSizeText(entry.spdisplays_vram) ?? parseSizeText(entry._spdisplays_vram) ?? parseSizeText(entry.spdisplays_vram_shared);
    return {
      id: `metal:${index}`,
      vendor,
      name,
      memoryTotalBytes: vendor === 'apple' ? totalMemoryBytes : vram,
      memoryFreeBytes: null,
      utilization: null,
      driver: null,
    };
  });
  return { devices, reasons: [] };
}

/** Without system_profiler's answer an Apple Silicon Mac still has exactly one GPU, on the chip. */
function appleSiliconFallback(brand: string | null, totalMemoryBytes: number, reason: string): ProbeResult {
  if (!brand?.startsWith('Apple')) return { devices: [], reasons: [reason] };
  const device: DetectedDevice = {
    id: 'metal:0',
    vendor: 'apple',
    name: brand,
    memoryTotalBytes: totalMemoryBytes,
    memoryFreeBytes: null,
    utilization: null,
    driver: null,
  };
  return { devices: [device], reasons: [reason] };
}

export interface AppleProbeOptions extends Omit<ToolProbeOptions, 'command'> {
  /** The machine's RAM in bytes; defaults to os.totalmem(). */
  readonly totalMemoryBytes?: () => number;
}

export function createAppleProbe(options: AppleProbeOptions): DeviceProbe {
  const name = 'macOS';
  return {
    name,
    async detect(signal) {
      const run = (file: string, args: readonly string[]): Promise<CommandOutcome> =>
        options.runner.run(file, args, { timeoutMs: options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS, signal });
      const [sysctl, profiler] = await Promise.all([run('sysctl', SYSCTL_ARGS), run('system_profiler', SYSTEM_PROFILER_ARGS)]);
      const brand = sysctl.kind === 'ok' ? parseText(sysctl.stdout) : null;
      const total = (options.totalMemoryBytes ?? totalmem)();
      const reasons = sysctl.kind === 'ok' ? [] : [`sysctl: ${sysctl.message}`];
      const result =
        profiler.kind === 'ok'
          ? parseAppleDisplays(profiler.stdout, brand, total)
          : appleSiliconFallback(brand, total, `system_profiler: ${profiler.message}`);
      return { devices: result.devices, reasons: [...reasons, ...result.reasons] };
    },
  };
}
