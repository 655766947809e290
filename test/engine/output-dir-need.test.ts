/** Which runs need a folder for output files: only those that reach a JS function (issue 17). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCostModel } from '../../models/generator/cost-model.js';
import { createEngine } from '../../main/engine/create-engine.js';
import { usesOutputDir } from '../../main/engine/output-dir-need.js';
import type { Engine, RunRequest } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import type { FunctionDefinition } from '../../preload/shared/project/schema-functions.js';
import { readSse } from '../server/support/raw-http.js';
import { tempDir } from '../runtimes/support.js';

const model = { kind: 'model', model: 'cost' } as FunctionDefinition;
const js = { kind: 'js', module: './fns.js', export: 'greet', description: undefined } as FunctionDefinition;

describe('usesOutputDir', () => {
  const functions: Record<string, FunctionDefinition> = {
    infer: model,
    greet: js,
    twoModels: { kind: 'parallel', functions: ['infer', 'infer'], combine: 'outputs' },
    modelThenJs: { kind: 'chain', functions: ['infer', 'greet'] },
    nested: { kind: 'chain', functions: ['twoModels', 'modelThenJs'] },
    loopA: { kind: 'chain', functions: ['loopB', 'infer'] },
    loopB: { kind: 'chain', functions: ['loopA', 'infer'] },
  };

  it('is false for model functions, alone or combined', () => {
    expect(usesOutputDir(functions, 'infer')).toBe(false);
    expect(usesOutputDir(functions, 'twoModels')).toBe(false);
  });

  it('is true wherever a JS function takes part', () => {
    expect(usesOutputDir(functions, 'greet')).toBe(true);
    expect(usesOutputDir(functions, 'modelThenJs')).toBe(true);
    expect(usesOutputDir(functions, 'nested')).toBe(true);
  });

  it('ends on a cycle, and keeps the folder for a name it does not know', () => {
    expect(usesOutputDir(functions, 'loopA')).toBe(false);
    expect(usesOutputDir(functions, 'nope')).toBe(true);
  });
});

describe('the HTTP server gives a run its folder only when it may write files', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let engine: Engine;
  let server: RunningServer;
  const seen = new Map<number, (string | undefined)[]>();

  beforeAll(async () => {
    dir = await tempDir('output-dir-need');
    await writeFile(join(dir.path, 'cost.onnx'), buildCostModel({ width: 4, depth: 1 }));
    await writeFile(join(dir.path, 'fns.js'), 'export function greet([name]) { return "Hello " + name; }\n');
    const project = {
      version: 1,
      name: 'output-dir-need',
      models: {
        cost: {
          runtime: 'onnx',
          source: { path: './cost.onnx' },
          device: 'cpu',
          inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4] }],
          outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 4] }],
        },
      },
      functions: { infer: { kind: 'model', model: 'cost' }, greet: { kind: 'js', module: './fns.js', export: 'greet' } },
      ui: {
        type: 'blocks',
        children: [
          { type: 'json', id: 'row' },
          { type: 'json', id: 'out' },
          { type: 'textbox', id: 'name' },
          { type: 'textbox', id: 'hello' },
        ],
        events: [
          { trigger: 'row.change', fn: 'infer', inputs: ['row'], outputs: ['out'], apiName: 'infer' },
          { trigger: 'name.submit', fn: 'greet', inputs: ['name'], outputs: ['hello'], apiName: 'greet' },
        ],
      },
    };
    const file = join(dir.path, 'project.json');
    await writeFile(file, JSON.stringify(project));
    engine = await createEngine({ loaded: await loadProject(file), environment: { offline: true, cacheDir: join(dir.path, 'cache') } });
    const submit = engine.submit.bind(engine);
    engine.submit = (request: RunRequest) => {
      seen.set(request.eventIndex, [...(seen.get(request.eventIndex) ?? []), request.outputDir]);
      return submit(request);
    };
    await mkdir(join(dir.path, 'data'), { recursive: true });
    server = await startServer({ engine, dataDir: join(dir.path, 'data') });
  });
  afterAll(async () => {
    await server.close();
    await engine.dispose();
    await dir.remove();
  });

  const call = async (api: string, data: unknown[]): Promise<string> => {
    const started = await fetch(`${server.url}gradio_api/call/${api}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    const { event_id } = (await started.json()) as { event_id: string };
    return readSse(await fetch(`${server.url}gradio_api/call/${api}/${event_id}`));
  };

  it('a model event runs without one, a JS event with its own', async () => {
    expect(await call('infer', [[1, 2, 3, 4]])).toContain('event: complete');
    expect(await call('greet', ['Ada'])).toContain('Hello Ada');
    const index = (api: string): number => engine.app.events.findIndex((event) => event.apiName === api);
    expect(seen.get(index('infer'))).toEqual([undefined]);
    const [greetDir] = seen.get(index('greet')) ?? [];
    expect(greetDir).toEqual(expect.any(String));
  });
});
