/** Dataframe and Chatbot on the Gradio wire: config props, API info, and table inputs reaching functions as rows. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProject } from '../../preload/shared/project/check.js';
import { normalize, type App } from '../../preload/shared/project/normalize.js';
import { componentApi } from '../../main/server/gradio/component-api.js';
import { componentConfigProps } from '../../preload/shared/project/component-props.js';
import { FileStore } from '../../main/server/gradio/file-store.js';
import { HttpError } from '../../main/server/http-error.js';
import { toEngineInputs } from '../../main/server/gradio/values-in.js';

const app: App = normalize(
  parseProject({
    version: 1,
    name: 'Table and chat',
    functions: { f: { kind: 'js', module: './f.js' } },
    ui: {
      type: 'blocks',
      children: [
        { type: 'dataframe', id: 'table', headers: ['a', 'b'], datatype: ['str', 'number'], rowCount: 2, colCount: [2, 'fixed'] },
        { type: 'chatbot', id: 'pairs', format: 'tuples', value: [['hi', 'hello']] },
        { type: 'chatbot', id: 'messages' },
      ],
      events: [{ trigger: 'table.change', fn: 'f', inputs: ['table'], outputs: ['messages'] }],
    },
  }),
);

function component(key: string): NonNullable<ReturnType<App['components']['get']>> {
  const found = app.components.get(key);
  if (!found) throw new Error(`no component ${key}`);
  return found;
}

let scratch: string;
let files: FileStore;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'table-chat-wire-'));
  files = await FileStore.create({ uploadDir: join(scratch, 'up'), outputDir: join(scratch, 'out') });
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('config props', () => {
  it("sends a dataframe's counts in Gradio's [n, mode] form with its datatype", () => {
    expect(componentConfigProps(component('table'))).toMatchObject({
      headers: ['a', 'b'],
      datatype: ['str', 'number'],
      row_count: [2, 'dynamic'],
      col_count: [2, 'fixed'],
      name: 'dataframe',
    });
  });

  it("sends a chatbot's format as Gradio's `type` (messages by default)", () => {
    const pairs = componentConfigProps(component('pairs'));
    expect(pairs).toMatchObject({ type: 'tuples', value: [['hi', 'hello']] });
    expect(pairs).not.toHaveProperty('format');
    expect(componentConfigProps(component('messages'))).toMatchObject({ type: 'messages' });
  });
});

describe('API info', () => {
  it('describes a tuples chatbot as pairs and a messages chatbot as role/content dicts', () => {
    expect(componentApi(component('pairs')).pythonType.type).toBe('List[List[str | None]]');
    expect(componentApi(component('messages')).pythonType.type).toMatch(/^List\[Dict\(role/);
  });
});

describe('dataframe inputs', () => {
  const event = app.events[0];
  if (!event) throw new Error('no event');
  const ctx = (): { files: FileStore; state: Map<string, unknown> } => ({ files, state: new Map() });

  it("reach functions as rows, from rows or from Gradio's {headers, data, metadata}", async () => {
    const rows = [
      ['x', 1],
      ['y', 2],
    ];
    expect(await toEngineInputs(app, event, [rows], ctx())).toEqual([rows]);
    expect(await toEngineInputs(app, event, [{ headers: ['a', 'b'], data: rows, metadata: null }], ctx())).toEqual([rows]);
    expect(await toEngineInputs(app, event, [null], ctx())).toEqual([null]);
  });

  it('refuses a value that is not a table, saying what to send', async () => {
    const refused = toEngineInputs(app, event, [{ headers: ['a'], data: 'oops' }], ctx());
    await expect(refused).rejects.toBeInstanceOf(HttpError);
    await expect(toEngineInputs(app, event, [[1, 2]], ctx())).rejects.toThrow(/expects a table: rows/);
  });
});
