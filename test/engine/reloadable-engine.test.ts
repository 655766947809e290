/**
 * ReloadableEngine (the editor's preview): a new project is served without restarting what did
 * not change. Real worker processes: a JS module and two ONNX models, their pids compared.
 */
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReloadableEngine } from '../../main/engine/reloadable-engine.js';
import type { LoadedProject } from '../../main/project/load.js';
import { parseProject } from '../../preload/shared/project/check.js';
import { buildCostModel } from '../../models/generator/cost-model.js';
import { isAlive, tempDir, waitFor } from '../runtimes/support.js';

const WIDTH = 8;
const MODULE = "export function greet([name]) { return 'Hello ' + name + ' from ' + process.pid; }\n";

const onnx = (file: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  runtime: 'onnx',
  source: { path: file },
  device: 'cpu',
  ...extra,
  inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', WIDTH] }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', WIDTH] }],
});

function projectJson(changes: { label?: string; b?: Record<string, unknown> } = {}): Record<string, unknown> {
  return {
    version: 1,
    name: 'reload',
    models: { a: onnx('a.onnx'), b: onnx('b.onnx', changes.b) },
    functions: {
      greet: { kind: 'js', module: './fns.js', export: 'greet' },
      runA: { kind: 'model', model: 'a' },
      runB: { kind: 'model', model: 'b' },
    },
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'name', label: changes.label ?? 'Name' },
        { type: 'textbox', id: 'out' },
        { type: 'json', id: 'x' },
        { type: 'json', id: 'ya' },
        { type: 'json', id: 'yb' },
        { type: 'button', id: 'go' },
      ],
      events: [
        { trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['out'], apiName: 'greet' },
        { trigger: 'go.click', fn: 'runA', inputs: ['x'], outputs: ['ya'], apiName: 'a' },
        { trigger: 'go.click', fn: 'runB', inputs: ['x'], outputs: ['yb'], apiName: 'b' },
      ],
    },
  };
}

describe('ReloadableEngine (real workers)', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let engine: ReloadableEngine;
  const loaded = (json: Record<string, unknown>): LoadedProject => ({
    file: join(dir.path, 'project.json'),
    dir: dir.path,
    project: parseProject(json),
  });
  const run = async (apiName: string, input: unknown): Promise<unknown> => {
    const event = engine.app.events.find((e) => e.apiName === apiName);
    if (!event) throw new Error(`no event ${apiName}`);
    const [value] = await engine.run({ eventIndex: event.index, inputs: [input], signal: new AbortController().signal });
    return value;
  };
  const greetPid = async (): Promise<number> => Number(/from (\d+)$/.exec(String(await run('greet', 'Ann')))?.[1]);
  const modelPid = (name: string): number | undefined => engine.runtimes.model(name).hosts[0]?.pid;
  const x = new Array<number>(WIDTH).fill(0.5);

  beforeAll(async () => {
    dir = await tempDir('reload');
    await writeFile(join(dir.path, 'fns.js'), MODULE);
    await writeFile(join(dir.path, 'a.onnx'), buildCostModel({ width: WIDTH, depth: 1 }));
    await writeFile(join(dir.path, 'b.onnx'), buildCostModel({ width: WIDTH, depth: 1, seed: 2 }));
    engine = new ReloadableEngine(loaded(projectJson()), { environment: { offline: true, cacheDir: join(dir.path, 'cache') } });
  });
  afterAll(async () => {
    await engine.dispose();
    await dir.remove();
  });

  it('a label edit restarts no worker: same JS and model pids, measured run times kept', async () => {
    const pid = await greetPid();
    await greetPid(); // a warm run: measured
    await run('a', x);
    await run('b', x);
    const [a, b] = [modelPid('a'), modelPid('b')];
    expect(engine.runPercentiles('greet')?.samples).toBeGreaterThan(0);
    const restarted = await engine.reload(loaded(projectJson({ label: 'Your name' })));
    expect(restarted).toEqual({ models: [], modules: [] });
    expect(engine.app.components.get('name')?.props.label).toBe('Your name');
    expect(await greetPid()).toBe(pid);
    await run('a', x);
    expect([modelPid('a'), modelPid('b')]).toEqual([a, b]);
    expect(engine.runPercentiles('greet')?.samples).toBeGreaterThan(1);
  });

  it('a changed model restarts only that model; its measurements start over', async () => {
    const js = await greetPid();
    await run('a', x);
    await run('b', x);
    await run('b', x);
    const [a, b] = [modelPid('a'), modelPid('b')];
    expect(engine.runPercentiles('b')).not.toBeNull();
    const restarted = await engine.reload(loaded(projectJson({ label: 'Your name', b: { threads: 1 } })));
    expect(restarted).toEqual({ models: ['b'], modules: [] });
    await waitFor(() => !isAlive(b), 10_000, 'the old worker of b to exit');
    expect(engine.runPercentiles('b')).toBeNull();
    expect(engine.runPercentiles('a')).not.toBeNull();
    expect(await run('b', x)).toHaveProperty('y.dims', [1, WIDTH]);
    expect(modelPid('b')).not.toBe(b);
    expect(modelPid('a')).toBe(a);
    expect(await greetPid()).toBe(js);
  });

  it('a JS module whose file changed on disk restarts, and only it', async () => {
    const js = await greetPid();
    const a = modelPid('a');
    await writeFile(join(dir.path, 'fns.js'), MODULE.replace('Hello', 'Hi'));
    const later = new Date(Date.now() + 5_000);
    await utimes(join(dir.path, 'fns.js'), later, later);
    const restarted = await engine.reload(loaded(projectJson({ label: 'Your name', b: { threads: 1 } })));
    expect(restarted).toEqual({ models: [], modules: ['fns.js'] });
    const answer = String(await run('greet', 'Ann'));
    expect(answer).toMatch(/^Hi Ann from \d+$/);
    expect(Number(/(\d+)$/.exec(answer)?.[1])).not.toBe(js);
    expect(modelPid('a')).toBe(a);
  });

  it('a model or module the project no longer uses stops; it is not reported as restarted', async () => {
    const b = modelPid('b');
    const js = await greetPid();
    expect(isAlive(b)).toBe(true);
    const json = projectJson({ label: 'Your name', b: { threads: 1 } }) as {
      models: Record<string, unknown>;
      functions: Record<string, unknown>;
      ui: { events: unknown[] };
    };
    delete json.models.b;
    delete json.functions.runB;
    delete json.functions.greet;
    json.ui.events = json.ui.events.slice(1, 2);
    expect(await engine.reload(loaded(json))).toEqual({ models: [], modules: [] });
    await waitFor(() => !isAlive(b) && !isAlive(js), 10_000, 'the workers of b and fns.js to exit');
    expect(engine.runtimes.modelNames).toEqual(['a']);
  });
});
