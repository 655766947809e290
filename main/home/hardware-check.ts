import type { HardwareCheck } from '../../preload/shared/home/home-api.js';
import { AppError } from '../../preload/shared/errors.js';
import { chooseDevice, formatBytes } from '../gpu/choose-device.js';
import type { DeviceReport } from '../gpu/device-report.js';

/**
 * Whether a template will run well on this computer, decided from what its models need (size on
 * disk, device, replicas: template-needs.ts) and what the machine has (machine-info.ts). Pure: the
 * same needs and machine give the same verdict, every verdict carries its reasons, and the device
 * is chosen by the engine's own rule (gpu/choose-device.ts), so "runs on the GPU" here means what
 * a run would do.
 *
 * The memory estimate is deliberately rough: a worker holds its model's weights plus onnxruntime's
 * arena and the activations of one request, about twice the files on disk, on top of a Node
 * process with onnxruntime loaded (about 150 MiB measured on Linux). Above the total memory it
 * will not run; above the free memory it will swap or evict other programs.
 */

export type DeviceWish = 'auto' | 'cpu' | 'gpu';

export interface ModelNeed {
  readonly name: string;
  readonly device: DeviceWish;
  readonly replicas: number;
  /** Bytes of the model's files on disk; null when unknown (not downloaded yet). */
  readonly bytes: number | null;
  /** The Hub repo id when the model is not in the cache yet (the first run downloads it). */
  readonly download: string | null;
}

export interface MachineFacts {
  readonly cores: number;
  readonly totalMemoryBytes: number;
  readonly freeMemoryBytes: number;
  /** GPUs and execution providers (with the active check's results). */
  readonly devices: DeviceReport;
}

const MIB = 1024 ** 2;
export const WORKER_BASE_BYTES = 150 * MIB;
export const WEIGHTS_FACTOR = 2;
/** A model this large answers in seconds on a CPU, not in the blink a demo promises. */
export const LARGE_ON_CPU_BYTES = 1024 ** 3;

/** Estimated memory of one worker of a model of `bytes` on disk. */
export function workerMemory(bytes: number): number {
  return Math.round(bytes * WEIGHTS_FACTOR) + WORKER_BASE_BYTES;
}

interface Findings {
  readonly no: string[];
  readonly slow: string[];
  readonly details: string[];
}

function judgeDevice(model: ModelNeed, machine: MachineFacts, findings: Findings): void {
  const memoryBytes = model.bytes === null ? undefined : workerMemory(model.bytes);
  try {
    const choice = chooseDevice(model.device, machine.devices, memoryBytes === undefined ? {} : { memoryBytes });
    const where = choice.provider === 'cpu' ? 'the CPU' : choice.provider.toUpperCase();
    findings.details.push(`${model.name}: runs on ${where}. ${choice.reason}`);
    if (choice.provider === 'cpu' && model.bytes !== null && model.bytes >= LARGE_ON_CPU_BYTES) {
      findings.slow.push(`${model.name} is ${formatBytes(model.bytes)} and runs on the CPU here, so each answer takes a while`);
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    findings.no.push(`${model.name} asks for a GPU (device "gpu") and no GPU execution provider works on this computer`);
    findings.details.push(`${model.name}: ${error.message}`);
  }
}

function judgeMemory(models: readonly ModelNeed[], machine: MachineFacts, findings: Findings): void {
  const known = models.filter((model) => model.bytes !== null);
  if (known.length === 0) return;
  const needed = known.reduce((sum, model) => sum + model.replicas * workerMemory(model.bytes ?? 0), 0);
  const onDisk = known.reduce((sum, model) => sum + (model.bytes ?? 0), 0);
  findings.details.push(`Models: ${formatBytes(onDisk)} on disk; about ${formatBytes(needed)} of memory while they run.`);
  if (needed > machine.totalMemoryBytes) {
    findings.no.push(`it needs about ${formatBytes(needed)} of memory and this computer has ${formatBytes(machine.totalMemoryBytes)}`);
  } else if (needed > machine.freeMemoryBytes) {
    findings.slow.push(
      `it needs about ${formatBytes(needed)} of memory and ${formatBytes(machine.freeMemoryBytes)} is free now (closing other programs helps)`,
    );
  }
}

function summaryOf(verdict: HardwareCheck['verdict'], first: string | undefined): string {
  if (verdict === 'good') return 'Runs well here';
  const reason = first ?? '';
  return `${verdict === 'no' ? 'Will not run' : 'May be slow'}: ${reason}`;
}

/** The verdict for one template: "runs well here", "may be slow: …" or "will not run: …", with every reason. */
export function checkHardware(models: readonly ModelNeed[], machine: MachineFacts): HardwareCheck {
  const findings: Findings = { no: [], slow: [], details: [] };
  if (models.length === 0) findings.details.push('No model: its functions are JavaScript, which any computer runs.');
  for (const model of models) judgeDevice(model, machine, findings);
  judgeMemory(models, machine, findings);
  for (const model of models) {
    if (model.download !== null)
      findings.slow.push(`the first run downloads ${model.download} from Hugging Face (its size is known only then)`);
  }
  if (models.length > 0 && machine.cores < 2) findings.slow.push('this computer has one CPU core, which all models share');
  const verdict = findings.no.length > 0 ? 'no' : findings.slow.length > 0 ? 'slow' : 'good';
  const reasons = verdict === 'no' ? [...findings.no, ...findings.slow] : findings.slow;
  return { verdict, summary: summaryOf(verdict, reasons[0]), reasons, details: findings.details };
}
