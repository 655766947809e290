import { describe, expect, it } from 'vitest';
import { parseConfig, type Dependency } from '../../renderer/runner/config.js';
import { RunnerController, type EndpointRunner, type RunHandlers } from '../../renderer/runner/controller.js';
import { blocksConfig, interfaceConfig } from './fixtures.js';

/** A controllable EndpointRunner: records runs; the test finishes or fails them. */
class FakeEndpoint implements EndpointRunner {
  readonly runs: {
    dep: Dependency;
    data: readonly unknown[];
    handlers: RunHandlers;
    cancelled: boolean;
    end: () => void;
  }[] = [];

  run(dep: Dependency, data: readonly unknown[], handlers: RunHandlers) {
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    const record = { dep, data, handlers, cancelled: false, end };
    this.runs.push(record);
    return {
      done,
      cancel: () => {
        record.cancelled = true;
        return Promise.resolve();
      },
    };
  }

  last(apiName: string) {
    const found = this.runs.filter((r) => r.dep.apiName === apiName).at(-1);
    if (!found) throw new Error(`no run of ${apiName}`);
    return found;
  }

  complete(apiName: string, data: unknown[]): void {
    const run = this.last(apiName);
    run.handlers.onData(data);
    run.handlers.onStatus({ type: 'completed', at: Date.now() });
    run.end();
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(raw: Record<string, unknown>) {
  const endpoint = new FakeEndpoint();
  const controller = new RunnerController(parseConfig(raw), endpoint, () => 1000);
  return { endpoint, controller };
}

describe('RunnerController', () => {
  it('runs the clicked dependency with the current values and shows its outputs', async () => {
    const { endpoint, controller } = setup(interfaceConfig());
    let notified = 0;
    controller.subscribe(() => notified++);
    controller.setValue(1, 'I love this great movie');
    controller.trigger(4, 'click');
    expect(endpoint.runs).toHaveLength(1);
    expect(endpoint.runs[0]?.data).toEqual(['I love this great movie']);
    expect(controller.job(0).stage).toBe('starting');
    endpoint.complete('predict', [{ label: 'POSITIVE', confidences: [] }]);
    await flush();
    expect(controller.getState().values.get(2)).toEqual({ label: 'POSITIVE', confidences: [] });
    expect(controller.job(0).stage).toBe('completed');
    expect(notified).toBeGreaterThan(0);
  });

  it('ignores a second click while a trigger_mode "once" run is active', () => {
    const { endpoint, controller } = setup(interfaceConfig());
    controller.trigger(4, 'click');
    controller.trigger(1, 'submit');
    expect(endpoint.runs).toHaveLength(1);
  });

  it('runs an always_last dependency once more with the newest value after the active run', async () => {
    const { endpoint, controller } = setup(blocksConfig());
    controller.setValue(4, 3);
    controller.setValue(4, 4);
    controller.setValue(4, 5);
    expect(endpoint.runs.filter((r) => r.dep.apiName === 'double')).toHaveLength(1);
    endpoint.complete('double', [6]);
    await flush();
    const doubles = endpoint.runs.filter((r) => r.dep.apiName === 'double');
    expect(doubles).toHaveLength(2);
    expect(doubles[1]?.data).toEqual([5]);
  });

  it('runs load dependencies on start and chains change triggers from outputs', async () => {
    const { endpoint, controller } = setup(blocksConfig());
    controller.start();
    expect(endpoint.runs.map((r) => r.dep.apiName)).toEqual(['banner']);
    controller.setValue(1, 'Ada');
    controller.trigger(3, 'click');
    expect(endpoint.last('greet').data).toEqual(['Ada', null]);
    endpoint.complete('greet', ['Hello, Ada!', 1]);
    await flush();
    // greeting changed → log_greeting (targets greeting.change) runs with it.
    expect(endpoint.last('log_greeting').data).toEqual(['Hello, Ada!']);
  });

  it('shows a failure as a readable message and a stream that ends early as an error', async () => {
    const { endpoint, controller } = setup(interfaceConfig());
    controller.trigger(4, 'click');
    endpoint.last('predict').handlers.onStatus({ type: 'failed', message: 'Model exploded', title: 'Error' });
    endpoint.last('predict').end();
    await flush();
    expect(controller.job(0)).toEqual({ stage: 'failed', message: 'Model exploded', title: 'Error' });
    controller.trigger(4, 'click');
    endpoint.last('predict').end();
    await flush();
    expect(controller.job(0)).toMatchObject({ stage: 'failed', message: expect.stringMatching(/closed before the run finished/) });
  });

  it('cancels: asks the endpoint, ends in cancelled, never in failed', async () => {
    const { endpoint, controller } = setup(interfaceConfig());
    controller.trigger(4, 'click');
    endpoint.last('predict').handlers.onStatus({ type: 'queued', at: 1, position: 0, size: 1, eta: null });
    controller.cancel(0);
    expect(controller.job(0).stage).toBe('cancelling');
    expect(endpoint.last('predict').cancelled).toBe(true);
    endpoint.last('predict').handlers.onStatus({ type: 'failed', message: 'An Unexpected Error Occurred!', title: null });
    endpoint.last('predict').end();
    await flush();
    expect(controller.job(0)).toEqual({ stage: 'cancelled' });
  });

  it('Clear (interface mode) resets values without running anything', async () => {
    const { endpoint, controller } = setup(interfaceConfig());
    controller.setValue(1, 'text');
    controller.trigger(4, 'click');
    endpoint.complete('predict', [{ label: 'POSITIVE', confidences: [] }]);
    await flush();
    controller.trigger(3, 'click');
    expect(controller.getState().values.get(1)).toBe('');
    expect(controller.getState().values.get(2)).toBeNull();
    expect(controller.job(0).stage).toBe('idle');
    expect(endpoint.runs).toHaveLength(1);
    expect(controller.listenedEvents(3).has('click')).toBe(true);
  });

  it('fills inputs from an example row', () => {
    const { controller } = setup(interfaceConfig());
    controller.applyExample(['I hate it']);
    expect(controller.getState().values.get(1)).toBe('I hate it');
  });

  it('after dispose, late events change nothing', async () => {
    const { endpoint, controller } = setup(interfaceConfig());
    controller.trigger(4, 'click');
    controller.dispose();
    expect(endpoint.last('predict').cancelled).toBe(true);
    endpoint.complete('predict', ['late']);
    await flush();
    expect(controller.getState().values.get(2)).toBeNull();
  });

  it('a failed run adds an error toast with its message; Escape-style dismiss removes it; a new run clears stale ones', () => {
    const { endpoint, controller } = setup(interfaceConfig());
    controller.trigger(4, 'click');
    endpoint.last('predict').handlers.onStatus({ type: 'failed', message: 'bad input', title: 'ValueError' });
    const [toast] = controller.getState().toasts;
    expect(toast).toMatchObject({ kind: 'error', title: 'ValueError', message: 'bad input', depId: 0 });
    controller.dismissToast(toast?.id ?? -1);
    expect(controller.getState().toasts).toEqual([]);
    endpoint.last('predict').end();
    controller.trigger(4, 'click');
    endpoint.last('predict').handlers.onStatus({ type: 'failed', message: 'again', title: null });
    expect(controller.getState().toasts).toHaveLength(1);
    controller.trigger(4, 'click'); // the failed run is no longer active: a new one starts
    expect(controller.getState().toasts).toEqual([]);
  });

  it('queue full: a retry toast that runs the dependency again', async () => {
    const { endpoint, controller } = setup(interfaceConfig());
    controller.setValue(1, 'hello');
    controller.trigger(4, 'click');
    endpoint
      .last('predict')
      .handlers.onStatus({ type: 'failed', message: 'This application is currently busy. Please try again. ', title: null });
    endpoint.last('predict').end();
    await flush();
    const [toast] = controller.getState().toasts;
    expect(toast?.kind).toBe('queue-full');
    controller.retry(toast?.id ?? -1);
    expect(endpoint.runs).toHaveLength(2);
    expect(endpoint.last('predict').data).toEqual(['hello']);
    expect(controller.getState().toasts).toEqual([]);
  });

  it('a broken connection makes no toast but tells the page to reconnect', () => {
    const endpoint = new FakeEndpoint();
    let lost = 0;
    const controller = new RunnerController(parseConfig(interfaceConfig()), endpoint, () => 1000, { onConnectionError: () => lost++ });
    controller.trigger(4, 'click');
    endpoint.last('predict').handlers.onStatus({ type: 'failed', message: 'Connection errored out. ', title: null });
    expect(controller.getState().toasts).toEqual([]);
    expect(lost).toBe(1);
  });

  it('starts from carried-over values and knows where the Stop button goes', () => {
    const endpoint = new FakeEndpoint();
    const controller = new RunnerController(parseConfig(interfaceConfig()), endpoint, () => 1000, { values: new Map([[1, 'kept']]) });
    expect(controller.getState().values.get(1)).toBe('kept');
    expect(controller.isSubmitButton(4)).toBe(true);
    expect(controller.isSubmitButton(3)).toBe(false);
    expect(controller.config.dependencies.map((d) => controller.stopsBesideSubmit(d))).toEqual([true]);
    const blocks = setup(blocksConfig()).controller;
    expect(blocks.config.dependencies.some((d) => blocks.stopsBesideSubmit(d))).toBe(false);
  });
});
