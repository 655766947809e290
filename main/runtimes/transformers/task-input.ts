import { RawImage } from '@huggingface/transformers';
import { AppError } from '../../../preload/shared/errors.js';
import type { TRANSFORMERS_TASKS } from '../../../preload/shared/project/schema-models.js';
import { toAudio } from './audio-input.js';

/**
 * Per task, what the app passes in (plain values from the HTTP layer or another function) becomes
 * the arguments the pipeline expects: text stays text, images become RawImage, audio becomes mono
 * Float32Array at the model's rate, and two-part tasks get their two arguments.
 */

export type TransformersTask = (typeof TRANSFORMERS_TASKS)[number];

const IMAGE_TASKS: readonly TransformersTask[] = ['image-classification', 'object-detection', 'image-to-text'];

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string') {
    return (value as { text: string }).text;
  }
  throw new AppError('INVALID_INPUT', 'Expected text.');
}

/** A chat for text-generation: [{ role, content }, ...]. */
function isChat(value: unknown): boolean {
  return (
    Array.isArray(value) && value.length > 0 && value.every((m) => typeof m === 'object' && m !== null && 'role' in m && 'content' in m)
  );
}

function textOrTexts(value: unknown): string | string[] {
  return Array.isArray(value) ? value.map(text) : text(value);
}

async function image(value: unknown): Promise<RawImage> {
  if (value instanceof RawImage) return value;
  if (value instanceof Uint8Array) return RawImage.fromBlob(new Blob([value]));
  if (typeof value === 'string') {
    if (value.startsWith('data:')) {
      const comma = value.indexOf(',');
      return RawImage.fromBlob(new Blob([Buffer.from(value.slice(comma + 1), 'base64')]));
    }
    if (/^https?:\/\//i.test(value)) {
      throw new AppError('INVALID_INPUT', `Image URLs are not fetched; pass a file path or the image bytes (${value}).`);
    }
    return RawImage.read(value);
  }
  if (typeof value === 'object' && value !== null) {
    const raw = value as { data?: unknown; width?: unknown; height?: unknown; channels?: unknown };
    if (raw.data instanceof Uint8Array && typeof raw.width === 'number' && typeof raw.height === 'number') {
      const channels = (typeof raw.channels === 'number' ? raw.channels : 3) as 1 | 2 | 3 | 4;
      return new RawImage(new Uint8ClampedArray(raw.data), raw.width, raw.height, channels);
    }
  }
  throw new AppError('INVALID_INPUT', 'Expected an image: a file path, image bytes, a data URL, or raw pixels.');
}

function pair(value: unknown, first: string, second: readonly string[]): [unknown, unknown] {
  if (Array.isArray(value) && value.length === 2) return [value[0], value[1]];
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const other = second.map((key) => record[key]).find((v) => v !== undefined);
    if (record[first] !== undefined && other !== undefined) return [record[first], other];
  }
  throw new AppError('INVALID_INPUT', `Expected { ${first}, ${second[0] ?? ''} } or a [${first}, ${second[0] ?? ''}] pair.`);
}

/** The positional arguments for `pipe(...args, params)`. */
export async function pipelineArguments(task: TransformersTask, value: unknown, samplingRate: number): Promise<unknown[]> {
  if (IMAGE_TASKS.includes(task)) {
    return [Array.isArray(value) ? await Promise.all(value.map(image)) : await image(value)];
  }
  switch (task) {
    case 'automatic-speech-recognition':
      return [await toAudio(value, samplingRate)];
    case 'question-answering': {
      const [question, context] = pair(value, 'question', ['context']);
      return [text(question), text(context)];
    }
    case 'zero-shot-classification': {
      const [input, labels] = pair(value, 'text', ['candidate_labels', 'labels']);
      if (!Array.isArray(labels)) throw new AppError('INVALID_INPUT', 'candidate_labels must be a list of labels.');
      return [textOrTexts(input), labels.map(text)];
    }
    case 'text-generation':
      return [isChat(value) ? value : textOrTexts(value)];
    default:
      return [textOrTexts(value)];
  }
}
