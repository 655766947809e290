/**
 * Chained events (Gradio's `.then()` / `.success()`) on the wire, with examples/chain: /config
 * carries `trigger_after` and `trigger_only_on_success` and a `[null, "then" | "success"]` target
 * as Gradio emits them, and every chained event is an ordinary endpoint that clients can call.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { gradioConfig } from '../../main/server/gradio/config-schema.js';
import { apiInfo } from '../../main/server/gradio/info.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import { REPO_ROOT, tempDir } from '../runtimes/support.js';
import { connect, type GradioClient } from './support/gradio-client.js';

let engine: Engine;
let server: RunningServer;
let dir: { path: string; remove: () => Promise<void> };
let client: GradioClient;

beforeAll(async () => {
  dir = await tempDir('chain');
  const loaded = await loadProject(join(REPO_ROOT, 'examples', 'chain', 'project.json'));
  engine = await createEngine({ loaded, environment: { offline: true, cacheDir: join(dir.path, 'cache') } });
  server = await startServer({ engine, dataDir: join(dir.path, 'data') });
  client = await connect(server.url);
});

afterAll(async () => {
  client.close();
  await server.close();
  await engine.dispose();
  await dir.remove();
});

describe('chained events', () => {
  it('/config: trigger_after, trigger_only_on_success and a target with no block, as Gradio sends them', async () => {
    const config = gradioConfig.parse(await (await fetch(`${server.url}config`)).json());
    const id = (key: string): number | undefined => config.components.find((c) => c.key === key)?.id;
    expect(
      config.dependencies.map((d) => [d.id, d.api_name, d.targets, d.trigger_after, d.trigger_only_on_success, d.trigger_mode]),
    ).toEqual([
      [
        0,
        'greet',
        [
          [id('go'), 'click'],
          [id('name'), 'submit'],
        ],
        null,
        false,
        'once',
      ],
      [1, 'shout', [[null, 'then']], 0, false, 'once'],
      [2, 'count', [[null, 'success']], 1, true, 'once'],
      [3, 'fail', [[id('fail'), 'click']], null, false, 'once'],
      [4, 'tidy', [[null, 'then']], 3, false, 'once'],
      [5, 'greet_1', [[null, 'success']], 3, true, 'once'],
    ]);
    const shout = config.dependencies[1];
    expect(shout?.inputs).toEqual([id('greeting')]);
    expect(shout?.outputs).toEqual([id('shouted')]);
    expect(config.dependencies[5]?.api_visibility).toBe('private');
  });

  it('/info lists chained events as endpoints (apiName false hides one)', async () => {
    const info = apiInfo.parse(await (await fetch(`${server.url}gradio_api/info`)).json());
    expect(Object.keys(info.named_endpoints).sort()).toEqual(['/count', '/fail', '/greet', '/shout', '/tidy']);
    expect(info.named_endpoints['/shout']?.parameters[0]).toMatchObject({ parameter_name: 'greeting', label: 'Greeting' });
  });

  it('a chained event runs on its own when a client calls it: the server never starts followers', async () => {
    const runs = (api: string): number => {
      const m = engine.metrics()[api];
      return m ? m.queued + m.running + m.completed + m.failed + m.cancelled : 0;
    };
    expect((await client.predict('/greet', ['Ada'])).data).toEqual(['Hello Ada!']);
    // Following is the page's job (trigger_after): an API call to greet starts nothing else.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([runs('greet'), runs('shout'), runs('count')]).toEqual([1, 0, 0]);
    expect((await client.predict('/shout', ['Hello Ada!'])).data).toEqual(['HELLO ADA! HOW ARE YOU?']);
    expect((await client.predict('/count', ['four'])).data).toEqual(['4 characters']);
    expect([runs('greet'), runs('shout'), runs('count')]).toEqual([1, 1, 1]);
  });
});
