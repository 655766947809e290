/**
 * The API page's view of GET /gradio_api/info (doc §1.4), camelCase inside. The server's zod schema
 * (main/server/gradio/info.ts) is the authority; this parser checks what the page relies on and
 * names the JSON path of the first thing it cannot use.
 */
import { fetchServerJson } from '../runner/fetch-json.js';
import { jsonReader, PayloadError } from '../runner/json-reader.js';

export type JsonSchema = Readonly<Record<string, unknown>>;

export interface ApiParameter {
  /** `parameter_name`: the keyword the clients map to a position. */
  readonly name: string;
  readonly label: string;
  readonly type: JsonSchema;
  /** gradio_client's type string, e.g. "str" or "filepath". */
  readonly pythonType: string;
  readonly pythonDescription: string;
  /** Gradio's class name, e.g. "Textbox" or "Image". */
  readonly component: string;
  readonly hasDefault: boolean;
  readonly defaultValue: unknown;
  readonly example: unknown;
}

export interface ApiReturn {
  readonly label: string;
  readonly type: JsonSchema;
  readonly pythonType: string;
  readonly component: string;
}

export interface ApiEndpoint {
  /** Without the leading slash, e.g. "predict". */
  readonly apiName: string;
  readonly description: string;
  readonly parameters: readonly ApiParameter[];
  readonly returns: readonly ApiReturn[];
}

/** An /info payload the page cannot use; `path` is a JSON path like `named_endpoints["/predict"]`. */
export class ApiInfoError extends PayloadError {
  constructor(path: string, expected: string) {
    super('API description', path, expected);
    this.name = 'ApiInfoError';
  }
}

const { object, array, string } = jsonReader((path, expected) => new ApiInfoError(path, expected));

function pythonType(value: unknown, path: string): { type: string; description: string } {
  const raw = object(value, path);
  return { type: string(raw.type, `${path}.type`), description: typeof raw.description === 'string' ? raw.description : '' };
}

function parseParameter(value: unknown, path: string): ApiParameter {
  const raw = object(value, path);
  const python = pythonType(raw.python_type, `${path}.python_type`);
  return {
    name: string(raw.parameter_name, `${path}.parameter_name`),
    label: typeof raw.label === 'string' ? raw.label : '',
    type: object(raw.type ?? {}, `${path}.type`),
    pythonType: python.type,
    pythonDescription: python.description,
    component: string(raw.component, `${path}.component`),
    hasDefault: raw.parameter_has_default === true,
    defaultValue: raw.parameter_default ?? null,
    example: raw.example_input ?? null,
  };
}

function parseReturn(value: unknown, path: string): ApiReturn {
  const raw = object(value, path);
  return {
    label: typeof raw.label === 'string' ? raw.label : '',
    type: object(raw.type ?? {}, `${path}.type`),
    pythonType: pythonType(raw.python_type, `${path}.python_type`).type,
    component: string(raw.component, `${path}.component`),
  };
}

/** The endpoints of an /info body, in the server's order. Only named endpoints have an api_name. */
export function parseApiInfo(value: unknown): ApiEndpoint[] {
  const named = object(object(value, '').named_endpoints, 'named_endpoints');
  return Object.entries(named).map(([name, endpoint]) => {
    const path = `named_endpoints[${JSON.stringify(name)}]`;
    const raw = object(endpoint, path);
    return {
      apiName: name.replace(/^\/+/, ''),
      description: typeof raw.description === 'string' ? raw.description : '',
      parameters: array(raw.parameters, `${path}.parameters`).map((p, i) => parseParameter(p, `${path}.parameters[${i}]`)),
      returns: array(raw.returns, `${path}.returns`).map((r, i) => parseReturn(r, `${path}.returns[${i}]`)),
    };
  });
}

/** GET <base>gradio_api/info, parsed. */
export async function fetchApiInfo(baseUrl: string, signal?: AbortSignal): Promise<ApiEndpoint[]> {
  return parseApiInfo(await fetchServerJson('gradio_api/info', baseUrl, signal));
}
