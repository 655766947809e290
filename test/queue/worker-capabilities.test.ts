import { describe, expect, it } from 'vitest';
import { normalize } from '../../preload/shared/project/normalize.js';
import { project as projectSchema, type Project } from '../../preload/shared/project/schema.js';
import { queueSettingsOf } from '../../main/queue/worker/queue-settings.js';
import { workerCapabilities } from '../../main/queue/worker/worker-capabilities.js';

/** Which groups a worker serves (`--models`, `--device`), pure: the project model only. */

const model = (device: 'auto' | 'cpu' | 'gpu', load: 'lazy' | 'eager' = 'eager') => ({
  runtime: 'transformers',
  source: { hub: 'Xenova/some-model' },
  task: 'text-classification',
  device,
  load,
});

function sample(): Project {
  return projectSchema.parse({
    version: 1,
    name: 'caps',
    models: { small: model('auto'), big: model('gpu'), cpuOnly: model('cpu') },
    functions: {
      classify: { kind: 'model', model: 'small' },
      generate: { kind: 'model', model: 'big' },
      both: { kind: 'parallel', functions: ['classify', 'generate'], combine: 'outputs' },
      tidy: { kind: 'js', module: './fns.js', export: 'tidy' },
      legacy: { kind: 'model', model: 'cpuOnly' },
    },
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'a' },
        { type: 'textbox', id: 'b' },
      ],
      events: [
        { trigger: 'a.submit', fn: 'classify', inputs: ['a'], outputs: ['b'], concurrencyLimit: 4 },
        // Shares classify's group with a lower limit: the group's limit on this worker is the lowest.
        { trigger: 'a.submit', fn: 'tidy', inputs: ['a'], outputs: ['b'], concurrencyId: 'classify', concurrencyLimit: 2 },
        { trigger: 'a.submit', fn: 'generate', inputs: ['a'], outputs: ['b'], concurrencyLimit: null },
        { trigger: 'a.submit', fn: 'both', inputs: ['a'], outputs: ['b'] },
        { trigger: 'a.submit', fn: 'legacy', inputs: ['a'], outputs: ['b'], concurrencyLimit: 1 },
      ],
    },
  });
}

const served = (caps: ReturnType<typeof workerCapabilities>) => caps.served.map((group) => [group.id, group.limit]);

describe('workerCapabilities', () => {
  it('serves every group by default, each with the lowest limit of its events', () => {
    const project = sample();
    const caps = workerCapabilities(project, normalize(project), { device: 'auto' });
    expect(served(caps)).toEqual([
      ['classify', 2],
      ['generate', null],
      ['both', 1],
      ['legacy', 1],
    ]);
    expect(caps.skipped).toEqual([]);
    expect(caps.project.models).toEqual(project.models);
  });

  it('--models: serves only groups whose events use no other model (members of parallel functions count), loads no other model', () => {
    const project = sample();
    const caps = workerCapabilities(project, normalize(project), { device: 'auto', models: ['small', 'cpuOnly'] });
    expect(served(caps)).toEqual([
      ['classify', 2],
      ['legacy', 1],
    ]);
    expect(caps.skipped).toEqual([
      { id: 'generate', reason: 'function "generate" uses model "big", not in --models' },
      { id: 'both', reason: 'function "both" uses model "big", not in --models' },
    ]);
    expect(caps.project.models.big?.load).toBe('lazy');
    expect(caps.project.models.small?.load).toBe('eager');
  });

  it('--device cpu: leaves models that ask for a GPU to other workers and runs "auto" models on the CPU', () => {
    const project = sample();
    const caps = workerCapabilities(project, normalize(project), { device: 'cpu' });
    expect(served(caps).map(([id]) => id)).toEqual(['classify', 'legacy']);
    expect(caps.skipped.map((group) => group.reason)).toEqual([
      'function "generate" uses model "big", which asks for a GPU (device "gpu"), and this worker is --device cpu',
      'function "both" uses model "big", which asks for a GPU (device "gpu"), and this worker is --device cpu',
    ]);
    expect(caps.project.models.small?.device).toBe('cpu');
    expect(caps.project.models.big).toMatchObject({ device: 'gpu', load: 'lazy' });
    expect(caps.project.models.cpuOnly?.device).toBe('cpu');
  });

  it('--device gpu runs "auto" models on the GPU and keeps models pinned to the CPU there', () => {
    const project = sample();
    const caps = workerCapabilities(project, normalize(project), { device: 'gpu' });
    expect(caps.served).toHaveLength(4);
    expect(caps.project.models.small?.device).toBe('gpu');
    expect(caps.project.models.cpuOnly?.device).toBe('cpu');
  });

  it('refuses --models naming a model the project does not have, listing the ones it has', () => {
    const project = sample();
    expect(() => workerCapabilities(project, normalize(project), { device: 'auto', models: ['small', 'whisper'] })).toThrow(
      /--models names "whisper", not in this project \(its models: small, big, cpuOnly\)/,
    );
  });

  it('reads the lease and the lost-worker retry from project.json, over the queue defaults', () => {
    const project = sample();
    expect(queueSettingsOf(project)).toEqual({ leaseMs: 30_000, lostWorkerRetries: 1 });
    expect(queueSettingsOf({ queue: { ...project.queue, leaseSeconds: 2.5, retryLostWorker: false } })).toEqual({
      leaseMs: 2500,
      lostWorkerRetries: 0,
    });
  });
});
