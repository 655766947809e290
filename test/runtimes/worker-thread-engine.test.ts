import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { buildCostModel } from '../../models/generator/cost-model.js';
import { childPids } from '../../bench/proc-cpu.js';
import { tempDir } from './support.js';

/**
 * `"isolation": "thread"` from project.json to onnxruntime: the engine runs the same model in a
 * worker thread and in a worker process, and both answer alike.
 */

const WIDTH = 32;
const signal = (): AbortSignal => new AbortController().signal;

function project(): Record<string, unknown> {
  const model = (isolation: string): Record<string, unknown> => ({
    runtime: 'onnx',
    source: { path: 'cost.onnx' },
    device: 'cpu',
    isolation,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', WIDTH] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', WIDTH] }],
  });
  return {
    version: 1,
    name: 'threads',
    models: { threaded: model('thread'), separate: model('process') },
    functions: {
      inThread: { kind: 'model', model: 'threaded' },
      inProcess: { kind: 'model', model: 'separate' },
    },
    ui: {
      type: 'blocks',
      children: [
        { type: 'json', id: 'x' },
        { type: 'json', id: 'a' },
        { type: 'json', id: 'b' },
      ],
      events: [
        { trigger: 'x.change', fn: 'inThread', inputs: ['x'], outputs: ['a'], apiName: 'thread', batch: true, maxBatchSize: 4 },
        { trigger: 'x.change', fn: 'inProcess', inputs: ['x'], outputs: ['b'], apiName: 'process' },
      ],
    },
  };
}

describe('an ONNX model on a worker thread, through the engine', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let engine: Engine;

  beforeAll(async () => {
    dir = await tempDir('thread-engine');
    await writeFile(join(dir.path, 'cost.onnx'), buildCostModel({ width: WIDTH, depth: 2 }));
    const file = join(dir.path, 'project.json');
    await writeFile(file, JSON.stringify(project()));
    engine = await createEngine({
      loaded: await loadProject(file),
      environment: { offline: true, cacheDir: join(dir.path, 'cache') },
      gpu: false,
    });
  });

  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it('answers like the same model in a worker process, concurrent calls to a batching event included', async () => {
    const rows = Array.from({ length: 4 }, (_, r) => Array.from({ length: WIDTH }, (_, i) => Math.cos(r + i / 3)));
    const inProcess = await Promise.all(rows.map((row) => engine.run({ eventIndex: 1, inputs: [row], signal: signal() })));
    const inThread = await Promise.all(rows.map((row) => engine.run({ eventIndex: 0, inputs: [row], signal: signal() })));
    expect(inThread).toEqual(inProcess);
    expect(inThread[0]?.[0]).toMatchObject({ y: { dims: [1, WIDTH] } });
    // Both models are loaded, and only one worker process was forked: the other is a thread.
    expect(childPids(process.pid, /worker-main/)).toHaveLength(1);
  });
});
