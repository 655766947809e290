import { curlSnippet } from './curl-snippet.js';
import { snippetExamples } from './example-values.js';
import { hasFiles, isFileData, isFileParameter } from './file-values.js';
import type { ApiEndpoint, ApiParameter } from './info.js';

/**
 * Ready-to-run code for one endpoint, like Gradio's "Use via API" page: `@gradio/client` (Node),
 * `gradio_client` (Python) and a curl two-step over `/call` (doc §1.13). Pure: the page passes the
 * real base URL (the folder the runner was served from, with its trailing slash).
 *
 * - Example values come from /info (`example_input`: the component's value, else a sample), made
 *   consistent across parameters (example-values.ts: a chat history without the message sent).
 * - A file value (a FileData, or a string for a file-typed parameter) becomes `handle_file(path)`
 *   in JS and Python, which uploads it; curl gets an upload step first.
 * - Keyword arguments need names both languages accept as keywords; if any parameter name is not
 *   one (e.g. `my-name`, `class`, `api_name`), both snippets pass the values positionally.
 */

export interface Snippets {
  readonly js: string;
  readonly python: string;
  readonly curl: string;
}

const PYTHON_KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for from global if ' +
    'import in is lambda nonlocal not or pass raise return try while with yield'
  ).split(' '),
);
/** gradio_client's own `predict()` keywords: a parameter with one of these names cannot be passed by name. */
const PREDICT_KEYWORDS = new Set(['api_name', 'fn_index', 'headers']);

/** True when every parameter can be written `name=value` in Python and `name: value` in JS. */
export function usesKeywords(parameters: readonly ApiParameter[]): boolean {
  return parameters.every((p) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name) && !PYTHON_KEYWORDS.has(p.name) && !PREDICT_KEYWORDS.has(p.name));
}

/** How one language writes literals. */
interface Syntax {
  readonly null: string;
  readonly true: string;
  readonly false: string;
  /** Wraps an already written path literal. */
  readonly file: (pathLiteral: string) => string;
}

const JS: Syntax = { null: 'null', true: 'true', false: 'false', file: (p) => `handle_file(${p})` };
const PYTHON: Syntax = { null: 'None', true: 'True', false: 'False', file: (p) => `handle_file(${p})` };

/**
 * A literal in JS or Python. JSON string escapes (\" \\ \n \uXXXX) mean the same in both, so
 * strings and object keys go through JSON.stringify.
 */
function literal(value: unknown, syntax: Syntax, fileLike = false): string {
  if (value === null || value === undefined) return syntax.null;
  if (typeof value === 'boolean') return value ? syntax.true : syntax.false;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : syntax.null;
  if (typeof value === 'string') return fileLike ? syntax.file(JSON.stringify(value)) : JSON.stringify(value);
  if (isFileData(value)) return syntax.file(JSON.stringify(value.path));
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, syntax, fileLike)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${literal(v, syntax)}`);
    return `{${entries.join(', ')}}`;
  }
  return syntax.null;
}

function jsSnippet(endpoint: ApiEndpoint, baseUrl: string, examples: readonly unknown[], files: boolean): string {
  const imports = files ? 'Client, handle_file' : 'Client';
  const route = JSON.stringify(`/${endpoint.apiName}`);
  const values = endpoint.parameters.map((p, i) => literal(examples[i], JS, isFileParameter(p)));
  let call: string;
  if (endpoint.parameters.length === 0) call = `await client.predict(${route}, {});`;
  else if (usesKeywords(endpoint.parameters)) {
    const lines = endpoint.parameters.map((p, i) => `  ${p.name}: ${values[i] ?? 'null'},`);
    call = `await client.predict(${route}, {\n${lines.join('\n')}\n});`;
  } else {
    call = `await client.predict(${route}, [\n${values.map((v) => `  ${v},`).join('\n')}\n]);`;
  }
  return [
    `import { ${imports} } from "@gradio/client";`,
    '',
    `const client = await Client.connect(${JSON.stringify(baseUrl)});`,
    `const result = ${call}`,
    '',
    'console.log(result.data);',
    '',
  ].join('\n');
}

function pythonSnippet(endpoint: ApiEndpoint, baseUrl: string, examples: readonly unknown[], files: boolean): string {
  const imports = files ? 'Client, handle_file' : 'Client';
  const keywords = usesKeywords(endpoint.parameters);
  const args = endpoint.parameters.map((p, i) => {
    const value = literal(examples[i], PYTHON, isFileParameter(p));
    return keywords ? `${p.name}=${value}` : value;
  });
  args.push(`api_name=${JSON.stringify(`/${endpoint.apiName}`)}`);
  const call = args.length === 1 ? `client.predict(${args[0] ?? ''})` : `client.predict(\n${args.map((a) => `    ${a},`).join('\n')}\n)`;
  return [
    `from gradio_client import ${imports}`,
    '',
    `client = Client(${JSON.stringify(baseUrl)})`,
    `result = ${call}`,
    'print(result)',
    '',
  ].join('\n');
}

/** The three snippets for `endpoint`, calling the app at `baseUrl` (ends with "/"). */
export function buildSnippets(endpoint: ApiEndpoint, baseUrl: string): Snippets {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const examples = snippetExamples(endpoint.parameters);
  const files = endpoint.parameters.some((p, i) => hasFiles(examples[i], isFileParameter(p)));
  return {
    js: jsSnippet(endpoint, base, examples, files),
    python: pythonSnippet(endpoint, base, examples, files),
    curl: curlSnippet(endpoint, base, examples),
  };
}
