/**
 * The real `@gradio/client` against the real server and engine: the protocol's oracle (doc §4).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, handleFile, type GradioClient } from './support/gradio-client.js';
import { gradioConfig } from '../../main/server/gradio/config-schema.js';
import { apiInfo } from '../../main/server/gradio/info.js';
import { startDemo, type Demo } from './support/demo-app.js';

interface StatusEvent {
  type: 'status';
  stage: string;
  message?: string;
  position?: number;
  original_msg?: string;
  progress_data?: { index: number | null; length: number | null }[];
}
interface DataEvent {
  type: 'data';
  data: unknown[];
}
interface LogEvent {
  type: 'log';
  log: string;
  level: string;
}
type Event = StatusEvent | DataEvent | LogEvent | { type: string };

let demo: Demo;
let client: GradioClient;

beforeAll(async () => {
  demo = await startDemo();
  client = await connect(demo.base, { events: ['data', 'status', 'log'] });
});

afterAll(async () => {
  client.close();
  await demo.close();
});

async function collect(job: AsyncIterable<unknown>): Promise<Event[]> {
  const events: Event[] = [];
  for await (const event of job) {
    events.push(event as Event);
    if (event && typeof event === 'object' && 'stage' in event && ['complete', 'error'].includes(String(event.stage))) break;
  }
  return events;
}

const statuses = (events: Event[]): StatusEvent[] => events.filter((e): e is StatusEvent => e.type === 'status');
const datas = (events: Event[]): DataEvent[] => events.filter((e): e is DataEvent => e.type === 'data');

describe('@gradio/client against the server', () => {
  it('serves a config and info that match our schemas', async () => {
    const config = gradioConfig.parse(await (await fetch(`${demo.base}config`)).json());
    expect(config.root).toBe(demo.base.replace(/\/$/, ''));
    expect(config.connect_heartbeat).toBe(false);
    const info = apiInfo.parse(await (await fetch(`${demo.base}gradio_api/info`)).json());
    expect(Object.keys(info.named_endpoints)).toContain('/greet');
    expect(Object.keys(info.named_endpoints)).not.toContain('/hidden_greet');
    expect(info.named_endpoints['/greet']?.parameters[0]).toMatchObject({ parameter_name: 'name', component: 'Textbox', label: 'Name' });
    const all = apiInfo.parse(await (await fetch(`${demo.base}gradio_api/info?all_endpoints=true`)).json());
    expect(Object.keys(all.named_endpoints)).toContain('/hidden_greet');
    expect(Object.keys(all.named_endpoints)).not.toContain('/greet_1');
    expect(info.unnamed_endpoints).toEqual({});
  });

  it('predicts positionally and by keyword', async () => {
    expect((await client.predict('/greet', ['World'])).data).toEqual(['Hello World!']);
    expect((await client.predict('/greet', { name: 'Ada' })).data).toEqual(['Hello Ada!']);
  });

  it('reports queue, start and completion statuses in order', async () => {
    const events = await collect(client.submit('/greet', ['Status']));
    const stages = statuses(events).map((s) => s.original_msg ?? s.stage);
    expect(stages[0]).toBe('pending');
    expect(stages).toContain('process_starts');
    expect(stages.at(-1)).toBe('complete');
    expect(datas(events).at(-1)?.data).toEqual(['Hello Status!']);
  });

  it('runs sequential calls on one client (close_stream ends each stream)', async () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      expect((await client.predict('/greet', [name])).data).toEqual([`Hello ${name}!`]);
    }
  });

  it('runs concurrent calls on one client over one stream', async () => {
    const names = ['p', 'q', 'r', 's', 't'];
    const results = await Promise.all(names.map((name) => client.predict('/greet', [name])));
    expect(results.map((r) => r.data)).toEqual(names.map((name) => [`Hello ${name}!`]));
  });

  it('streams a generator with progress and logs, then the full final value', async () => {
    const events = await collect(client.submit('/count', [4]));
    const values = datas(events).map((d) => d.data[0]);
    expect(values).toContain('1');
    expect(values).toContain('1 2');
    expect(values.at(-1)).toBe('1 2 3 4');
    expect(statuses(events).some((s) => s.stage === 'generating')).toBe(true);
    const logs = events.filter((e): e is LogEvent => e.type === 'log');
    expect(logs.map((l) => l.log)).toEqual(['step 1', 'step 2', 'step 3', 'step 4']);
    expect(logs.at(-1)?.level).toBe('success');
    expect(statuses(events).some((s) => s.progress_data?.[0]?.length === 4)).toBe(true);
  });

  it('reports an error with the function message', async () => {
    await expect(client.predict('/boom', ['lava'])).rejects.toMatchObject({
      message: expect.stringContaining('boom: lava is not allowed') as string,
    });
    // The client still works afterwards.
    expect((await client.predict('/greet', ['again'])).data).toEqual(['Hello again!']);
  });

  it('cancels a running job: completed with no output changed, and the client goes on on the same stream', async () => {
    const errors = vi.spyOn(console, 'error');
    const own = await connect(demo.base, { events: ['data', 'status'] });
    try {
      const job = own.submit('/slow', [30_000]);
      const events: Event[] = [];
      for await (const event of job) {
        events.push(event as Event);
        if ((event as StatusEvent).original_msg === 'process_starts') void job.cancel();
        const stage = (event as StatusEvent).stage;
        if (stage === 'complete' || stage === 'error') break;
      }
      expect(statuses(events).at(-1)?.stage).toBe('complete');
      // Gradio's "leave it as it is" (gr.skip()): a page keeps what the run had shown.
      expect(events.filter((e) => e.type === 'data').map((e) => (e as { data: unknown[] }).data)).toEqual([[{ __type__: 'update' }]]);
      await expect.poll(() => demo.engine.queueStatus().running).toBe(0);
      expect((await own.predict('/greet', ['after'])).data).toEqual(['Hello after!']);
      // Gradio's own `output: {}` made the client throw here and drop its stream.
      expect(errors.mock.calls.flat().join(' ')).not.toMatch(/Unexpected client exception/);
    } finally {
      errors.mockRestore();
      own.close();
    }
  });

  it('uploads a file, reads it in the function, and downloads a file output', async () => {
    const local = join(demo.dir, 'hello.txt');
    await writeFile(local, 'hi there');
    const read = await client.predict('/readText', [handleFile(local)]);
    // The client sends its local path as orig_name; only the base name reaches the function.
    expect(read.data[0]).toBe('hello.txt -> hi there');

    const made = await client.predict('/makeFile', ['abc']);
    const file = made.data[0] as { url: string; path: string; orig_name: string; meta: { _type: string } };
    expect(file).toMatchObject({ orig_name: 'note.txt', meta: { _type: 'gradio.FileData' }, mime_type: 'text/plain' });
    expect(file.path.startsWith(join(demo.dir, 'data', 'outputs'))).toBe(true);
    const response = await fetch(file.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('note: abc');

    const echoed = await client.predict('/echoFile', [new Blob([await readFile(local)])]);
    const echoedFile = echoed.data[0] as { url: string; path: string };
    // Copied into the outputs: a served output must outlive the upload it came from.
    expect(echoedFile.path.startsWith(join(demo.dir, 'data', 'outputs'))).toBe(true);
    expect(await (await fetch(echoedFile.url)).text()).toBe('hi there');
  });

  it("refuses a file output that is not the run's own, ours or allowed", async () => {
    await expect(client.predict('/leak', [])).rejects.toMatchObject({
      message: expect.stringContaining('/etc/passwd, which this server may not serve') as string,
    });
  });
});
