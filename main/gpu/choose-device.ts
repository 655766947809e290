import { AppError } from '../../preload/shared/errors.js';
import type { DetectedDevice, DeviceReport, ProviderName, ProviderStatus } from './device-report.js';
import { installHint } from './ort-backends.js';

/**
 * Picks the execution provider (and, for CUDA, the device) a model should run on, from a
 * DeviceReport. Pure: the same report gives the same choice, and every choice carries a sentence
 * saying why, fallbacks included. See index.ts for the policy.
 */

export type DevicePreference = 'auto' | 'cpu' | 'gpu';

export interface ModelNeeds {
  /** Estimated device memory for the model and one request, in bytes. */
  readonly memoryBytes?: number;
  /** The providers the model is known to work with; others are skipped. Omitted: any. */
  readonly providers?: readonly ProviderName[];
}

export interface DeviceChoice {
  readonly provider: ProviderName;
  /** For cuda: `cuda:<index>` (the GPU with the most free memory). Other providers pick their own adapter. */
  readonly deviceId?: string;
  readonly reason: string;
}

/** GPU providers in order of preference; `auto` falls back to the CPU after the last. */
export const GPU_PROVIDER_ORDER: readonly Exclude<ProviderName, 'cpu'>[] = ['cuda', 'webgpu', 'dml', 'coreml'];

const LABEL: Readonly<Record<ProviderName, string>> = {
  cuda: 'CUDA',
  webgpu: 'WebGPU',
  dml: 'DirectML',
  coreml: 'CoreML',
  cpu: 'the CPU',
};

const NOT_IN_BUILD = 'not in this onnxruntime build';

type Verdict = { readonly ok: true; readonly choice: DeviceChoice } | { readonly ok: false; readonly why: string };

/**
 * `cpu`: always the CPU. `auto`: the first usable GPU provider, else the CPU with the reasons.
 * `gpu`: the first usable GPU provider, else throws AppError('UNSUPPORTED') saying what to install.
 */
export function chooseDevice(preference: DevicePreference, report: DeviceReport, modelNeeds: ModelNeeds = {}): DeviceChoice {
  if (preference === 'cpu') return { provider: 'cpu', reason: 'The CPU was requested.' };
  const refusals: { readonly why: string; readonly absent: boolean }[] = [];
  for (const provider of GPU_PROVIDER_ORDER) {
    const verdict = consider(provider, report, modelNeeds);
    if (verdict.ok) return verdict.choice;
    refusals.push({ why: verdict.why, absent: verdict.why.endsWith(NOT_IN_BUILD) });
  }
  // Providers this platform's build never has (DirectML on Linux) are noise, unless they are all there is.
  const relevant = refusals.some((refusal) => !refusal.absent) ? refusals.filter((refusal) => !refusal.absent) : refusals;
  const summary = relevant.map((refusal) => refusal.why).join('; ');
  if (preference === 'gpu') {
    throw new AppError(
      'UNSUPPORTED',
      `A GPU was requested but no GPU execution provider is usable here (${summary}). ` +
        `To use a GPU: ${hintsFor(report)}; or set the device to "auto" or "cpu".`,
    );
  }
  return { provider: 'cpu', reason: `Using the CPU: no GPU execution provider is usable (${summary}).` };
}

function consider(provider: Exclude<ProviderName, 'cpu'>, report: DeviceReport, needs: ModelNeeds): Verdict {
  const label = LABEL[provider];
  const status = report.providers.find((candidate) => candidate.name === provider);
  if (!status) return { ok: false, why: `${label}: ${NOT_IN_BUILD}` };
  if (needs.providers && !needs.providers.includes(provider)) return { ok: false, why: `${label}: the model does not support it` };
  if (provider === 'cuda' && !report.devices.some(isCudaDevice)) return { ok: false, why: 'CUDA: no NVIDIA GPU was found' };
  if (status.usable !== true) return { ok: false, why: `${label}: ${notUsable(status)}` };
  if (provider === 'cuda') return chooseCudaDevice(report.devices, needs);
  const gpus = report.devices.filter((device) => device.vendor !== 'microsoft');
  const short = memoryShortfall(gpus, needs);
  if (short !== null) return { ok: false, why: `${label}: ${short}` };
  return { ok: true, choice: { provider, reason: `Using ${label}: ${stripName(status.reason)}` } };
}

function chooseCudaDevice(devices: readonly DetectedDevice[], needs: ModelNeeds): Verdict {
  // Most free memory first; unknown free memory last; ties keep nvidia-smi's order (stable sort).
  const best = devices.filter(isCudaDevice).sort((a, b) => (b.memoryFreeBytes ?? -1) - (a.memoryFreeBytes ?? -1))[0];
  if (!best) return { ok: false, why: 'CUDA: no NVIDIA GPU was found' };
  const short = memoryShortfall([best], needs);
  if (short !== null) return { ok: false, why: `CUDA: ${short}` };
  const free = best.memoryFreeBytes === null ? '' : `, ${formatBytes(best.memoryFreeBytes)} free`;
  return { ok: true, choice: { provider: 'cuda', deviceId: best.id, reason: `Using CUDA on ${best.id} (${best.name}${free}).` } };
}

/** An NVIDIA GPU as nvidia-smi reports it (`cuda:<index>`), the only ids a CUDA worker can use. */
function isCudaDevice(device: DetectedDevice): boolean {
  return device.vendor === 'nvidia' && device.id.startsWith('cuda:');
}

/** Why no device has room for the model, or null when one has (or when nobody knows). */
function memoryShortfall(devices: readonly DetectedDevice[], needs: ModelNeeds): string | null {
  if (needs.memoryBytes === undefined) return null;
  const known = devices
    .map((device) => ({ device, room: device.memoryFreeBytes ?? device.memoryTotalBytes }))
    .filter((entry): entry is { device: DetectedDevice; room: number } => entry.room !== null);
  if (known.length === 0 || known.some((entry) => entry.room >= (needs.memoryBytes ?? 0))) return null;
  const most = Math.max(...known.map((entry) => entry.room));
  return `the model needs about ${formatBytes(needs.memoryBytes)} but the GPU has ${formatBytes(most)} available`;
}

function notUsable(status: ProviderStatus): string {
  if (status.usable === null) return 'not checked yet (detect with activeCheck to try it)';
  return stripName(status.reason).replace(/\.$/, '');
}

/** Provider reasons start with "<name>: "; inside a sentence that already names it, drop that. */
function stripName(reason: string): string {
  return reason.replace(/^[a-z0-9_-]+: /i, '');
}

function hintsFor(report: DeviceReport): string {
  const hasNvidia = report.devices.some((device) => device.vendor === 'nvidia');
  const hints = hasNvidia ? [installHint('cuda'), installHint('webgpu')] : [installHint('webgpu')];
  return hints.join(', or ');
}

export function formatBytes(bytes: number): string {
  const gib = bytes / 1024 ** 3;
  return gib >= 1 ? `${gib.toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`;
}
