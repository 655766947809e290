/**
 * A worker in a crash loop, seen through the real `@gradio/client` (what the runner page and API
 * callers get): each crash says what happened and that the worker is being restarted; once it is
 * paused, every call says at once that the worker is crashing, how often, and when it will start
 * again, with show_error on or off (the app words these itself, from its own facts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { connect, type GradioClient } from './support/gradio-client.js';

const CRASH_MODULE = `
export function crash() { process.exit(3); }
export function boom() { throw new Error('secret detail from user code'); }
`;

const PROJECT: Omit<ProjectInput, 'version' | 'name'> = {
  functions: {
    crash: { kind: 'js', module: './crash.js', export: 'crash' },
    boom: { kind: 'js', module: './boom.js', export: 'boom' },
  },
  ui: {
    type: 'blocks',
    children: [{ type: 'textbox', id: 'out' }],
    events: [
      { trigger: 'out.submit', fn: 'crash', inputs: [], outputs: ['out'] },
      { trigger: 'out.submit', fn: 'boom', inputs: [], outputs: ['out'] },
    ],
  },
};

const errorOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = (await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as { message?: unknown } | undefined;
  return String(error?.message);
};

describe.each([false, true])('a crash loop through the Gradio API (show_error %s)', (showError) => {
  let demo: Demo;
  let client: GradioClient;

  beforeAll(async () => {
    demo = await startDemo(
      PROJECT,
      { showError, workers: { restartPolicy: { maxCrashes: 2, initialDelayMs: 10, windowMs: 60_000, pauseMs: 120_000 } } },
      { 'crash.js': CRASH_MODULE, 'boom.js': CRASH_MODULE },
    );
    client = await connect(demo.base);
  });

  afterAll(async () => {
    client.close();
    await demo.close();
  });

  it('says the worker crashed and is being restarted, then that it is crashing, how often and when it starts again', async () => {
    expect(await errorOf(client.predict('/crash', []))).toMatch(
      /^The worker for JS module "crash\.js" crashed \(exit code 3\); it is being restarted in 10 ms \(crash 1 within 60 s; at 2 it pauses for 120 s\)\.$/,
    );
    const paused =
      /^The worker for JS module "crash\.js" is crashing: it crashed 2 times within 60 s \(last: exit code 3\)\. It is paused, and calls fail at once until it starts again at \d\d:\d\d:\d\d \(in \d+ s\)\./;
    expect(await errorOf(client.predict('/crash', []))).toMatch(paused);
    // While paused, at once and with the same facts.
    const started = performance.now();
    expect(await errorOf(client.predict('/crash', []))).toMatch(paused);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("keeps user code's own error messages behind show_error", async () => {
    const message = await errorOf(client.predict('/boom', []));
    if (showError) expect(message).toContain('secret detail from user code');
    else expect(message).not.toContain('secret detail');
  });
});
