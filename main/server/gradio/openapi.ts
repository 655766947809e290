import type { App } from '../../../preload/shared/project/normalize.js';
import { API_PREFIX } from './config-schema.js';
import type { ApiInfo } from './info.js';

/**
 * GET /gradio_api/openapi.json: an OpenAPI 3.1 description of the two-step `/call` protocol
 * (doc §1.13) for every public endpoint of /info. It is derived from the /info payload, so the
 * parameter schemas, names and defaults are exactly the ones the Gradio clients see. The queue
 * routes the clients use are not described: they are a protocol, not a REST API.
 */

type Schema = Record<string, unknown>;
type Endpoint = ApiInfo['named_endpoints'][string];
type Parameter = Endpoint['parameters'][number];
type Returned = Endpoint['returns'][number];

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly { readonly url: string; readonly description: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components: { readonly schemas: Record<string, Schema> };
}

/** The version of this description's shape, not of the app. */
const DOCUMENT_VERSION = '1.0.0';

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

const COMPONENT_SCHEMAS: Record<string, Schema> = {
  EventId: {
    type: 'object',
    properties: { event_id: { type: 'string', description: 'Pass it to the GET stream route.' } },
    required: ['event_id'],
  },
  HttpError: {
    type: 'object',
    properties: { detail: { description: 'What went wrong and what to do next (usually a string).' } },
    required: ['detail'],
  },
  ErrorPayload: {
    description:
      'The data of an `error` event: the error payload object (doc §1.14), or a plain message such as "404: Not Found" for an unknown event id or "Cancelled.".',
    anyOf: [
      {
        type: 'object',
        properties: {
          error: { type: ['string', 'null'], description: 'null when the server hides error details (show_error off).' },
          visible: { type: 'boolean' },
          duration: { type: ['number', 'null'] },
          title: { type: 'string' },
        },
        required: ['error'],
      },
      { type: 'string' },
    ],
  },
};

const SESSION_HASH_SCHEMA: Schema = {
  type: ['string', 'null'],
  description:
    'Optional session id (1 to 128 of A-Z a-z 0-9 _ -): calls with the same one share session state. Without it the event is its own session.',
};

function parameterSchema(p: Parameter): Schema {
  const described = [`${p.component} input`, p.python_type.description || p.python_type.type].join(': ');
  return {
    ...p.type,
    title: p.label,
    description: described,
    ...(p.parameter_has_default ? { default: p.parameter_default } : {}),
    examples: [p.example_input],
  };
}

function returnSchema(r: Returned): Schema {
  return { ...r.type, title: r.label, description: `${r.component} output: ${r.python_type.description || r.python_type.type}` };
}

/** A fixed-length positional array: one item per schema, nothing more. */
function tuple(items: readonly Schema[], description: string): Schema {
  return { type: 'array', description, prefixItems: items, minItems: items.length, maxItems: items.length, items: false };
}

function positionalBody(endpoint: Endpoint): Schema {
  const data = tuple(endpoint.parameters.map(parameterSchema), 'One value per parameter, in order.');
  return {
    type: 'object',
    properties: { data, session_hash: SESSION_HASH_SCHEMA },
    // The server reads a missing `data` as [], which is only right for an endpoint without parameters.
    required: endpoint.parameters.length > 0 ? ['data'] : [],
  };
}

function keywordBody(endpoint: Endpoint): Schema {
  const properties: Record<string, Schema> = {};
  for (const p of endpoint.parameters) properties[p.parameter_name] = parameterSchema(p);
  properties.session_hash = SESSION_HASH_SCHEMA;
  return {
    type: 'object',
    properties,
    required: endpoint.parameters.filter((p) => !p.parameter_has_default).map((p) => p.parameter_name),
    additionalProperties: false,
  };
}

const errorResponses = {
  '400': {
    description: 'The body is not valid JSON, or does not fit the endpoint.',
    content: { 'application/json': { schema: ref('HttpError') } },
  },
  '404': { description: 'No public endpoint has this name.', content: { 'application/json': { schema: ref('HttpError') } } },
};

function startOperation(apiName: string, endpoint: Endpoint, keyword: boolean): Record<string, unknown> {
  const summary = keyword ? `Start /${apiName} with keyword arguments` : `Start /${apiName}`;
  return {
    post: {
      operationId: keyword ? `call_v2_${apiName}` : `call_${apiName}`,
      tags: [apiName],
      summary,
      description: [
        endpoint.description,
        keyword
          ? 'The body maps parameter names to values; parameters with a default may be left out.'
          : 'The body lists one value per parameter, in order.',
        `Then read the result from GET ${API_PREFIX}/call/${apiName}/{event_id}.`,
      ]
        .filter((line) => line !== '')
        .join('\n\n'),
      requestBody: {
        required: true,
        content: { 'application/json': { schema: keyword ? keywordBody(endpoint) : positionalBody(endpoint) } },
      },
      responses: {
        '200': { description: 'The event was queued.', content: { 'application/json': { schema: ref('EventId') } } },
        ...errorResponses,
      },
    },
  };
}

function streamOperation(apiName: string, endpoint: Endpoint): Record<string, unknown> {
  const outputs = tuple(endpoint.returns.map(returnSchema), 'One value per output, in order.');
  return {
    get: {
      operationId: `stream_${apiName}`,
      tags: [apiName],
      summary: `Stream the result of /${apiName}`,
      description: [
        'Server-sent events, each an `event:` line and a JSON `data:` line:',
        '- `generating`: the outputs so far (whole values, not diffs), for generators;',
        '- `complete`: the final outputs; the stream then ends;',
        '- `error`: the error payload, or a message ("404: Not Found" for an unknown or already read event id); the stream then ends;',
        '- `heartbeat`: `null`, to keep the connection open.',
        'Each event can be read once; closing the stream early cancels the event, and an event nobody reads is cancelled after 10 minutes.',
        'The `x-sse-events` extension gives the schema of each event\u2019s data.',
      ].join('\n'),
      parameters: [
        { name: 'event_id', in: 'path', required: true, description: 'The `event_id` the POST answered.', schema: { type: 'string' } },
      ],
      responses: {
        '200': {
          description: 'The event stream.',
          content: {
            'text/event-stream': {
              schema: { type: 'string', description: 'event: <name>\\ndata: <JSON>\\n\\n, repeated.' },
              'x-sse-events': {
                generating: outputs,
                complete: outputs,
                error: ref('ErrorPayload'),
                heartbeat: { type: 'null' },
              },
            },
          },
        },
      },
    },
  };
}

/**
 * The OpenAPI document for the public endpoints of `info` (pass /info without undocumented
 * endpoints). `root` is the caller-visible root URL, as in /config.
 */
export function buildOpenApi(app: App, info: ApiInfo, root: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags: { name: string; description: string }[] = [];
  for (const [name, endpoint] of Object.entries(info.named_endpoints)) {
    if (endpoint.api_visibility !== 'public') continue;
    const apiName = name.replace(/^\/+/, '');
    tags.push({ name: apiName, description: endpoint.description || `The /${apiName} endpoint.` });
    paths[`${API_PREFIX}/call/${apiName}`] = startOperation(apiName, endpoint, false);
    paths[`${API_PREFIX}/call/v2/${apiName}`] = startOperation(apiName, endpoint, true);
    paths[`${API_PREFIX}/call/${apiName}/{event_id}`] = streamOperation(apiName, endpoint);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: app.title,
      version: DOCUMENT_VERSION,
      description: [
        app.description ?? '',
        'The two-step `/call` protocol: POST the inputs, get an `event_id`, then GET the event stream for the result. ' +
          'The official `@gradio/client` (JS) and `gradio_client` (Python) also work against this server.',
      ]
        .filter((line) => line !== '')
        .join('\n\n'),
    },
    servers: [{ url: root, description: 'This demo server.' }],
    tags,
    paths,
    components: { schemas: COMPONENT_SCHEMAS },
  };
}
