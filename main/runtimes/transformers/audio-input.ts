import { readFile } from 'node:fs/promises';
import { AppError } from '../../../preload/shared/errors.js';

/**
 * Audio for speech models as mono Float32Array at the model's sampling rate. transformers.js reads
 * files through the browser's AudioContext, which Node lacks, so WAV is decoded here; other
 * formats must arrive decoded (a Float32Array, `{ sampling_rate, data }`, or Gradio's `[rate, data]`).
 */

interface Decoded {
  readonly sampleRate: number;
  readonly samples: Float32Array;
}

function readSample(view: DataView, offset: number, format: number, bits: number): number {
  if (format === 3) return bits === 64 ? view.getFloat64(offset, true) : view.getFloat32(offset, true);
  switch (bits) {
    case 8:
      return (view.getUint8(offset) - 128) / 128;
    case 16:
      return view.getInt16(offset, true) / 32768;
    case 24: {
      const value = view.getUint8(offset) | (view.getUint8(offset + 1) << 8) | (view.getInt8(offset + 2) << 16);
      return value / 8388608;
    }
    case 32:
      return view.getInt32(offset, true) / 2147483648;
    default:
      throw new AppError('INVALID_INPUT', `Unsupported WAV sample size: ${bits} bits.`);
  }
}

/** PCM (8/16/24/32-bit) and IEEE float WAV; channels are averaged to mono. */
export function decodeWav(bytes: Uint8Array): Decoded {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new AppError('INVALID_INPUT', 'Audio files must be WAV here; pass other formats as decoded samples.');
  }
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
      if (format === 0xfffe && size >= 26) format = view.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE
    } else if (id === 'data') {
      if (!channels || (format !== 1 && format !== 3)) {
        throw new AppError('INVALID_INPUT', 'Unsupported WAV encoding (only PCM and IEEE float are read).');
      }
      const width = bits / 8;
      const frames = Math.floor(Math.min(size, bytes.length - body) / (width * channels));
      const samples = new Float32Array(frames);
      for (let frame = 0; frame < frames; frame++) {
        let sum = 0;
        for (let c = 0; c < channels; c++) sum += readSample(view, body + (frame * channels + c) * width, format, bits);
        samples[frame] = sum / channels;
      }
      return { sampleRate, samples };
    }
    offset = body + size + (size % 2);
  }
  throw new AppError('INVALID_INPUT', 'The WAV file has no audio data.');
}

/** Linear interpolation: adequate for speech models, and dependency-free. */
export function resample(samples: Float32Array, from: number, to: number): Float32Array {
  if (from === to || samples.length === 0) return samples;
  const length = Math.max(1, Math.round((samples.length * to) / from));
  const out = new Float32Array(length);
  const step = from / to;
  for (let i = 0; i < length; i++) {
    const position = i * step;
    const left = Math.floor(position);
    const fraction = position - left;
    const a = samples[Math.min(left, samples.length - 1)] ?? 0;
    const b = samples[Math.min(left + 1, samples.length - 1)] ?? 0;
    out[i] = a + (b - a) * fraction;
  }
  return out;
}

function toFloat32(data: unknown): Float32Array | undefined {
  if (data instanceof Float32Array) return data;
  if (data instanceof Float64Array) return Float32Array.from(data);
  if (data instanceof Int16Array) return Float32Array.from(data, (v) => v / 32768);
  if (Array.isArray(data) && data.every((v) => typeof v === 'number')) return Float32Array.from(data);
  return undefined;
}

/** Any supported audio value → mono samples at `samplingRate`. Plain samples are assumed to be at that rate. */
export async function toAudio(value: unknown, samplingRate: number): Promise<Float32Array> {
  const plain = toFloat32(value);
  if (plain) return plain;
  if (typeof value === 'string') {
    if (/^https?:\/\//i.test(value)) throw new AppError('INVALID_INPUT', 'Audio URLs are not fetched; pass a file path.');
    const bytes = await readFile(value).catch((error: unknown) => {
      throw new AppError('INVALID_INPUT', `Could not read audio file ${value}: ${(error as Error).message}`);
    });
    const { sampleRate, samples } = decodeWav(bytes);
    return resample(samples, sampleRate, samplingRate);
  }
  if (value instanceof Uint8Array) {
    const { sampleRate, samples } = decodeWav(value);
    return resample(samples, sampleRate, samplingRate);
  }
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number') {
    const samples = toFloat32(value[1]);
    if (samples) return resample(samples, value[0], samplingRate);
  }
  if (typeof value === 'object' && value !== null) {
    const record = value as { sampling_rate?: unknown; sampleRate?: unknown; data?: unknown };
    const rate = record.sampling_rate ?? record.sampleRate;
    const samples = toFloat32(record.data);
    if (typeof rate === 'number' && samples) return resample(samples, rate, samplingRate);
  }
  throw new AppError(
    'INVALID_INPUT',
    'Audio must be a WAV path or bytes, a Float32Array at the model rate, { sampling_rate, data }, or [rate, data].',
  );
}
