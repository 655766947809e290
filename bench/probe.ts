import { InferenceSession, Tensor } from 'onnxruntime-node';
import { buildCostModel } from '../models/generator/cost-model.js';
async function t(width: number, depth: number, batch: number) {
  const s = await InferenceSession.create(buildCostModel({ width, depth }), { graphOptimizationLevel: 'all', executionProviders: ['cpu'] });
  const x = new Tensor('float32', new Float32Array(width * batch).fill(0.1), [batch, width]);
  for (let i = 0; i < 5; i++) await s.run({ x });
  const n = 20; const t0 = performance.now();
  for (let i = 0; i < n; i++) await s.run({ x });
  const ms = (performance.now() - t0) / n;
  console.log(`w=${width} d=${depth} b=${batch}: ${ms.toFixed(3)} ms/call, ${(ms / batch).toFixed(3)} ms/row`);
  await s.release();
}
for (const [w, d] of [[256, 64], [512, 24], [1024, 8]]) for (const b of [1, 16, 32, 64]) await t(w, d, b);
