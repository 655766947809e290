import { Tensor } from 'onnxruntime-node';
import { silentLogger } from '../../main/common/logger.js';
import { createSession } from '../../main/runtimes/onnx/onnx-session.js';
import type { Call } from '../load.js';

/**
 * Path (a): onnxruntime-node in this process, no queue, no worker, no IPC. The session is opened by
 * the same `createSession` the ONNX worker uses (graphOptimizationLevel "all", CPU provider, ORT's
 * default intra-op threads since the project sets no `threads`), so the only differences from
 * path (b) are the layers above the session. Rows are Float32Arrays built before the clock starts;
 * each call wraps one in a [1, width] tensor, runs it, and checks the output width.
 */

export interface RawPath {
  readonly call: Call;
  dispose(): Promise<void>;
}

export async function openRaw(bytes: Uint8Array, width: number, rows: readonly (readonly number[])[]): Promise<RawPath> {
  const { session, device } = await createSession(bytes, 'cpu', { logger: silentLogger });
  if (device !== 'cpu') throw new Error(`raw session opened on ${device}, expected cpu`);
  const inputs = rows.map((row) => Float32Array.from(row));
  const call: Call = async (index) => {
    const data = inputs[index % inputs.length] as Float32Array;
    const out = await session.run({ x: new Tensor('float32', data, [1, width]) });
    const y = out.y;
    if (y?.data.length !== width) throw new Error(`raw: expected ${width} output values, got ${y?.data.length ?? 'none'}`);
  };
  return { call, dispose: () => session.release() };
}
