import { describe, expect, it } from 'vitest';
import { TypedEvents } from '../../main/common/typed-events.js';
import { GpuAdmission, modelsOf } from '../../main/engine/gpu-admission.js';
import type { CommandRunner } from '../../main/gpu/command-runner.js';
import { GpuMemoryMonitor } from '../../main/gpu/gpu-memory-monitor.js';
import type { AppEvent } from '../../preload/shared/project/normalize.js';
import type { Project } from '../../preload/shared/project/schema.js';
import type { SchedulerEvents } from '../../main/scheduler/scheduler-events.js';

/** Which events are GPU-bound, and how runs are tracked from the scheduler's events (no processes). */

const functions: Project['functions'] = {
  classify: { kind: 'model', model: 'bert', params: {} },
  caption: { kind: 'model', model: 'vit', params: {} },
  glue: { kind: 'js', module: './fns.js', export: 'glue' },
  both: { kind: 'parallel', functions: ['classify', 'glue'], combine: 'outputs' },
  deep: { kind: 'chain', functions: ['glue', 'both', 'caption', 'classify'] },
  loopA: { kind: 'chain', functions: ['loopB', 'classify'] },
  loopB: { kind: 'chain', functions: ['loopA', 'caption'] },
};

describe('modelsOf', () => {
  it('finds models through parallel and chain members; JS functions and unknown names have none', () => {
    expect(modelsOf({ functions }, 'classify')).toEqual(['bert']);
    expect(modelsOf({ functions }, 'glue')).toEqual([]);
    expect(modelsOf({ functions }, 'both')).toEqual(['bert']);
    expect(modelsOf({ functions }, 'deep')).toEqual(['bert', 'vit']);
    expect(modelsOf({ functions }, 'loopA').sort()).toEqual(['bert', 'vit']);
    expect(modelsOf({ functions }, 'missing')).toEqual([]);
  });
});

describe('GpuAdmission', () => {
  function setup(devices: Readonly<Record<string, string>>) {
    const runner: CommandRunner = { run: () => Promise.resolve({ kind: 'ok', stdout: '', stderr: '' }) };
    const monitor = new GpuMemoryMonitor({ runner, pollIntervalMs: 3_600_000 });
    const events = new TypedEvents<SchedulerEvents>();
    const event = (fn: string, index: number) => ({ fn, apiName: fn, index }) as unknown as AppEvent;
    const begun: string[] = [];
    const begin = monitor.begin.bind(monitor);
    monitor.begin = (device, key) => {
      begun.push(`${device} ${key}`);
      const end = begin(device, key);
      return () => {
        begun.push(`end ${device} ${key}`);
        end();
      };
    };
    let wakes = 0;
    const admission = new GpuAdmission({
      project: { functions },
      app: { events: [event('deep', 0), event('glue', 1), event('caption', 2)] },
      monitor,
      deviceOf: (model) => devices[model],
      events,
      wake: () => wakes++,
    });
    return { admission, events, begun, monitor, wakes: () => wakes };
  }

  it('maps loaded devices to nvidia-smi ids; CPU models and JS-only events are not GPU-bound', () => {
    const { admission } = setup({ bert: 'cuda', vit: 'cuda:1' });
    expect(admission.devices('deep')).toEqual(['cuda:0', 'cuda:1']);
    expect(admission.devices('glue')).toEqual([]);
    const cpu = setup({ bert: 'cpu' }).admission;
    expect(cpu.devices('deep')).toEqual([]);
    cpu.dispose();
    expect(admission.admit('g', 'deep', 1)).toBe(true); // nothing measured yet
    admission.dispose();
  });

  it('tracks a run from started until the last member of its batch finished; dispose ends the rest', () => {
    const { admission, events, begun } = setup({ vit: 'cuda' });
    events.emit('started', { jobIds: ['a', 'b'], key: 'caption', groupId: 'g', waitMs: [0, 0] });
    events.emit('started', { jobIds: ['c'], key: 'glue', groupId: 'h', waitMs: [0] });
    events.emit('started', { jobIds: ['d'], key: 'caption', groupId: 'g', waitMs: [0] });
    const finished = (jobId: string) =>
      events.emit('finished', { jobId, key: 'caption', outcome: 'completed', waitMs: 0, runMs: 1, batchSize: 2 });
    finished('a');
    expect(begun).toEqual(['cuda:0 caption', 'cuda:0 caption']);
    finished('b');
    expect(begun.at(-1)).toBe('end cuda:0 caption');
    admission.dispose();
    expect(begun.filter((line) => line.startsWith('end'))).toHaveLength(2);
  });
});
