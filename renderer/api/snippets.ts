import type { ApiEndpoint, ApiParameter } from './info.js';

/**
 * Ready-to-run code for one endpoint, like Gradio's "Use via API" page: `@gradio/client` (Node),
 * `gradio_client` (Python) and a curl two-step over `/call` (doc §1.13). Pure: the page passes the
 * real base URL (the folder the runner was served from, with its trailing slash).
 *
 * - Example values come from /info (`example_input`: the component's value, else a sample).
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

const FILE_COMPONENTS = new Set(['Image', 'Audio', 'Video', 'File', 'Model3D']);

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

interface FileRef {
  readonly path: string;
}

function isFileData(value: unknown): value is FileRef & { meta: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const meta = v.meta as Record<string, unknown> | null | undefined;
  return typeof v.path === 'string' && typeof meta === 'object' && meta !== null && meta._type === 'gradio.FileData';
}

function isFileParameter(p: ApiParameter): boolean {
  return FILE_COMPONENTS.has(p.component) || p.pythonType === 'filepath' || p.pythonType === 'List[filepath]';
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

function hasFiles(value: unknown, fileLike: boolean): boolean {
  if (typeof value === 'string') return fileLike;
  if (isFileData(value)) return true;
  if (Array.isArray(value)) return value.some((item) => hasFiles(item, fileLike));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((item) => hasFiles(item, false));
  return false;
}

/** Local paths of the files in a value, for curl's upload step. */
function filePaths(value: unknown, fileLike: boolean): string[] {
  if (typeof value === 'string') return fileLike ? [value] : [];
  if (isFileData(value)) return [value.path];
  if (Array.isArray(value)) return value.flatMap((item) => filePaths(item, fileLike));
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap((item) => filePaths(item, false));
  return [];
}

/** What goes on the /call wire for a value: files as FileData (curl cannot call handle_file). */
function wireValue(value: unknown, fileLike: boolean): unknown {
  if (typeof value === 'string' && fileLike) return { path: value, meta: { _type: 'gradio.FileData' } };
  if (Array.isArray(value)) return value.map((item) => wireValue(item, fileLike));
  return value;
}

/** `'...'` for a POSIX shell: nothing inside is special; a `'` is written `'\\''`. */
function singleQuoted(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The text as one shell word: as it is when plainly safe, else single-quoted. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_\-.,:/@%+=~]+$/.test(text) ? text : singleQuoted(text);
}

function jsSnippet(endpoint: ApiEndpoint, baseUrl: string, files: boolean): string {
  const imports = files ? 'Client, handle_file' : 'Client';
  const route = JSON.stringify(`/${endpoint.apiName}`);
  const values = endpoint.parameters.map((p) => literal(p.example, JS, isFileParameter(p)));
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

function pythonSnippet(endpoint: ApiEndpoint, baseUrl: string, files: boolean): string {
  const imports = files ? 'Client, handle_file' : 'Client';
  const keywords = usesKeywords(endpoint.parameters);
  const args = endpoint.parameters.map((p) => {
    const value = literal(p.example, PYTHON, isFileParameter(p));
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

function curlSnippet(endpoint: ApiEndpoint, baseUrl: string): string {
  const callUrl = `${baseUrl}gradio_api/call/${endpoint.apiName}`;
  const data = endpoint.parameters.map((p) => JSON.stringify(wireValue(p.example, isFileParameter(p))));
  const body = `{"data": [${data.join(', ')}]}`;
  const uploads = endpoint.parameters.flatMap((p) => filePaths(p.example, isFileParameter(p)));
  const lines: string[] = [];
  if (uploads.length > 0) {
    lines.push(
      '# Upload each file first; the answer is a list of server paths to use as "path" below.',
      ...uploads.map((path) => `curl -s -F ${shellQuote(`files=@${path}`)} ${shellQuote(`${baseUrl}gradio_api/upload`)}`),
      '',
    );
  }
  lines.push(
    `EVENT_ID=$(curl -s -X POST ${shellQuote(callUrl)} \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d ${singleQuoted(body)} \\`,
    `  | awk -F'"' '{ print $4 }')`,
    `curl -N ${shellQuote(`${callUrl}/`)}$EVENT_ID`,
    '',
  );
  return lines.join('\n');
}

/** The three snippets for `endpoint`, calling the app at `baseUrl` (ends with "/"). */
export function buildSnippets(endpoint: ApiEndpoint, baseUrl: string): Snippets {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const files = endpoint.parameters.some((p) => hasFiles(p.example, isFileParameter(p)));
  return { js: jsSnippet(endpoint, base, files), python: pythonSnippet(endpoint, base, files), curl: curlSnippet(endpoint, base) };
}
