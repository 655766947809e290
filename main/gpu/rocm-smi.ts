import { nothing, toolProbe, type DeviceProbe, type ToolProbeOptions } from './device-probe.js';
import type { DetectedDevice, ProbeResult } from './device-report.js';
import {
  extractJson,
  freeFrom,
  isJsonObject,
  parseNumber,
  parseText,
  percentToFraction,
  toBytes,
  type JsonObject,
} from './parse-values.js';

/**
 * AMD GPUs through `rocm-smi --json`. Its output is an object keyed by card (`card0`, `card1`, and
 * sometimes `system`), each a flat map of labelled strings. Labels changed case across ROCm
 * releases ("Card series" → "Card Series") and newer ones add "Device Name", so lookups ignore case
 * and fall back through the known labels.
 */

export const ROCM_SMI_ARGS = ['--showproductname', '--showmeminfo', 'vram', '--showuse', '--json'] as const;

function field(fields: JsonObject, ...labels: string[]): unknown {
  const wanted = labels.map((label) => label.toLowerCase());
  for (const label of wanted) {
    const key = Object.keys(fields).find((candidate) => candidate.trim().toLowerCase() === label);
    if (key !== undefined) return fields[key];
  }
  return undefined;
}

/** Parses the JSON printed by `rocm-smi ROCM_SMI_ARGS` (warning lines around it are skipped). */
export function parseRocmSmi(stdout: string): ProbeResult {
  let root: unknown;
  try {
    root = extractJson(stdout);
  } catch (error) {
    return nothing(`rocm-smi: output is not JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!isJsonObject(root)) return nothing('rocm-smi: expected a JSON object keyed by card.');
  const system = isJsonObject(root.system) ? root.system : {};
  const driver = parseText(field(system, 'Driver version'));
  const devices: DetectedDevice[] = [];
  const cards = Object.entries(root)
    .map(([key, value]) => ({ index: /^card(\d+)$/i.exec(key.trim())?.[1], value }))
    .filter((card): card is { index: string; value: JsonObject } => card.index !== undefined && isJsonObject(card.value))
    .sort((a, b) => Number(a.index) - Number(b.index));
  for (const { index, value } of cards) {
    const total = toBytes(parseNumber(field(value, 'VRAM Total Memory (B)')));
    const used = toBytes(parseNumber(field(value, 'VRAM Total Used Memory (B)')));
    const name = parseText(field(value, 'Card Series', 'Device Name', 'Card Model', 'Card SKU')) ?? `AMD GPU ${index}`;
    devices.push({
      id: `rocm:${index}`,
      vendor: 'amd',
      name,
      memoryTotalBytes: total,
      memoryFreeBytes: freeFrom(total, used),
      utilization: percentToFraction(parseNumber(field(value, 'GPU use (%)'))),
      driver,
    });
  }
  return devices.length > 0 ? { devices, reasons: [] } : nothing('rocm-smi: ran, but listed no cards.');
}

export function createRocmSmiProbe(options: ToolProbeOptions): DeviceProbe {
  return toolProbe('rocm-smi', 'rocm-smi', ROCM_SMI_ARGS, parseRocmSmi, options);
}
