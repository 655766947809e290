import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCostModel } from '../../models/generator/cost-model.js';
import { loadProject, type LoadedProject } from '../../main/project/load.js';
import type { MemoryLimits } from '../../main/tune/memory-watch.js';

/** Projects for the tune tests: the configurable-cost ONNX model (bench/model.ts's) and a memory-heavy JS function. */

export interface Fixture {
  readonly dir: string;
  readonly file: string;
  load(): Promise<LoadedProject>;
  remove(): Promise<void>;
}

async function fixture(prefix: string, files: Record<string, string | Uint8Array>): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), `demo-desktop-tune-${prefix}-`));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  const file = join(dir, 'project.json');
  return { dir, file, load: () => loadProject(file), remove: () => rm(dir, { recursive: true, force: true }) };
}

export function rows(width: number, count: number): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from({ length: width }, (_, i) => Number(Math.sin(r * 7.1 + i * 0.37).toFixed(4))));
}

/** An Interface over the cost model: a json row in, a json tensor out, example rows to load it with. */
export function costProject(width: number, extra: Record<string, unknown> = {}): string {
  const project = {
    version: 1,
    name: `cost ${width}`,
    models: {
      cost: {
        runtime: 'onnx',
        source: { path: './cost.onnx' },
        device: 'cpu',
        inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', width] }],
        outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', width] }],
      },
    },
    functions: { infer: { kind: 'model', model: 'cost' } },
    ui: {
      type: 'interface',
      fn: 'infer',
      inputs: [{ type: 'json', id: 'row' }],
      outputs: [{ type: 'json', id: 'out' }],
      examples: rows(width, 4).map((row) => [row]),
    },
    ...extra,
  };
  return `${JSON.stringify(project, null, 2)}\n`;
}

export function costFixture(width: number, depth: number, extra: Record<string, unknown> = {}): Promise<Fixture> {
  return fixture(`cost-${width}x${depth}`, {
    'cost.onnx': buildCostModel({ width, depth, seed: 7 }),
    'project.json': costProject(width, extra),
  });
}

/**
 * A function whose every request holds `mb` MB of touched memory for `holdMs` (sleep-bound: its
 * throughput keeps rising with concurrency long after memory runs out).
 */
export function heavyFixture(mb: number, holdMs: number, budgetMb: number): Promise<Fixture> {
  const module = `export default async function heavy(n) {
  const bytes = new Uint8Array(${mb} * 1024 * 1024);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
  await new Promise((resolve) => setTimeout(resolve, ${holdMs}));
  return bytes[4096] + Number(n);
}
`;
  const project = {
    version: 1,
    name: 'heavy',
    memoryBudgetMb: budgetMb,
    functions: { heavy: { kind: 'js', module: './heavy.js' } },
    ui: {
      type: 'interface',
      fn: 'heavy',
      inputs: [{ type: 'number', id: 'n' }],
      outputs: [{ type: 'number', id: 'out' }],
      examples: [[1], [2]],
    },
  };
  return fixture('heavy', { 'heavy.js': module, 'project.json': `${JSON.stringify(project, null, 2)}\n` });
}

export const noGpu = (budgetBytes: number): MemoryLimits => ({
  budgetBytes,
  gpuBudgetBytes: null,
  gpuBaselineBytes: 0,
  minFreeBytes: 64 * 2 ** 20,
});
