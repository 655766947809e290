import { describe, expect, it } from 'vitest';
import { jsInvocation, parseInvocation } from '../../main/runtimes/js/js-runtime.js';
import { asInferMessage, asResultMessage, childMessage, parentMessage } from '../../main/runtimes/worker-protocol.js';

/**
 * Issue 17: the per-request messages (infer, result) and a JS call's input are checked by hand
 * instead of by zod. The hand checks must accept only what the schemas accept, and yield the
 * same values; what they pass on goes through the schemas as before.
 */

const rows = new Float32Array([1, 2, 3]);
const candidates: unknown[] = [
  { type: 'infer', jobId: 1, input: [1, 2, 3], params: {} },
  { type: 'infer', jobId: 0, input: rows, params: { top_k: 3 } },
  { type: 'infer', jobId: 7, params: {} },
  { type: 'infer', jobId: 2, input: 'x', params: {}, extra: 'stripped' },
  { type: 'infer', jobId: -1, input: 1, params: {} },
  { type: 'infer', jobId: 1.5, input: 1, params: {} },
  { type: 'infer', jobId: Number.NaN, input: 1, params: {} },
  { type: 'infer', jobId: Number.POSITIVE_INFINITY, input: 1, params: {} },
  { type: 'infer', jobId: '1', input: 1, params: {} },
  { type: 'infer', jobId: 1, input: 1 },
  { type: 'infer', jobId: 1, input: 1, params: null },
  { type: 'infer', jobId: 1, input: 1, params: [] },
  { type: 'infer', jobId: 1, input: 1, params: 'p' },
  { type: 'result', jobId: 3, value: { y: { dims: [1, 3], data: rows } } },
  { type: 'result', jobId: 0 },
  { type: 'result', jobId: 0, value: undefined },
  { type: 'infer', jobId: 4, input: undefined, params: {} },
  { type: 'result', jobId: -2, value: 1 },
  { type: 'result', jobId: 0.5, value: 1 },
  { type: 'result', value: 1 },
  { type: 'cancel', jobId: 1 },
  { type: 'error', jobId: 1, error: { code: 'INTERNAL', message: 'x' } },
  null,
  undefined,
  'infer',
  42,
  [],
];

describe('hand-checked hot messages', () => {
  it('accept exactly the infer messages parentMessage accepts, with the same data', () => {
    for (const raw of candidates) {
      const fast = asInferMessage(raw);
      const parsed = parentMessage.safeParse(raw);
      if (fast) expect(parsed.success ? parsed.data : 'rejected', JSON.stringify(raw)).toEqual(fast);
      else if (parsed.success) expect(parsed.data.type, JSON.stringify(raw)).not.toBe('infer');
    }
    expect(asInferMessage(candidates[1])?.input).toBe(rows);
  });

  it('accept exactly the result messages childMessage accepts, with the same data', () => {
    for (const raw of candidates) {
      const fast = asResultMessage(raw);
      const parsed = childMessage.safeParse(raw);
      if (fast) expect(parsed.success ? parsed.data : 'rejected', JSON.stringify(raw)).toEqual(fast);
      else if (parsed.success) expect(parsed.data.type, JSON.stringify(raw)).not.toBe('result');
    }
    expect(asResultMessage(candidates[13])).toBeDefined();
  });

  it('read a JS call as jsInvocation does, and reject what it rejects', () => {
    const calls: unknown[] = [
      { export: 'default', inputs: ['hello'] },
      { inputs: ['hello'] },
      { export: 'shout', inputs: [], outputDir: '/tmp/run' },
      { export: 'shout', inputs: [1], extra: true },
      { export: 'shout', inputs: [1], event: { index: 2, value: 'a', selected: true } },
      { export: '', inputs: [] },
      { export: 'x', inputs: 'no' },
      { export: 'x', inputs: [], outputDir: '' },
      { export: 3, inputs: [] },
      { export: 'x', inputs: [], event: 'not event data' },
      null,
      'x',
    ];
    for (const call of calls) {
      const parsed = jsInvocation.safeParse(call);
      expect(parseInvocation(call), JSON.stringify(call)).toEqual(parsed.success ? parsed.data : undefined);
    }
  });
});
