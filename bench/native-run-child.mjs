// A plain child for bench/native-run.ts: one onnxruntime session of the model file in MODEL_FILE
// (the options createSession uses on the CPU), one run per IPC message, its native span from
// one-caller-trace.mjs sent back. Plain JavaScript so that it runs with no loader unless the parent
// asks for one. ECHO=1: no model, each message answered at once (the wait between two raw runs).
import { createRequire } from 'node:module';
import { last } from './one-caller-trace.mjs';

const { InferenceSession, Tensor } = createRequire(import.meta.url)('onnxruntime-node');
const echo = process.env.ECHO === '1';
const session = echo
  ? undefined
  : await InferenceSession.create(process.env.MODEL_FILE, { graphOptimizationLevel: 'all', executionProviders: ['cpu'] });

process.on('message', async (message) => {
  if (!session) {
    process.send({ id: message.id });
    return;
  }
  await session.run({ x: new Tensor('float32', message.row, [1, message.row.length]) });
  process.send({ id: message.id, wall: last.nativeEnd - last.nativeStart, cpu: last.nativeCpu });
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
