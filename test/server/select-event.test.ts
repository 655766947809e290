/**
 * `select` event data end to end: the real @gradio/client sends it as the join's event_data, the
 * server validates it and the JS function reads it as ctx.event. Malformed event data is a 422
 * naming the JSON path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradioConfig } from '../../main/server/gradio/config-schema.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { connect, type GradioClient } from './support/gradio-client.js';

const MODULE = `export function seen(inputs, ctx) { return JSON.stringify({ inputs, event: ctx.event }); }`;

let demo: Demo;
let client: GradioClient;

beforeAll(async () => {
  demo = await startDemo(
    {
      functions: { seen: { kind: 'js', module: './select.js', export: 'seen' } },
      ui: {
        type: 'blocks',
        children: [
          {
            type: 'dataframe',
            id: 'table',
            headers: ['name', 'n'],
            value: [
              ['a', 1],
              ['b', 2],
            ],
          },
          { type: 'textbox', id: 'out' },
          { type: 'button', id: 'go' },
        ],
        events: [
          { trigger: 'table.select', fn: 'seen', inputs: [], outputs: ['out'], apiName: 'picked' },
          { trigger: 'go.click', fn: 'seen', inputs: [], outputs: ['out'], apiName: 'clicked', queue: false },
        ],
      },
    },
    {},
    { 'select.js': MODULE },
  );
  client = await connect(demo.base);
});

afterAll(async () => {
  client.close();
  await demo.close();
});

const parse = (value: unknown): { inputs: unknown[]; event: unknown } => JSON.parse(String(value)) as { inputs: unknown[]; event: unknown };

/** The first output of a run submitted with event data (@gradio/client's predict drops its event_data). */
async function submitted(endpoint: string, eventData: unknown): Promise<unknown> {
  let out: unknown;
  for await (const message of client.submit(endpoint, [], eventData)) {
    const event = message as { type: string; data?: unknown[]; stage?: string };
    if (event.type === 'data') out = event.data?.[0];
    if (event.stage === 'complete' || event.stage === 'error') break;
  }
  return out;
}

async function postJson(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new URL(path, demo.base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('select event data', () => {
  it('marks select dependencies as collecting event data in /config', async () => {
    const config = gradioConfig.parse(await (await fetch(`${demo.base}config`)).json());
    expect(config.dependencies.map((d) => d.collects_event_data)).toEqual([true, false]);
  });

  it('reaches ctx.event through the client, snake_case extras as camelCase', async () => {
    const out = await submitted('/picked', { index: [1, 0], value: 'b', row_value: ['b', 2], col_value: ['a', 'b'] });
    expect(parse(out)).toEqual({
      inputs: [],
      event: { index: [1, 0], value: 'b', selected: true, rowValue: ['b', 2], colValue: ['a', 'b'] },
    });
  });

  it('keeps selected: false, null values and string indices', async () => {
    expect(parse(await submitted('/picked', { index: 'cat', value: null, selected: false })).event).toEqual({
      index: 'cat',
      value: null,
      selected: false,
    });
  });

  it('gives ctx.event null when the caller sends no event data', async () => {
    const result = await client.predict('/picked', []);
    expect(parse(result.data[0]).event).toBeNull();
  });

  it('carries event_data on the one-shot /run route too', async () => {
    const response = await postJson('gradio_api/run/clicked', { data: [], event_data: { index: 3, value: 'x' } });
    expect(response.status).toBe(200);
    const { data } = response.body as { data: unknown[] };
    expect(parse(data[0]).event).toEqual({ index: 3, value: 'x', selected: true });
  });

  it.each([
    ['a string', 'x', ['body', 'event_data']],
    ['no index', { value: 1 }, ['body', 'event_data', 'index']],
    ['a triple index', { index: [1, 2, 3], value: 1 }, ['body', 'event_data', 'index']],
    ['an object index', { index: { row: 1 }, value: 1 }, ['body', 'event_data', 'index']],
    ['no value', { index: 1 }, ['body', 'event_data', 'value']],
    ['a non-boolean selected', { index: 1, value: 1, selected: 'yes' }, ['body', 'event_data', 'selected']],
    ['a non-list row_value', { index: [0, 0], value: 1, row_value: 'r' }, ['body', 'event_data', 'row_value']],
  ])('answers 422 for event data with %s', async (_, eventData, loc) => {
    const response = await postJson('gradio_api/queue/join', { data: [], fn_index: 0, session_hash: 'select422', event_data: eventData });
    expect(response.status).toBe(422);
    expect((response.body as { detail: { loc: string[] }[] }).detail.map((issue) => issue.loc)).toEqual([loc]);
  });
});
