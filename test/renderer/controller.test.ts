import { describe, expect, it } from 'vitest';
import { parseConfig, type Dependency } from '../../renderer/runner/config.js';
import { RunnerController, type EndpointRunner, type RunHandlers } from '../../renderer/runner/controller.js';
import { blocksConfig, chatConfig, interfaceConfig } from './fixtures.js';

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

  it('starts from carried-over values and knows which button becomes which Stop', () => {
    const endpoint = new FakeEndpoint();
    const controller = new RunnerController(parseConfig(interfaceConfig()), endpoint, () => 1000, { values: new Map([[1, 'kept']]) });
    expect(controller.getState().values.get(1)).toBe('kept');
    expect(controller.stopDependency(4)?.apiName).toBe('predict'); // Submit
    expect(controller.stopDependency(3)).toBeNull(); // Clear runs nothing
    expect(controller.stopDependency(1)).toBeNull(); // a textbox is no button
    expect(controller.config.dependencies.map((d) => controller.stopsOnButton(d))).toEqual([true]);
    // Blocks too: the Greet button becomes greet's Stop; a change or load event has no button.
    const blocks = setup(blocksConfig()).controller;
    expect(blocks.stopDependency(3)?.apiName).toBe('greet');
    expect(blocks.config.dependencies.map((d) => blocks.stopsOnButton(d))).toEqual([true, false, false, false]);
  });
});

/**
 * blocksConfig's components with chained dependencies, as main/server/gradio/config.ts emits them:
 *
 *   greet (go.click) ─then──► shout ─then──► whisper
 *                    └success► celebrate ─success► party
 */
function chainConfig(): Record<string, unknown> {
  const raw = blocksConfig();
  const [first] = raw.dependencies as Record<string, unknown>[];
  const dep = (id: number, api: string, inputs: number[], outputs: number[], after: number | null, onlyOnSuccess = false) => ({
    ...first,
    id,
    api_name: api,
    inputs,
    outputs,
    targets: after === null ? [[3, 'click']] : [[null, onlyOnSuccess ? 'success' : 'then']],
    trigger_after: after,
    trigger_only_on_success: onlyOnSuccess,
  });
  raw.dependencies = [
    dep(0, 'greet', [1], [2], null),
    dep(1, 'shout', [2], [7], 0),
    dep(2, 'whisper', [7], [], 1),
    dep(3, 'celebrate', [2], [5], 0, true),
    dep(4, 'party', [5], [], 3, true),
  ];
  return raw;
}

describe('RunnerController chains (.then / .success)', () => {
  const started = (endpoint: FakeEndpoint) => endpoint.runs.map((r) => r.dep.apiName);
  const fail = (endpoint: FakeEndpoint, apiName: string): void => {
    const run = endpoint.last(apiName);
    run.handlers.onStatus({ type: 'failed', message: 'no', title: null });
    run.end();
  };

  it('then: starts after a successful run, reading the values its outputs left', async () => {
    const { endpoint, controller } = setup(chainConfig());
    controller.setValue(1, 'Ada');
    controller.trigger(3, 'click');
    expect(started(endpoint)).toEqual(['greet']);
    endpoint.complete('greet', ['Hello, Ada!']);
    await flush();
    expect(started(endpoint)).toEqual(['greet', 'shout', 'celebrate']);
    expect(endpoint.last('shout').data).toEqual(['Hello, Ada!']);
    expect(endpoint.last('celebrate').data).toEqual(['Hello, Ada!']);
  });

  it('then: starts after a failed run too', async () => {
    const { endpoint, controller } = setup(chainConfig());
    controller.trigger(3, 'click');
    fail(endpoint, 'greet');
    await flush();
    expect(controller.job(0).stage).toBe('failed');
    expect(started(endpoint)).toContain('shout');
  });

  it('success: skipped after a failed run, and so is everything chained after it', async () => {
    const { endpoint, controller } = setup(chainConfig());
    controller.trigger(3, 'click');
    fail(endpoint, 'greet');
    await flush();
    expect(started(endpoint)).toEqual(['greet', 'shout']);
    expect(controller.job(3).stage).toBe('idle');
    endpoint.complete('shout', ['!']);
    await flush();
    expect(started(endpoint)).toEqual(['greet', 'shout', 'whisper']);
  });

  it('after a cancelled run, as in Gradio: then followers start, success followers do not', async () => {
    const { endpoint, controller } = setup(chainConfig());
    controller.trigger(3, 'click');
    controller.cancel(0);
    endpoint.last('greet').handlers.onStatus({ type: 'failed', message: 'An Unexpected Error Occurred!', title: null });
    endpoint.last('greet').end();
    await flush();
    expect(controller.job(0).stage).toBe('cancelled');
    expect(started(endpoint)).toEqual(['greet', 'shout']);
  });

  it('multi-level: each level starts only when the one before it ends, with its outputs', async () => {
    const { endpoint, controller } = setup(chainConfig());
    controller.trigger(3, 'click');
    endpoint.complete('greet', ['Hello!']);
    await flush();
    expect(started(endpoint)).toEqual(['greet', 'shout', 'celebrate']);
    endpoint.complete('shout', ['HELLO!']);
    await flush();
    expect(started(endpoint)).toEqual(['greet', 'shout', 'celebrate', 'whisper']);
    expect(endpoint.last('whisper').data).toEqual(['HELLO!']);
    endpoint.complete('celebrate', [42]);
    await flush();
    expect(started(endpoint)).toEqual(['greet', 'shout', 'celebrate', 'whisper', 'party']);
    expect(endpoint.last('party').data).toEqual([42]);
  });

  it('branches run independently: one failing branch does not stop the other', async () => {
    const { endpoint, controller } = setup(chainConfig());
    controller.trigger(3, 'click');
    endpoint.complete('greet', ['Hello!']);
    await flush();
    fail(endpoint, 'shout');
    endpoint.complete('celebrate', [7]);
    await flush();
    // whisper follows shout with .then (runs after its failure); party follows celebrate with .success.
    expect(started(endpoint).slice(3).sort()).toEqual(['party', 'whisper']);
    expect(controller.job(1).stage).toBe('failed');
    expect(controller.job(3).stage).toBe('completed');
    expect(controller.job(4).stage).toBe('starting');
  });

  it('a chained dependency has no component trigger of its own', () => {
    const { endpoint, controller } = setup(chainConfig());
    expect([...controller.listenedEvents(3)]).toEqual(['click']);
    expect(controller.listenedEvents(0).size).toBe(0);
    controller.start();
    expect(endpoint.runs).toHaveLength(0);
  });
});

describe('RunnerController: streams, chat messages and required inputs', () => {
  const user = (content: string) => ({ role: 'user', content });
  const bot = (content: string) => ({ role: 'assistant', content });

  it('keeps what the user types in a box that every streamed partial writes with the same value', () => {
    const { endpoint, controller } = setup(chatConfig());
    controller.setValue(2, 'hello');
    controller.trigger(2, 'submit');
    const run = endpoint.last('chat');
    expect(run.data).toEqual(['hello', []]);
    run.handlers.onData([[user('hello')], '']);
    controller.setValue(2, 'next ques'); // typing while the reply streams
    run.handlers.onData([[user('hello'), bot('Hi')], '']);
    run.handlers.onData([[user('hello'), bot('Hi there')], '']);
    expect(controller.getState().values.get(2)).toBe('next ques');
    expect(controller.getState().values.get(1)).toEqual([user('hello'), bot('Hi there')]);
    // A value the run does change is written, whatever the user typed.
    run.handlers.onData([[user('hello'), bot('Hi there')], 'suggested']);
    expect(controller.getState().values.get(2)).toBe('suggested');
  });

  it('shows a sent message at once and empties the box, until the run writes the conversation', () => {
    const { endpoint, controller } = setup(chatConfig());
    controller.setValue(2, '  hello  ');
    controller.trigger(3, 'click');
    expect(controller.getState().echoes.get(1)).toBe('hello');
    expect(controller.getState().values.get(2)).toBe(''); // the run writes the box: emptied now
    expect(endpoint.last('chat').data).toEqual(['  hello  ', []]); // the run still gets what was typed
    controller.setValue(2, 'typed while queued');
    endpoint.last('chat').handlers.onData([[user('hello')], '']);
    expect(controller.getState().echoes.size).toBe(0);
    expect(controller.getState().values.get(2)).toBe('typed while queued'); // '' equals what the page set
  });

  it('gives the message back to the box when the run fails or is stopped before writing anything', async () => {
    const { endpoint, controller } = setup(chatConfig());
    controller.setValue(2, 'hello');
    controller.trigger(2, 'submit');
    endpoint.last('chat').handlers.onStatus({ type: 'failed', message: 'boom', title: null });
    endpoint.last('chat').end();
    await flush();
    expect(controller.getState().echoes.size).toBe(0);
    expect(controller.getState().values.get(2)).toBe('hello');
    // Not over something new the user typed in the meantime.
    controller.trigger(2, 'submit');
    controller.setValue(2, 'something else');
    controller.cancel(0);
    await flush();
    endpoint.last('chat').end();
    await flush();
    expect(controller.getState().values.get(2)).toBe('something else');
    expect(controller.getState().echoes.size).toBe(0);
  });

  it('sends no empty message and shows no echo for it', () => {
    const { endpoint, controller } = setup(chatConfig());
    controller.setValue(2, '   ');
    controller.trigger(2, 'submit');
    expect(endpoint.runs).toHaveLength(1); // the function decides what an empty message means
    expect(controller.getState().echoes.size).toBe(0);
    expect(controller.getState().values.get(2)).toBe('   ');
  });

  it('asks for a required image before calling, and forgets the request once one is given', () => {
    const { endpoint, controller } = setup(chatConfig());
    controller.trigger(6, 'click');
    expect(endpoint.runs).toHaveLength(0);
    expect(controller.job(1).stage).toBe('idle');
    expect(controller.getState().missing).toEqual(new Map([[4, 'Upload an image first']]));
    controller.setValue(4, { kind: 'local-file', blob: new Blob(['x']), name: 'a.png', previewUrl: 'blob:a' });
    expect(controller.getState().missing.size).toBe(0);
    expect(endpoint.runs.map((r) => r.dep.apiName)).toEqual(['read_live']); // its change event ran
    controller.trigger(6, 'click');
    expect(endpoint.runs.map((r) => r.dep.apiName)).toEqual(['read_live', 'read']);
  });

  it('skips a run an emptied input triggers (a change, not a click) without a message', () => {
    const { endpoint, controller } = setup(chatConfig());
    controller.setValue(4, null);
    expect(endpoint.runs).toHaveLength(0);
    expect(controller.getState().missing.size).toBe(0);
  });
});
