import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { TINY_DIR, tempDir } from '../runtimes/support.js';

/**
 * Cold starts stay out of the run-time model: a run that waited for its worker to start or its
 * model to load is not a run time ("an instant function usually takes 0.7–2.6 s" was the first
 * run's worker start), and the estimate says when a run would load a model first.
 * Real worker processes and the real tiny sentiment model.
 */

const MODULE = `
export function echo([text]) { return String(text); }
export function crash() { process.exit(3); }
`;

let dir: { path: string; remove: () => Promise<void> };
const engines: Engine[] = [];

beforeAll(async () => {
  dir = await tempDir('cold-start');
  await writeFile(join(dir.path, 'fns.js'), MODULE);
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
});
afterAll(async () => dir.remove());

async function engineFor(project: Omit<ProjectInput, 'version' | 'name'>): Promise<Engine> {
  const path = join(dir.path, 'project.json');
  await writeFile(path, JSON.stringify({ version: 1, name: 'cold', ...project }));
  const engine = await createEngine({ loaded: await loadProject(path), environment: { offline: true, cacheDir: join(dir.path, 'cache') } });
  engines.push(engine);
  return engine;
}

const run = (engine: Engine, eventIndex: number, inputs: unknown[]): Promise<unknown[]> =>
  engine.run({ eventIndex, inputs, signal: new AbortController().signal });

const PROJECT: Omit<ProjectInput, 'version' | 'name'> = {
  models: { sentiment: { runtime: 'transformers', task: 'text-classification', source: { path: join(TINY_DIR, 'sentiment') } } },
  functions: {
    echo: { kind: 'js', module: './fns.js', export: 'echo' },
    classify: { kind: 'model', model: 'sentiment' },
    both: { kind: 'parallel', functions: ['echo', 'classify'] },
  },
  ui: {
    type: 'blocks',
    children: [
      { type: 'textbox', id: 'text' },
      { type: 'textbox', id: 'echoed' },
      { type: 'label', id: 'label' },
    ],
    events: [
      { trigger: 'text.submit', fn: 'echo', inputs: ['text'], outputs: ['echoed'], apiName: 'echo' },
      { trigger: 'text.change', fn: 'classify', inputs: ['text'], outputs: ['label'], apiName: 'classify' },
      { trigger: 'text.input', fn: 'both', inputs: ['text'], outputs: ['echoed', 'label'], apiName: 'both' },
    ],
  },
};

describe('cold starts', () => {
  it('leave the first run of a JS function (its worker start) out of the run time; warm runs count', async () => {
    const engine = await engineFor(PROJECT);
    await run(engine, 0, ['hi']);
    // The only run so far started the worker: nothing to estimate from, rather than a wrong time.
    expect(engine.meanRunMs(0)).toBeNull();
    expect(engine.estimate(0).runMs).toBeNull();
    await run(engine, 0, ['again']);
    const warm = engine.estimate(0).runMs;
    expect(warm?.samples).toBe(1);
    // A warm echo takes milliseconds; the worker's start alone takes hundreds.
    expect(warm?.meanMs).toBeLessThan(250);
    expect(engine.metrics().echo?.completed).toBe(2); // the cold run still counts as a completed run
  });

  it('says a run would load a model first until one replica is loaded, for the model and what uses it', async () => {
    const engine = await engineFor(PROJECT);
    expect(engine.estimate(0).coldStart).toBe(false); // JS only: no model to load
    expect(engine.estimate(1).coldStart).toBe(true);
    expect(engine.estimate(2).coldStart).toBe(true); // a parallel with the model in it
    const [label] = (await run(engine, 1, ['I love this great movie'])) as [{ label: string }];
    expect(label.label).toBe('POSITIVE');
    expect(engine.estimate(1).coldStart).toBe(false);
    expect(engine.estimate(2).coldStart).toBe(false);
    expect(engine.estimate(1).runMs).toBeNull(); // that run loaded the model
    await run(engine, 1, ['I hate this terrible movie']);
    expect(engine.estimate(1).runMs?.samples).toBe(1);
  });

  it('leaves out a run that waited for a crashed worker to restart', async () => {
    const engine = await engineFor({
      functions: { echo: { kind: 'js', module: './fns.js', export: 'echo' }, crash: { kind: 'js', module: './fns.js', export: 'crash' } },
      ui: {
        type: 'blocks',
        children: [{ type: 'textbox', id: 'text' }],
        events: [
          { trigger: 'text.submit', fn: 'echo', inputs: ['text'], outputs: ['text'], apiName: 'echo' },
          { trigger: 'text.change', fn: 'crash', inputs: [], outputs: [], apiName: 'crash' },
        ],
      },
    });
    await run(engine, 0, ['warm-up']); // starts the worker
    await run(engine, 0, ['warm']);
    expect(engine.estimate(0).runMs?.samples).toBe(1);
    await expect(run(engine, 1, [])).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    await run(engine, 0, ['after the crash']); // waits for the restart
    expect(engine.estimate(0).runMs?.samples).toBe(1);
    await run(engine, 0, ['warm again']);
    expect(engine.estimate(0).runMs?.samples).toBe(2);
  });
});

describe('the estimate while the only slot is busy', () => {
  it('says no slot is free, even with nobody waiting', async () => {
    await writeFile(
      join(dir.path, 'slow.js'),
      `export function wait([ms], ctx) { return new Promise((resolve) => { const t = setTimeout(() => resolve('ok'), ms); ctx.signal.addEventListener('abort', () => { clearTimeout(t); resolve('stopped'); }); }); }`,
    );
    const engine = await engineFor({
      functions: { wait: { kind: 'js', module: './slow.js', export: 'wait' } },
      ui: {
        type: 'blocks',
        children: [{ type: 'number', id: 'ms' }],
        events: [{ trigger: 'ms.submit', fn: 'wait', inputs: ['ms'], outputs: ['ms'], apiName: 'wait', concurrencyLimit: 1 }],
      },
    });
    expect(engine.estimate(0)).toMatchObject({ rank: 0, slotFree: true });
    const controller = new AbortController();
    const started = new Promise<void>((resolve) => {
      void engine.run({ eventIndex: 0, inputs: [60_000], signal: controller.signal, onStart: () => resolve() }).catch(() => undefined);
    });
    await started;
    expect(engine.estimate(0)).toMatchObject({ rank: 0, queueSize: 1, slotFree: false });
    controller.abort();
    await expect.poll(() => engine.queueStatus().running).toBe(0);
    expect(engine.estimate(0).slotFree).toBe(true);
  });
});
