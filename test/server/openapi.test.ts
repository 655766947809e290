/** GET /gradio_api/openapi.json: its shape, and a client that knows nothing but the document. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInfo } from '../../main/server/gradio/info.js';
import { buildOpenApi, type OpenApiDocument } from '../../main/server/gradio/openapi.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { readSse } from './support/raw-http.js';

let demo: Demo;
let doc: OpenApiDocument;
let info: ApiInfo;

beforeAll(async () => {
  demo = await startDemo();
  const response = await fetch(`${demo.base}gradio_api/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  doc = (await response.json()) as OpenApiDocument;
  info = (await (await fetch(`${demo.base}gradio_api/info`)).json()) as ApiInfo;
});
afterAll(async () => demo.close());

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function at(value: unknown, ...keys: string[]): unknown {
  let here = value;
  for (const key of keys) here = isObject(here) ? here[key] : undefined;
  return here;
}

/** Every place a JSON schema sits in the document (request bodies, responses, components). */
function schemas(document: OpenApiDocument): unknown[] {
  const found: unknown[] = Object.values(document.components.schemas);
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const media of Object.values((at(operation, 'requestBody', 'content') ?? {}) as Json)) found.push(at(media, 'schema'));
      for (const response of Object.values((at(operation, 'responses') ?? {}) as Json)) {
        for (const media of Object.values((at(response, 'content') ?? {}) as Json)) found.push(at(media, 'schema'));
      }
      for (const parameter of (at(operation, 'parameters') ?? []) as unknown[]) found.push(at(parameter, 'schema'));
    }
  }
  return found;
}

/** A value that fits a parameter schema the document gives: its example, else its default. */
function exampleFor(schema: unknown): unknown {
  const examples = at(schema, 'examples');
  if (Array.isArray(examples) && examples.length > 0) return examples[0];
  return at(schema, 'default');
}

describe('the document', () => {
  it('is OpenAPI 3.1 with the caller-visible server root', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe(demo.engine.app.title);
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(doc.servers).toEqual([{ url: demo.base.replace(/\/$/, ''), description: expect.any(String) }]);
  });

  it('lists the three /call operations of every public endpoint, and nothing else', () => {
    const publicNames = Object.keys(info.named_endpoints).map((name) => name.slice(1));
    expect(publicNames).toContain('greet');
    const expected = publicNames.flatMap((name) => [
      `/gradio_api/call/${name}`,
      `/gradio_api/call/v2/${name}`,
      `/gradio_api/call/${name}/{event_id}`,
    ]);
    expect(Object.keys(doc.paths).sort()).toEqual(expected.sort());
    for (const event of demo.engine.app.events.filter((e) => e.apiVisibility !== 'public')) {
      expect(Object.keys(doc.paths).some((path) => path.includes(`/${event.apiName}`) && !publicNames.includes(event.apiName))).toBe(false);
    }
    const operationIds = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => at(op, 'operationId')));
    expect(new Set(operationIds).size).toBe(operationIds.length);
  });

  it('gives an object schema everywhere, and positional data that mirrors /info', () => {
    for (const schema of schemas(doc)) expect(isObject(schema), JSON.stringify(schema)).toBe(true);
    const body = at(doc.paths['/gradio_api/call/greet'], 'post', 'requestBody', 'content', 'application/json', 'schema');
    expect(at(body, 'required')).toEqual(['data']);
    const items = at(body, 'properties', 'data', 'prefixItems') as Json[];
    expect(items).toHaveLength(info.named_endpoints['/greet']?.parameters.length ?? -1);
    expect(items[0]).toMatchObject({ type: 'string', title: 'Name' });
    expect(at(body, 'properties', 'data', 'items')).toBe(false);
    // An endpoint without parameters may leave out `data`.
    const leak = at(doc.paths['/gradio_api/call/leak'], 'post', 'requestBody', 'content', 'application/json', 'schema');
    expect(at(leak, 'required')).toEqual([]);
  });

  it('names keyword parameters on v2 and describes the named SSE events', () => {
    const v2 = at(doc.paths['/gradio_api/call/v2/greet'], 'post', 'requestBody', 'content', 'application/json', 'schema');
    expect(Object.keys(at(v2, 'properties') as Json)).toEqual(['name', 'session_hash']);
    expect(at(v2, 'required')).toEqual(['name']);
    expect(at(v2, 'additionalProperties')).toBe(false);
    const stream = at(doc.paths['/gradio_api/call/greet/{event_id}'], 'get', 'responses', '200', 'content', 'text/event-stream');
    expect(Object.keys(at(stream, 'x-sse-events') as Json).sort()).toEqual(['complete', 'error', 'generating', 'heartbeat']);
    expect(at(stream, 'x-sse-events', 'complete', 'prefixItems')).toEqual([expect.objectContaining({ type: 'string', title: 'Text' })]);
  });

  it('follows the root the caller sees (X-Forwarded-Host), as /config does', async () => {
    const response = await fetch(`${demo.base}gradio_api/openapi.json`, {
      headers: { 'X-Forwarded-Host': 'demo.example', 'X-Forwarded-Proto': 'https' },
    });
    const forwarded = (await response.json()) as OpenApiDocument;
    expect(forwarded.servers[0]?.url).toBe('https://demo.example');
  });

  it('is built by a pure function that skips non-public endpoints', () => {
    const endpoint = info.named_endpoints['/greet'];
    if (!endpoint) throw new Error('no /greet in /info');
    const built = buildOpenApi(
      demo.engine.app,
      { named_endpoints: { '/greet': endpoint, '/secret': { ...endpoint, api_visibility: 'undocumented' } }, unnamed_endpoints: {} },
      'http://x.test',
    );
    expect(Object.keys(built.paths)).toEqual(['/gradio_api/call/greet', '/gradio_api/call/v2/greet', '/gradio_api/call/greet/{event_id}']);
    expect(built.servers[0]?.url).toBe('http://x.test');
  });
});

describe('a client that reads only the document', () => {
  /** Finds the POST path for `apiName` and its stream path, builds a body from the schema, and reads the answer. */
  async function call(apiName: string, keyword: boolean): Promise<string> {
    const server = doc.servers[0]?.url ?? '';
    const postPath = Object.keys(doc.paths).find(
      (path) => at(doc.paths[path], 'post', 'operationId') === `call_${keyword ? 'v2_' : ''}${apiName}`,
    );
    const streamPath = Object.keys(doc.paths).find((path) => at(doc.paths[path], 'get', 'operationId') === `stream_${apiName}`);
    if (!postPath || !streamPath) throw new Error(`the document has no operations for ${apiName}`);
    const schema = at(doc.paths[postPath], 'post', 'requestBody', 'content', 'application/json', 'schema');
    let body: Json;
    if (keyword) {
      body = {};
      for (const [name, property] of Object.entries(at(schema, 'properties') as Json)) {
        const value = exampleFor(property);
        if (value !== undefined) body[name] = value;
      }
    } else {
      body = { data: (at(schema, 'properties', 'data', 'prefixItems') as unknown[]).map(exampleFor) };
    }
    const started = await fetch(`${server}${postPath}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(started.status).toBe(200);
    const { event_id } = (await started.json()) as { event_id: string };
    return readSse(await fetch(`${server}${streamPath.replace('{event_id}', encodeURIComponent(event_id))}`));
  }

  it('runs greet positionally and by keyword with the example values', async () => {
    const example = info.named_endpoints['/greet']?.parameters[0]?.example_input;
    expect(typeof example).toBe('string');
    expect(await call('greet', false)).toContain(`event: complete\ndata: ${JSON.stringify([`Hello ${String(example)}!`])}`);
    expect(await call('greet', true)).toContain(`event: complete\ndata: ${JSON.stringify([`Hello ${String(example)}!`])}`);
  });

  it('runs an endpoint without parameters with an empty body schema', async () => {
    expect(await call('leak', false)).toMatch(/event: (complete|error)\n/);
  });
});
