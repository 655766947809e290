import { DEFAULT_COMMAND_TIMEOUT_MS, nothing, toolProbe, type DeviceProbe, type ToolProbeOptions } from './device-probe.js';
import type { DetectedDevice, ProbeResult } from './device-report.js';
import { extractJson, isJsonObject, parseNumber, parseText } from './parse-values.js';
import { vendorFromName } from './vendor.js';

/**
 * Windows display adapters through CIM (Win32_VideoController), any vendor. ConvertTo-Json prints
 * one object for one adapter and an array for several. AdapterRAM is a 32-bit field: a card with
 * 4 GiB or more reports about 4 GiB (0xFFF00000), so such values are reported as unknown rather than
 * wrong. Ids are `display:<n>` in CIM order (not necessarily DirectML's adapter order).
 */

export const POWERSHELL_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  'Get-CimInstance Win32_VideoController | Select-Object Name,AdapterRAM,DriverVersion | ConvertTo-Json',
] as const;

/** 4 GiB minus 1 MiB: what Win32_VideoController.AdapterRAM says for any card at or past its limit. */
const ADAPTER_RAM_CAP = 0xfff00000;

/** Parses the PowerShell JSON (one object or an array of them; empty output means no adapters). */
export function parseWindowsVideoControllers(stdout: string): ProbeResult {
  if (stdout.trim() === '') return nothing('Win32_VideoController: no display adapters listed.');
  let root: unknown;
  try {
    root = extractJson(stdout);
  } catch (error) {
    return nothing(`Win32_VideoController: output is not JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  const entries = (Array.isArray(root) ? root : [root]).filter(isJsonObject);
  const reasons: string[] = [];
  const devices = entries.flatMap((entry, index): DetectedDevice[] => {
    const name = parseText(entry.Name);
    if (name === null) return [];
    const ram = parseNumber(entry.AdapterRAM);
    const capped = ram !== null && ram >= ADAPTER_RAM_CAP;
    if (capped) reasons.push(`${name}: Windows reports its memory only as "4 GiB or more"; total memory left unknown.`);
    return [
      {
        id: `display:${index}`,
        vendor: vendorFromName(name),
        name,
        memoryTotalBytes: ram === null || capped || ram === 0 ? null : Math.round(ram),
        memoryFreeBytes: null,
        utilization: null,
        driver: parseText(entry.DriverVersion),
      },
    ];
  });
  if (devices.length === 0) reasons.push('Win32_VideoController: no display adapters listed.');
  return { devices, reasons };
}

export function createWindowsVideoProbe(options: ToolProbeOptions): DeviceProbe {
  // PowerShell itself takes a second or two to start.
  return toolProbe(
    'Win32_VideoController',
    'powershell',
    POWERSHELL_ARGS,
    parseWindowsVideoControllers,
    options,
    2 * DEFAULT_COMMAND_TIMEOUT_MS,
  );
}
