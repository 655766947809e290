import { pipeline, type PretrainedModelOptions, type ProgressInfo } from '@huggingface/transformers';
import { throwIfAborted } from '../../common/abort.js';
import { AppError, CancelledError } from '../../../preload/shared/errors.js';
import type { Logger } from '../../common/logger.js';
import type { ModelDefinition } from '../../../preload/shared/project/schema-models.js';
import type {
  DownloadProgress,
  InferOptions,
  LoadedModelInfo,
  LoadOptions,
  ResolvedModel,
  Runtime,
  RuntimeCapabilities,
} from '../runtime.js';
import { shortReason } from '../onnx/onnx-session.js';
import { generationOptions, isGenerating } from './generation.js';
import { toLoadError } from './load-errors.js';
import { pipelineArguments } from './task-input.js';
import { configureEnvironment, modelLocation, type NetworkRecord } from './transformers-env.js';

/**
 * A `@huggingface/transformers` pipeline (text classification, generation, summarization, NER,
 * embeddings, image classification, speech recognition, ...) for one model definition.
 */

export type TransformersDefinition = Extract<ModelDefinition, { runtime: 'transformers' }>;
export type TransformersModel = ResolvedModel & { readonly definition: TransformersDefinition };

/** The part of a pipeline object used here (the library's types are per task). */
interface LoadedPipeline {
  (...args: unknown[]): Promise<unknown>;
  readonly tokenizer?: unknown;
  readonly processor?: { readonly feature_extractor?: { readonly config?: { readonly sampling_rate?: unknown } } };
  dispose(): Promise<void>;
}

/** Options this runtime owns; the definition's `options` cannot override them. */
const OWNED = ['progress_callback', 'cache_dir', 'local_files_only', 'revision', 'device', 'dtype'];

export class TransformersRuntime implements Runtime {
  private pipe: LoadedPipeline | undefined;

  constructor(
    private readonly model: TransformersModel,
    private readonly logger: Logger,
  ) {}

  async load(options: LoadOptions): Promise<LoadedModelInfo> {
    const started = performance.now();
    const { signal } = options;
    throwIfAborted(signal);
    const network = configureEnvironment(this.model, signal);
    const wantsGpu = this.model.definition.device === 'gpu';
    let fallbackReason: string | undefined;
    if (wantsGpu) {
      try {
        this.pipe = await this.open('webgpu', network, options);
        return { device: 'webgpu', loadMs: performance.now() - started };
      } catch (error) {
        const mapped = toLoadError(error, this.model, signal, network);
        // Missing files or a failed download fail the same way on the CPU: report them as they are.
        if (mapped.code !== 'MODEL_LOAD_FAILED') throw mapped;
        fallbackReason = `WebGPU is not usable here (${shortReason(error)}); using the CPU.`;
        this.logger.info(fallbackReason);
      }
    }
    try {
      this.pipe = await this.open('cpu', network, options);
    } catch (error) {
      throw toLoadError(error, this.model, signal, network);
    }
    const info = { device: 'cpu', loadMs: performance.now() - started };
    return fallbackReason ? { ...info, fallbackReason } : info;
  }

  async infer(input: unknown, options: InferOptions): Promise<unknown> {
    const pipe = this.pipe;
    if (!pipe) throw new AppError('INTERNAL', `Model "${this.model.name}" is not loaded.`);
    const { task } = this.model.definition;
    const params = options.params ?? {};
    const rate = pipe.processor?.feature_extractor?.config?.sampling_rate;
    const args = await pipelineArguments(task, input, typeof rate === 'number' ? rate : 16_000);
    throwIfAborted(options.signal);
    const callOptions: Record<string, unknown> = { ...params };
    if (isGenerating(task)) {
      Object.assign(
        callOptions,
        generationOptions({
          task,
          tokenizer: pipe.tokenizer,
          prompt: args[0],
          params,
          signal: options.signal,
          onPartial: options.onPartial,
        }),
      );
    }
    let output: unknown;
    try {
      output = await pipe(...args, callOptions);
    } catch (error) {
      if (options.signal.aborted) throw new CancelledError();
      const message = error instanceof Error ? error.message : String(error);
      throw new AppError('INVALID_INPUT', `Model "${this.model.name}" (${task}) failed on this input: ${message}`, {
        cause: error,
      });
    }
    // Generation stopped early by the abort criterion returns normally: it is still a cancellation.
    throwIfAborted(options.signal);
    return toPlain(output);
  }

  async unload(): Promise<void> {
    const pipe = this.pipe;
    this.pipe = undefined;
    await pipe?.dispose();
  }

  capabilities(): RuntimeCapabilities {
    return { streaming: isGenerating(this.model.definition.task), batching: false, devices: ['webgpu', 'cpu'] };
  }

  private async open(device: 'cpu' | 'webgpu', network: NetworkRecord, options: LoadOptions): Promise<LoadedPipeline> {
    const { definition } = this.model;
    const { id, revision } = modelLocation(this.model);
    const extra = Object.fromEntries(Object.entries(definition.options).filter(([key]) => !OWNED.includes(key)));
    const pretrained: Record<string, unknown> = {
      ...extra,
      revision,
      device,
      ...(definition.dtype !== 'auto' ? { dtype: definition.dtype } : {}),
      ...(definition.threads !== undefined
        ? { session_options: { ...(extra.session_options as object | undefined), intraOpNumThreads: definition.threads } }
        : {}),
    };
    if (options.onDownload) pretrained.progress_callback = downloadReporter(network, options.onDownload);
    const pipe = await pipeline(definition.task, id, pretrained as PretrainedModelOptions);
    return pipe as unknown as LoadedPipeline;
  }
}

/**
 * transformers.js reports progress for every file it reads, cached or not; only files the fetch
 * wrapper saw arrive over the network are downloads.
 */
function downloadReporter(network: NetworkRecord, onDownload: (progress: DownloadProgress) => void) {
  const last = new Map<string, { loaded: number; total: number | null }>();
  return (info: ProgressInfo): void => {
    if (!('file' in info) || !network.downloaded.has(info.file)) return;
    if (info.status === 'progress') {
      const total = info.total > 0 ? info.total : null;
      last.set(info.file, { loaded: info.loaded, total });
      onDownload({ file: info.file, loaded: info.loaded, total, done: false });
    } else if (info.status === 'done') {
      const seen = last.get(info.file);
      onDownload({ file: info.file, loaded: seen?.loaded ?? 0, total: seen?.total ?? seen?.loaded ?? null, done: true });
    }
  };
}

/** Tensors (feature-extraction) become nested number arrays; everything else is already plain. */
function toPlain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const candidate = value as { tolist?: unknown };
  if (typeof candidate.tolist === 'function') return (candidate.tolist as () => unknown).call(value);
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}
