import { InferenceSession, listSupportedBackends } from 'onnxruntime-node';
import type { Logger } from '../../common/logger.js';
import { AppError } from '../../../preload/shared/errors.js';
import { GPU_PROVIDER_ORDER } from '../../gpu/choose-device.js';
import { passiveProviderStatuses } from '../../gpu/ort-backends.js';

/**
 * Creates an onnxruntime session on the best execution provider the definition allows. GPU work
 * goes through WebGPU (bundled with onnxruntime-node; CUDA/TensorRT need extra installs), and a
 * machine without a usable adapter falls back to the CPU with the reason recorded, never an error:
 * a demo must run everywhere, only slower.
 */

export type DeviceRequest = 'auto' | 'cpu' | 'gpu';

export interface SessionChoice {
  readonly session: InferenceSession;
  readonly device: string;
  readonly fallbackReason?: string;
}

/**
 * GPU execution providers this onnxruntime build has *installed* here (bundled like WebGPU, or
 * whose libraries sit next to the binding like CUDA after its optional install), best first.
 * Whether a GPU is really usable is only known by trying, which createSession does.
 */
export function installedGpuProviders(): string[] {
  const installed = passiveProviderStatuses(listSupportedBackends()).filter((status) => status.installed);
  return GPU_PROVIDER_ORDER.filter((name) => installed.some((status) => status.name === name));
}

/** Execution providers this runtime may use here, best first; the CPU always. */
export function bundledDevices(): string[] {
  return [...installedGpuProviders(), 'cpu'];
}

/** onnxruntime errors start with a C++ source location; users need the sentence at the end. */
export function shortReason(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  const marker = message.lastIndexOf(' was false. ');
  return (marker >= 0 ? message.slice(marker + ' was false. '.length) : message).trim().slice(0, 300);
}

export async function createSession(
  model: string | Uint8Array,
  device: DeviceRequest,
  options: { readonly threads?: number | undefined; readonly logger: Logger },
): Promise<SessionChoice> {
  const base: InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    ...spinningOption(process.env.DEMO_DESKTOP_ORT_SPINNING),
  };
  let fallbackReason: string | undefined;
  if (device !== 'cpu') {
    const reasons: string[] = [];
    for (const provider of installedGpuProviders()) {
      try {
        const session = await open(model, { ...base, executionProviders: [provider] });
        return reasons.length > 0 ? { session, device: provider, fallbackReason: reasons.join(' ') } : { session, device: provider };
      } catch (error) {
        reasons.push(`${PROVIDER_NAMES[provider] ?? provider} is not usable here (${shortReason(error)}).`);
      }
    }
    if (reasons.length === 0)
      reasons.push(
        'This onnxruntime build has no GPU execution provider installed (WebGPU is bundled on Linux x64, Windows and macOS; CUDA needs its optional install).',
      );
    fallbackReason = `${reasons.join(' ')} Using the CPU.`;
    options.logger.info(fallbackReason);
  }
  const session = await open(model, { ...base, executionProviders: ['cpu'] });
  return fallbackReason ? { session, device: 'cpu', fallbackReason } : { session, device: 'cpu' };
}

/**
 * onnxruntime's thread-pool spinning (`session.intra_op.allow_spinning`): its threads busy-wait
 * for the next parallel section instead of sleeping. DEMO_DESKTOP_ORT_SPINNING=0 turns it off for
 * every ONNX worker (inherited from the app's environment); unset keeps onnxruntime's default (on).
 * See docs/performance.md, "The worker path", for what it does on a small machine.
 */
export function spinningOption(value: string | undefined): Pick<InferenceSession.SessionOptions, 'extra'> {
  if (value !== '0' && value !== '1') return {};
  return { extra: { session: { 'intra_op.allow_spinning': value, 'inter_op.allow_spinning': value } } };
}

const PROVIDER_NAMES: Readonly<Record<string, string>> = { cuda: 'CUDA', webgpu: 'WebGPU', dml: 'DirectML', coreml: 'CoreML' };

async function open(model: string | Uint8Array, options: InferenceSession.SessionOptions): Promise<InferenceSession> {
  return typeof model === 'string' ? InferenceSession.create(model, options) : InferenceSession.create(model, options);
}

/** Checks the definition's tensor names against the session's; a typo should fail at load, clearly. */
export function checkDeclaredNames(
  session: InferenceSession,
  declared: { readonly inputs: readonly { name: string }[]; readonly outputs: readonly { name: string }[] },
  modelName: string,
): void {
  const problems: string[] = [];
  const inputs = declared.inputs.map((input) => input.name);
  for (const name of inputs) {
    if (!session.inputNames.includes(name)) problems.push(`input "${name}" is not in the model`);
  }
  for (const name of session.inputNames) {
    if (!inputs.includes(name)) problems.push(`the model's input "${name}" is not declared`);
  }
  for (const { name } of declared.outputs) {
    if (!session.outputNames.includes(name)) problems.push(`output "${name}" is not in the model`);
  }
  if (problems.length > 0) {
    throw new AppError(
      'MODEL_LOAD_FAILED',
      `Model "${modelName}": ${problems.join('; ')}. The model has inputs [${session.inputNames.join(', ')}] ` +
        `and outputs [${session.outputNames.join(', ')}].`,
    );
  }
}
