import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { throwIfAborted } from '../../common/abort.js';
import { AppError } from '../../../preload/shared/errors.js';
import type { Logger } from '../../common/logger.js';
import type { ModelDefinition } from '../../../preload/shared/project/schema-models.js';
import { fetchHubFile, missingLocalSource } from '../hub-files.js';
import type {
  DownloadProgress,
  InferOptions,
  LoadedModelInfo,
  LoadOptions,
  ResolvedModel,
  Runtime,
  RuntimeCapabilities,
} from '../runtime.js';
import { isImageSource, preprocessImage, type ImageSource } from './image-preprocess.js';
import { toLabels, toOutputTensor, type OutputTensor } from './onnx-output.js';
import { bundledDevices, checkDeclaredNames, createSession, shortReason } from './onnx-session.js';
import { concatRows, sliceRows, toTensorData, type TensorData, type TensorDtype, type TensorValues } from './tensor-data.js';

/**
 * A raw onnxruntime session described by the project: declared input/output tensors, optional
 * image pre-processing and class labels. `infer(x)` runs one input; `infer({ batch: [x1, x2] })`
 * runs several as one session call (rows concatenated along dim 0, outputs split back).
 */

export type OnnxDefinition = Extract<ModelDefinition, { runtime: 'onnx' }>;
export type OnnxModel = ResolvedModel & { readonly definition: OnnxDefinition };

export interface BatchInput {
  readonly batch: readonly unknown[];
}

export function isBatchInput(value: unknown): value is BatchInput {
  return typeof value === 'object' && value !== null && Array.isArray((value as { batch?: unknown }).batch);
}

type Tensors = Record<string, TensorData>;
interface Feed {
  readonly tensors: Tensors;
  readonly rows: number;
}

const KNOWN_DTYPES: readonly string[] = ['float32', 'float16', 'int64', 'int32', 'uint8', 'int8', 'bool', 'string'];

export class OnnxRuntime implements Runtime {
  private session: InferenceSession | undefined;

  constructor(
    private readonly model: OnnxModel,
    private readonly logger: Logger,
  ) {}

  async load(options: LoadOptions): Promise<LoadedModelInfo> {
    const started = performance.now();
    const { definition, name } = this.model;
    const file = await this.locate(options.signal, options.onDownload);
    throwIfAborted(options.signal);
    let choice: Awaited<ReturnType<typeof createSession>>;
    try {
      choice = await createSession(file, definition.device, { threads: definition.threads, logger: this.logger });
    } catch (error) {
      throw new AppError('MODEL_LOAD_FAILED', `Could not load ONNX model "${name}" from ${file}: ${shortReason(error)}`, {
        cause: error,
      });
    }
    checkDeclaredNames(choice.session, definition, name);
    this.session = choice.session;
    const info = { device: choice.device, loadMs: performance.now() - started };
    return choice.fallbackReason ? { ...info, fallbackReason: choice.fallbackReason } : info;
  }

  async infer(input: unknown, options: InferOptions): Promise<unknown> {
    const session = this.session;
    if (!session) throw new AppError('INTERNAL', `ONNX model "${this.model.name}" is not loaded.`);
    const batched = isBatchInput(input);
    if (!batched && !this.model.definition.preprocess?.image) {
      // One input with nothing to decode, the common call: built and run in this turn, without
      // the batch path's Promise.all and grouping (issue 17: the worker's path to session.run).
      // It never waits before the run, so it does not read `options.signal` either: the worker
      // builds a job's signal only when read (worker-serve.ts), and drops a cancelled job's result.
      const feed = this.feedOf(input);
      return this.format(await this.run(session, feed.tensors), options.params ?? {});
    }
    const items = batched ? input.batch : [input];
    const feeds = await Promise.all(items.map((item) => this.prepare(item)));
    throwIfAborted(options.signal);
    const outputs = await this.runAll(session, feeds, options.signal);
    const results = outputs.map((output) => this.format(output, options.params ?? {}));
    return batched ? results : results[0];
  }

  async unload(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }

  capabilities(): RuntimeCapabilities {
    return { streaming: false, batching: true, devices: bundledDevices() };
  }

  private async locate(signal: AbortSignal, onDownload?: (progress: DownloadProgress) => void): Promise<string> {
    const { definition, environment, name, localPath } = this.model;
    const file = definition.file ?? 'model.onnx';
    if ('hub' in definition.source) {
      const { hub, revision } = definition.source;
      return fetchHubFile({ model: name, repo: hub, revision, file, environment, signal, ...(onDownload ? { onDownload } : {}) });
    }
    if (!localPath) throw missingLocalSource(this.model);
    const found = await stat(localPath).catch(() => undefined);
    if (!found) throw new AppError('MODEL_NOT_FOUND', `Model "${name}": ${localPath} does not exist.`);
    if (!found.isDirectory()) return localPath;
    const inside = join(localPath, file);
    if (!(await stat(inside).catch(() => undefined))) {
      throw new AppError('MODEL_NOT_FOUND', `Model "${name}": no ${file} in ${localPath} (set "file" to the .onnx file's name).`);
    }
    return inside;
  }

  /** One call's input → a tensor per declared input, with its images decoded if the model takes some. */
  private async prepare(item: unknown): Promise<Feed> {
    const { inputs, preprocess } = this.model.definition;
    if (!preprocess?.image) return this.feedOf(item);
    const values = this.assign(item);
    const tensors: Tensors = {};
    for (const [index, spec] of inputs.entries()) {
      const value = values[spec.name];
      const image = index === 0 ? preprocess.image : undefined;
      const images = image ? imageList(value) : undefined;
      if (image && images) {
        const pixels = await Promise.all(images.map((source) => preprocessImage(source, image)));
        const parts = pixels.map((p) => toTensorData({ dims: [...p.dims], data: p.data }, spec));
        tensors[spec.name] = concatRows(parts);
      } else {
        tensors[spec.name] = toTensorData(value, spec);
      }
    }
    const first = inputs[0] ? tensors[inputs[0].name] : undefined;
    return { tensors, rows: first?.dims[0] ?? 1 };
  }

  /** One call's input → a tensor per declared input, for a model that takes no images. */
  private feedOf(item: unknown): Feed {
    const { inputs } = this.model.definition;
    const values = this.assign(item);
    const tensors: Tensors = {};
    for (const spec of inputs) tensors[spec.name] = toTensorData(values[spec.name], spec);
    const first = inputs[0] ? tensors[inputs[0].name] : undefined;
    return { tensors, rows: first?.dims[0] ?? 1 };
  }

  /** Matches a call's value to the declared inputs: by name, positionally, or as the only input. */
  private assign(item: unknown): Record<string, unknown> {
    const specs = this.model.definition.inputs;
    const first = specs[0];
    if (!first) return {};
    if (isPlainObject(item) && first.name in item) {
      const missing = specs.filter((spec) => !(spec.name in item)).map((spec) => spec.name);
      if (missing.length > 0) throw new AppError('INVALID_INPUT', `Missing input(s): ${missing.join(', ')}.`);
      return item;
    }
    if (specs.length === 1) return { [first.name]: item };
    if (Array.isArray(item) && item.length === specs.length) {
      return Object.fromEntries(specs.map((spec, i) => [spec.name, item[i]]));
    }
    throw new AppError(
      'INVALID_INPUT',
      `Model "${this.model.name}" takes ${specs.length} inputs (${specs.map((s) => s.name).join(', ')}): ` +
        'pass an object keyed by input name, or an array with one value per input.',
    );
  }

  /**
   * Runs every feed. Feeds whose non-batch dims agree run as one session call; models whose batch
   * axis is fixed, or whose outputs do not keep the batch axis, run one feed at a time.
   */
  private async runAll(session: InferenceSession, feeds: readonly Feed[], signal: AbortSignal): Promise<Tensors[]> {
    const specs = this.model.definition.inputs;
    const canBatch = feeds.length > 1 && specs.every((spec) => typeof spec.shape[0] === 'string');
    const results: Tensors[] = new Array<Tensors>(feeds.length);
    const groups = new Map<string, number[]>();
    feeds.forEach((feed, index) => {
      const key = canBatch ? specs.map((s) => feed.tensors[s.name]?.dims.slice(1).join('x')).join('|') : String(index);
      groups.set(key, [...(groups.get(key) ?? []), index]);
    });
    for (const members of groups.values()) {
      throwIfAborted(signal);
      const group = members.map((index) => feeds[index] as Feed);
      if (group.length === 1) {
        results[members[0] ?? 0] = await this.run(session, (group[0] as Feed).tensors);
        continue;
      }
      const merged: Tensors = {};
      for (const spec of specs) merged[spec.name] = concatRows(group.map((feed) => feed.tensors[spec.name] as TensorData));
      const out = await this.run(session, merged);
      const rows = group.reduce((total, feed) => total + feed.rows, 0);
      if (!Object.values(out).every((tensor) => tensor.dims[0] === rows)) {
        this.logger.debug('outputs lack a batch axis; running the batch one input at a time');
        for (const [i, feed] of group.entries()) results[members[i] ?? 0] = await this.run(session, feed.tensors);
        continue;
      }
      let offset = 0;
      for (const [i, feed] of group.entries()) {
        const own: Tensors = {};
        for (const [name, tensor] of Object.entries(out)) own[name] = sliceRows(tensor, offset, feed.rows);
        results[members[i] ?? 0] = own;
        offset += feed.rows;
      }
    }
    return results;
  }

  private async run(session: InferenceSession, tensors: Tensors): Promise<Tensors> {
    const feeds: Record<string, Tensor> = {};
    for (const [name, tensor] of Object.entries(tensors)) {
      feeds[name] =
        tensor.dtype === 'string'
          ? new Tensor('string', tensor.data as string[], tensor.dims)
          : new Tensor(tensor.dtype, tensor.data, tensor.dims);
    }
    let result: InferenceSession.OnnxValueMapType;
    try {
      result = await session.run(feeds);
    } catch (error) {
      throw new AppError('INVALID_INPUT', `Model "${this.model.name}" rejected the input: ${shortReason(error)}`, { cause: error });
    }
    const out: Tensors = {};
    for (const { name } of this.model.definition.outputs) {
      const value = result[name];
      if (value) out[name] = fromOrt(value);
    }
    return out;
  }

  private format(outputs: Tensors, params: Readonly<Record<string, unknown>>): unknown {
    const { labels, outputs: specs, options } = this.model.definition;
    if (labels) {
      const first = specs[0] ? outputs[specs[0].name] : undefined;
      if (!first) throw new AppError('INTERNAL', `Model "${this.model.name}" produced no output.`);
      const softmax = typeof options.softmax === 'boolean' ? options.softmax : 'auto';
      const topK = typeof params.top_k === 'number' ? params.top_k : undefined;
      const rows = toLabels(toOutputTensor(first), labels, { softmax, ...(topK !== undefined ? { topK } : {}) });
      return rows.length === 1 ? rows[0] : rows;
    }
    const formatted: Record<string, OutputTensor> = {};
    for (const [name, tensor] of Object.entries(outputs)) formatted[name] = toOutputTensor(tensor);
    return formatted;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !('dims' in value && 'data' in value);
}

/** One image, or a list of images (a batch), or undefined when the value is already a tensor. */
function imageList(value: unknown): ImageSource[] | undefined {
  if (isImageSource(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isImageSource)) return value;
  return undefined;
}

function fromOrt(tensor: Tensor): TensorData {
  const dims = [...tensor.dims];
  if (KNOWN_DTYPES.includes(tensor.type)) {
    return { dtype: tensor.type as TensorDtype, dims, data: tensor.data as TensorValues };
  }
  // float64, uint16, ...: rare in outputs; report them as float32 rather than failing.
  return { dtype: 'float32', dims, data: Float32Array.from(tensor.data as ArrayLike<number>, Number) };
}
