import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tensor } from 'onnxruntime-node';
import { silentLogger } from '../../main/common/logger.js';
import { createSession, spinningOption } from '../../main/runtimes/onnx/onnx-session.js';
import { buildCostModel } from '../../models/generator/cost-model.js';

/** DEMO_DESKTOP_ORT_SPINNING: onnxruntime's thread-pool spinning, off or on for every ONNX worker (issue 17). */

describe('spinningOption', () => {
  it("maps 0 and 1 to both thread pools, and anything else to onnxruntime's default", () => {
    expect(spinningOption('0')).toEqual({ extra: { session: { 'intra_op.allow_spinning': '0', 'inter_op.allow_spinning': '0' } } });
    expect(spinningOption('1')).toEqual({ extra: { session: { 'intra_op.allow_spinning': '1', 'inter_op.allow_spinning': '1' } } });
    expect(spinningOption(undefined)).toEqual({});
    expect(spinningOption('off')).toEqual({});
  });
});

describe('a session with spinning off', () => {
  const saved = process.env.DEMO_DESKTOP_ORT_SPINNING;
  beforeAll(() => {
    process.env.DEMO_DESKTOP_ORT_SPINNING = '0';
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.DEMO_DESKTOP_ORT_SPINNING;
    else process.env.DEMO_DESKTOP_ORT_SPINNING = saved;
  });

  it('opens and answers as one with the default', async () => {
    const bytes = buildCostModel({ width: 16, depth: 2, seed: 3 });
    const x = new Tensor(
      'float32',
      Float32Array.from({ length: 16 }, (_, i) => i / 16),
      [1, 16],
    );
    const off = await createSession(bytes, 'cpu', { threads: 2, logger: silentLogger });
    delete process.env.DEMO_DESKTOP_ORT_SPINNING;
    const on = await createSession(bytes, 'cpu', { threads: 2, logger: silentLogger });
    process.env.DEMO_DESKTOP_ORT_SPINNING = '0';
    const [a, b] = [await off.session.run({ x }), await on.session.run({ x })];
    expect(a.y?.data).toEqual(b.y?.data);
    await Promise.all([off.session.release(), on.session.release()]);
  });
});
