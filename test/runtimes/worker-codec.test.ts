import { describe, expect, it } from 'vitest';
import { structuredCloneCodec } from '../../main/runtimes/worker-codec.js';
import { childMessage, describeProtocolError, parentMessage } from '../../main/runtimes/worker-protocol.js';

/**
 * The default codec (Node's IPC channel with `serialization: 'advanced'` clones the message) hands
 * messages over as they are and decodes exactly what the protocol's schemas accept, with their
 * data and, for a rejected message, the schema's own description of the problem.
 */

const rows = new Float32Array([1, 2, 3]);
const candidates: unknown[] = [
  { type: 'infer', jobId: 1, input: rows, params: { top_k: 3 } },
  { type: 'infer', jobId: 1, input: 1, params: null },
  { type: 'result', jobId: 3, value: { y: { dims: [1, 3], data: rows } } },
  { type: 'result', jobId: -2, value: 1 },
  { type: 'hello', pid: 12 },
  { type: 'loaded', info: { device: 'cpu', loadMs: 3 }, capabilities: { streaming: false, batching: true, devices: ['cpu'] } },
  { type: 'progress', jobId: 2, update: { progress: 0.5 } },
  { type: 'log', jobId: null, message: 'x', level: 'error' },
  { type: 'log', jobId: 1, message: 'x', level: 'loud' },
  { type: 'cancel', jobId: 1 },
  { type: 'call-result', callId: 4, value: 'v' },
  { type: 'call-error', callId: 4, error: { code: 'NOT_A_CODE', message: 'x' } },
  { type: 'shutdown' },
  { type: 'nonsense' },
  null,
  'infer',
];

describe('structuredCloneCodec', () => {
  it('decodes on the parent side what childMessage accepts, and rejects the rest with its problem', () => {
    for (const raw of candidates) {
      const parsed = childMessage.safeParse(raw);
      const decoded = structuredCloneCodec.parent.decode(raw);
      const expected = parsed.success ? { ok: true, message: parsed.data } : { ok: false, problem: describeProtocolError(parsed.error) };
      expect(decoded, JSON.stringify(raw)).toEqual(expected);
    }
  });

  it('decodes on the worker side what parentMessage accepts, and rejects the rest with its problem', () => {
    for (const raw of candidates) {
      const parsed = parentMessage.safeParse(raw);
      const decoded = structuredCloneCodec.worker.decode(raw);
      const expected = parsed.success ? { ok: true, message: parsed.data } : { ok: false, problem: describeProtocolError(parsed.error) };
      expect(decoded, JSON.stringify(raw)).toEqual(expected);
    }
  });

  it('hands messages to the channel as they are: typed arrays are not copied here', () => {
    const infer = { type: 'infer' as const, jobId: 1, input: rows, params: {} };
    expect(structuredCloneCodec.parent.encode(infer)).toBe(infer);
    const result = { type: 'result' as const, jobId: 1, value: rows };
    expect(structuredCloneCodec.worker.encode(result)).toBe(result);
    const decoded = structuredCloneCodec.parent.decode(result);
    expect(decoded.ok && decoded.message.type === 'result' && decoded.message.value).toBe(rows);
  });
});
