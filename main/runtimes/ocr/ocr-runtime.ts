/**
 * The OCR runtime: PaddleOCR v4 detection + recognition on onnxruntime-node, with the pre- and
 * post-processing written here (see detect.ts / recognize.ts). One instance holds one loaded pair
 * of sessions; the worker host runs one job at a time on it.
 */

import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { throwIfAborted } from '../../common/abort.js';
import { AppError } from '../../../preload/shared/errors.js';
import type { InferOptions, LoadedModelInfo, LoadOptions, ResolvedModel, Runtime, RuntimeCapabilities } from '../runtime.js';
import { detectText, type DetectOptions } from './detect.js';
import { parseDictionary } from './dictionary.js';
import { decodeImage } from './image-input.js';
import { resolveOcrModelFiles } from './model-files.js';
import { recognizeBox } from './recognize.js';
import { sortReadingOrder } from './reading-order.js';
import type { OcrLine, OcrResult, Quad } from './types.js';

/** Lines the recogniser is less sure of than this are dropped, as PaddleOCR's `drop_score`. */
export const MIN_LINE_CONFIDENCE = 0.5;
/** Share of a job's progress reported when detection is done; recognition fills the rest. */
const DETECTION_PROGRESS = 0.3;

type OcrDefinition = Extract<ResolvedModel['definition'], { runtime: 'ocr' }>;

interface LoadedSessions {
  readonly detection: ort.InferenceSession;
  readonly recognition: ort.InferenceSession;
  readonly charset: string[];
  readonly device: string;
}

function roundBox(box: Quad): OcrLine['box'] {
  const [a, b, c, d] = box.map((p): [number, number] => [Math.round(p[0]), Math.round(p[1])]) as [
    [number, number],
    [number, number],
    [number, number],
    [number, number],
  ];
  return [a, b, c, d];
}

function webgpuBundled(): boolean {
  return ort.listSupportedBackends().some((backend) => backend.name === 'webgpu' && backend.bundled);
}

export class OcrRuntime implements Runtime {
  private readonly definition: OcrDefinition;
  private sessions: LoadedSessions | undefined;

  constructor(private readonly model: ResolvedModel) {
    if (model.definition.runtime !== 'ocr') {
      throw new AppError('INTERNAL', `Model "${model.name}" uses runtime "${model.definition.runtime}", not "ocr".`);
    }
    this.definition = model.definition;
  }

  capabilities(): RuntimeCapabilities {
    // WebGPU is only tried when the project asks for device "gpu" (see load); CPU is the default.
    return { streaming: false, batching: false, devices: webgpuBundled() ? ['cpu', 'webgpu'] : ['cpu'] };
  }

  async load({ signal }: LoadOptions): Promise<LoadedModelInfo> {
    const started = performance.now();
    throwIfAborted(signal);
    if (this.sessions) return { device: this.sessions.device, loadMs: 0 };
    const files = resolveOcrModelFiles(this.model);
    const charset = parseDictionary(await readFile(files.dictionary, 'utf8'));
    throwIfAborted(signal);

    // "auto" stays on CPU: both models are small, and the detector's input size changes with every
    // image, which makes a GPU provider recompile kernels per shape and lose its advantage.
    let device = 'cpu';
    let fallbackReason: string | undefined;
    let sessions: [ort.InferenceSession, ort.InferenceSession] | undefined;
    if (this.definition.device === 'gpu') {
      try {
        sessions = await this.createSessions(files.detection, files.recognition, 'webgpu');
        device = 'webgpu';
      } catch (error) {
        const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        fallbackReason = `WebGPU is unavailable (${reason}).`;
      }
    }
    try {
      sessions ??= await this.createSessions(files.detection, files.recognition, 'cpu');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AppError('MODEL_LOAD_FAILED', `Model "${this.model.name}": could not load the OCR models: ${reason}`, {
        cause: error,
      });
    }
    const [detection, recognition] = sessions;
    if (signal.aborted) {
      await Promise.all([detection.release(), recognition.release()]);
      throwIfAborted(signal);
    }
    this.sessions = { detection, recognition, charset, device };
    const info: LoadedModelInfo = { device, loadMs: Math.round(performance.now() - started) };
    return fallbackReason === undefined ? info : { ...info, fallbackReason };
  }

  private async createSessions(
    detectionPath: string,
    recognitionPath: string,
    provider: 'cpu' | 'webgpu',
  ): Promise<[ort.InferenceSession, ort.InferenceSession]> {
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      ...(this.definition.threads === undefined ? {} : { intraOpNumThreads: this.definition.threads }),
    };
    const detection = await ort.InferenceSession.create(detectionPath, options);
    try {
      return [detection, await ort.InferenceSession.create(recognitionPath, options)];
    } catch (error) {
      await detection.release();
      throw error;
    }
  }

  async infer(input: unknown, { signal, onProgress }: InferOptions): Promise<OcrResult> {
    const sessions = this.sessions;
    if (!sessions) throw new AppError('INTERNAL', `Model "${this.model.name}" is not loaded; call load() first.`);
    throwIfAborted(signal);
    const image = await decodeImage(input);
    throwIfAborted(signal);

    const options: DetectOptions = {
      maxSide: this.definition.options.maxSide,
      boxThreshold: this.definition.options.boxThreshold,
    };
    const boxes = sortReadingOrder(await detectText(sessions.detection, image, options));
    throwIfAborted(signal);
    onProgress?.({ progress: DETECTION_PROGRESS, index: 0, length: boxes.length, unit: 'line', desc: 'Text detected' });

    const lines: OcrLine[] = [];
    for (const [index, { box }] of boxes.entries()) {
      throwIfAborted(signal);
      const { text, confidence } = await recognizeBox(sessions.recognition, image, box, sessions.charset);
      const trimmed = text.trim();
      if (trimmed !== '' && confidence >= MIN_LINE_CONFIDENCE) {
        lines.push({ text: trimmed, confidence, box: roundBox(box) });
      }
      onProgress?.({
        progress: DETECTION_PROGRESS + ((1 - DETECTION_PROGRESS) * (index + 1)) / boxes.length,
        index: index + 1,
        length: boxes.length,
        unit: 'line',
        desc: 'Recognising text',
      });
    }
    throwIfAborted(signal);
    return { text: lines.map((line) => line.text).join('\n'), lines };
  }

  async unload(): Promise<void> {
    const sessions = this.sessions;
    this.sessions = undefined;
    if (sessions) await Promise.all([sessions.detection.release(), sessions.recognition.release()]);
  }
}
