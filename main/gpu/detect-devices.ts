import { CancelledError } from '../../preload/shared/errors.js';
import { createAppleProbe } from './apple.js';
import { checkProvider as defaultCheckProvider, type CheckProviderOptions, type ProviderCheck } from './check-provider.js';
import { createExecFileRunner, type CommandRunner } from './command-runner.js';
import { runProbe, type DeviceProbe } from './device-probe.js';
import { deviceReport, detectedDevice, type DetectedDevice, type DeviceReport, type ProviderStatus } from './device-report.js';
import { createNvidiaSmiProbe } from './nvidia-smi.js';
import { listOrtBackends, passiveProviderStatuses, type ListSupportedBackends, type PassiveStatusOptions } from './ort-backends.js';
import { createRocmSmiProbe } from './rocm-smi.js';
import { createWindowsVideoProbe } from './windows-video.js';

/** Composes the probes and the onnxruntime provider list into one validated DeviceReport. */

export interface DetectDevicesOptions {
  /** Runs the vendor tools; default execFile without a shell. */
  readonly runner?: CommandRunner;
  /** Chooses the probes; default process.platform. */
  readonly platform?: NodeJS.Platform;
  readonly signal?: AbortSignal;
  /** Replaces the platform's default probes. */
  readonly probes?: readonly DeviceProbe[];
  /** Deadline for each probe (default runProbe's). */
  readonly probeTimeoutMs?: number;
  /** onnxruntime-node's `listSupportedBackends`, or a stand-in. */
  readonly listBackends?: ListSupportedBackends;
  /** For the "installed" check of non-bundled providers (see passiveProviderStatuses). */
  readonly libraryExists?: PassiveStatusOptions['libraryExists'];
  /**
   * Run the active check (a tiny session in a child process, about a second each) for every
   * installed provider (`true`) or for the named ones. Default false: providers stay "not checked".
   */
  readonly activeCheck?: boolean | readonly string[];
  readonly checkProvider?: (name: string, options: CheckProviderOptions) => Promise<ProviderCheck>;
  readonly checkTimeoutMs?: number;
}

/** The probes worth running on a platform. nvidia-smi also ships with the Windows driver. */
export function defaultProbes(platform: NodeJS.Platform, runner: CommandRunner): DeviceProbe[] {
  switch (platform) {
    case 'linux':
      return [createNvidiaSmiProbe({ runner }), createRocmSmiProbe({ runner })];
    case 'win32':
      return [createNvidiaSmiProbe({ runner }), createWindowsVideoProbe({ runner })];
    case 'darwin':
      return [createAppleProbe({ runner })];
    default:
      return [createNvidiaSmiProbe({ runner })];
  }
}

/**
 * Detects GPUs and execution providers. Never rejects for a missing tool, a timeout or odd output
 * (those become `reasons`); rejects with CancelledError when `signal` aborts.
 */
export async function detectDevices(options: DetectDevicesOptions = {}): Promise<DeviceReport> {
  const { signal } = options;
  if (signal?.aborted) throw new CancelledError();
  const runner = options.runner ?? createExecFileRunner();
  const platform = options.platform ?? process.platform;
  const probes = options.probes ?? defaultProbes(platform, runner);
  const [probed, listed] = await Promise.all([
    Promise.all(probes.map((probe) => runProbe(probe, { timeoutMs: options.probeTimeoutMs, signal }))),
    listProviders(options, platform),
  ]);
  const reasons = [...probed.flatMap((result) => result.reasons), ...listed.reasons];
  const devices = mergeDevices(
    probed.flatMap((result) => result.devices),
    reasons,
  );
  const providers = await activeChecks(listed.providers, options);
  if (signal?.aborted) throw new CancelledError();
  return deviceReport.parse({ devices, providers, reasons });
}

async function listProviders(
  options: DetectDevicesOptions,
  platform: NodeJS.Platform,
): Promise<{ providers: ProviderStatus[]; reasons: string[] }> {
  try {
    const backends = await (options.listBackends ?? listOrtBackends)();
    return { providers: passiveProviderStatuses(backends, { platform, libraryExists: options.libraryExists }), reasons: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { providers: [], reasons: [`onnxruntime-node: could not list its execution providers (${message}).`] };
  }
}

/**
 * Drops invalid devices (with a reason) and duplicates: on Windows, nvidia-smi and CIM both list an
 * NVIDIA card; nvidia-smi's entry has the memory figures, so CIM's NVIDIA entries go.
 */
function mergeDevices(found: readonly DetectedDevice[], reasons: string[]): DetectedDevice[] {
  const valid = found.filter((device) => {
    const parsed = detectedDevice.safeParse(device);
    if (!parsed.success) reasons.push(`Ignored a malformed device entry "${device.id}": ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    return parsed.success;
  });
  const hasSmi = valid.some((device) => device.id.startsWith('cuda:'));
  const seen = new Set<string>();
  return valid.filter((device) => {
    if (hasSmi && device.vendor === 'nvidia' && device.id.startsWith('display:')) return false;
    if (seen.has(device.id)) return false;
    seen.add(device.id);
    return true;
  });
}

/** Runs the active checks one after another: GPU drivers do not love concurrent first contact. */
async function activeChecks(providers: ProviderStatus[], options: DetectDevicesOptions): Promise<ProviderStatus[]> {
  const wanted = options.activeCheck ?? false;
  if (wanted === false) return providers;
  const check = options.checkProvider ?? defaultCheckProvider;
  const result: ProviderStatus[] = [];
  for (const status of providers) {
    const selected = wanted === true || wanted.includes(status.name);
    if (!selected || !status.installed) {
      result.push(status);
      continue;
    }
    const outcome = await check(status.name, { signal: options.signal, timeoutMs: options.checkTimeoutMs });
    result.push({ ...status, usable: outcome.usable, reason: outcome.reason });
  }
  return result;
}
