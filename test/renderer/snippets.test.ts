import { describe, expect, it } from 'vitest';
import { ApiInfoError, parseApiInfo, type ApiEndpoint, type ApiParameter } from '../../renderer/api/info.js';
import { shellQuote } from '../../renderer/api/curl-snippet.js';
import { snippetExamples } from '../../renderer/api/example-values.js';
import { buildSnippets, usesKeywords } from '../../renderer/api/snippets.js';
import { viewFromHash } from '../../renderer/api/view.js';

const BASE = 'http://127.0.0.1:7860/';

function param(name: string, example: unknown, extra: Partial<ApiParameter> = {}): ApiParameter {
  return {
    name,
    label: name,
    type: { type: 'string' },
    pythonType: 'str',
    pythonDescription: '',
    component: 'Textbox',
    hasDefault: false,
    defaultValue: null,
    example,
    ...extra,
  };
}

const endpoint = (apiName: string, parameters: ApiParameter[]): ApiEndpoint => ({ apiName, description: '', parameters, returns: [] });

const FILE = { path: '/path/to/image.png', meta: { _type: 'gradio.FileData' } };
const imageParam = (name = 'image'): ApiParameter =>
  param(name, FILE, { component: 'Image', pythonType: 'filepath', type: { type: 'object', title: 'ImageData' } });

describe('buildSnippets', () => {
  it('writes the three snippets for a keyword endpoint with the real base URL', () => {
    const s = buildSnippets(
      endpoint('predict', [param('name', 'World'), param('times', 3, { pythonType: 'float', component: 'Number' })]),
      BASE,
    );
    expect(s.js).toBe(
      [
        'import { Client } from "@gradio/client";',
        '',
        'const client = await Client.connect("http://127.0.0.1:7860/");',
        'const result = await client.predict("/predict", {',
        '  name: "World",',
        '  times: 3,',
        '});',
        '',
        'console.log(result.data);',
        '',
      ].join('\n'),
    );
    expect(s.python).toBe(
      [
        'from gradio_client import Client',
        '',
        'client = Client("http://127.0.0.1:7860/")',
        'result = client.predict(',
        '    name="World",',
        '    times=3,',
        '    api_name="/predict",',
        ')',
        'print(result)',
        '',
      ].join('\n'),
    );
    expect(s.curl).toBe(
      [
        'RESPONSE=$(curl -sS -X POST http://127.0.0.1:7860/gradio_api/call/predict \\',
        '  -H "Content-Type: application/json" \\',
        `  -d '{"data": ["World", 3]}')`,
        `EVENT_ID=$(printf '%s' "$RESPONSE" | sed -n 's/.*"event_id": *"\\([^"]*\\)".*/\\1/p')`,
        'if [ -n "$EVENT_ID" ]; then',
        '  curl -sS -N http://127.0.0.1:7860/gradio_api/call/predict/$EVENT_ID',
        'else',
        `  printf 'The call failed: %s\\n' "$RESPONSE" >&2`,
        'fi',
        '',
      ].join('\n'),
    );
  });

  it('adds the trailing slash a base URL without one lacks', () => {
    expect(buildSnippets(endpoint('predict', []), 'http://host:1/demo').js).toContain('Client.connect("http://host:1/demo/")');
  });

  it('escapes quotes, backslashes and newlines in example values for each language', () => {
    const s = buildSnippets(endpoint('say', [param('text', `He said "it's"\\n\nok`)]), BASE);
    expect(s.js).toContain(`  text: "He said \\"it's\\"\\\\n\\nok",`);
    expect(s.python).toContain(`    text="He said \\"it's\\"\\\\n\\nok",`);
    // In the shell the JSON body sits in single quotes: a ' closes, escapes and reopens them.
    expect(s.curl).toContain(`-d '{"data": ["He said \\"it'\\''s\\"\\\\n\\nok"]}'`);
  });

  it('writes Python literals for null, booleans and nested values', () => {
    const s = buildSnippets(
      endpoint('mix', [
        param('flag', true, { pythonType: 'bool' }),
        param('off', false),
        param('none', null),
        param('table', [['a', 1, null]]),
        param('obj', { k: [true] }),
      ]),
      BASE,
    );
    expect(s.python).toContain('flag=True,\n    off=False,\n    none=None,\n    table=[["a", 1, None]],\n    obj={"k": [True]},');
    expect(s.js).toContain('flag: true,\n  off: false,\n  none: null,\n  table: [["a", 1, null]],\n  obj: {"k": [true]},');
  });

  it('turns file parameters into handle_file(...) in Python and JS, and an upload step in curl', () => {
    const s = buildSnippets(endpoint('caption', [imageParam(), param('prompt', 'a cat')]), BASE);
    expect(s.python).toMatch(/^from gradio_client import Client, handle_file\n/);
    expect(s.python).toContain('image=handle_file("/path/to/image.png"),');
    expect(s.js).toMatch(/^import \{ Client, handle_file \} from "@gradio\/client";\n/);
    expect(s.js).toContain('  image: handle_file("/path/to/image.png"),');
    expect(s.curl).toContain(
      [
        'UPLOAD=$(curl -sS -F files=@/path/to/image.png http://127.0.0.1:7860/gradio_api/upload)',
        `FILE_1=$(printf '%s' "$UPLOAD" | sed -n 's/^\\["\\(.*\\)"]$/\\1/p')`,
        `[ -n "$FILE_1" ] || printf 'Upload failed: %s\\n' "\${UPLOAD:-see the curl error above}" >&2`,
      ].join('\n'),
    );
    // The server's path goes into the body: out of the single quotes, the variable, back in.
    expect(s.curl).toContain(`-d '{"data": [{"path":"'"$FILE_1"'","meta":{"_type":"gradio.FileData"}}, "a cat"]}')`);
  });

  it('wraps a file parameter whose default is a plain path, and files nested in lists', () => {
    const s = buildSnippets(
      endpoint('many', [
        param('doc', '/tmp/a b.txt', { component: 'File', pythonType: 'filepath' }),
        param('files', [FILE, FILE], { component: 'File', pythonType: 'List[filepath]' }),
      ]),
      BASE,
    );
    expect(s.python).toContain('doc=handle_file("/tmp/a b.txt"),');
    expect(s.python).toContain('files=[handle_file("/path/to/image.png"), handle_file("/path/to/image.png")],');
    expect(s.curl).toContain(`UPLOAD=$(curl -sS -F 'files=@/tmp/a b.txt' http://127.0.0.1:7860/gradio_api/upload)`);
    // One upload per distinct file: the list's two equal files share FILE_2.
    expect(s.curl.match(/^UPLOAD=/gm)).toHaveLength(2);
    expect(s.curl).toContain(
      `-d '{"data": [{"path":"'"$FILE_1"'","meta":{"_type":"gradio.FileData"}}, ` +
        `[{"path":"'"$FILE_2"'","meta":{"_type":"gradio.FileData"}},` +
        `{"path":"'"$FILE_2"'","meta":{"_type":"gradio.FileData"}}]]}')`,
    );
  });

  it('leaves handle_file out of the imports when no parameter is a file', () => {
    const s = buildSnippets(endpoint('predict', [param('name', 'x')]), BASE);
    expect(s.js).not.toContain('handle_file');
    expect(s.python).not.toContain('handle_file');
    expect(s.curl).not.toContain('upload');
  });

  it('handles endpoints without parameters', () => {
    const s = buildSnippets(endpoint('ping', []), BASE);
    expect(s.js).toContain('const result = await client.predict("/ping", {});');
    expect(s.python).toContain('result = client.predict(api_name="/ping")');
    expect(s.curl).toContain(`-d '{"data": []}'`);
  });

  it('passes values positionally in both languages when a name is not a keyword', () => {
    for (const name of ['my-name', 'class', 'api_name', '1st']) {
      const s = buildSnippets(endpoint('predict', [param(name, 'x'), param('other', 2)]), BASE);
      expect(s.js, name).toContain('await client.predict("/predict", [\n  "x",\n  2,\n]);');
      expect(s.python, name).toContain('result = client.predict(\n    "x",\n    2,\n    api_name="/predict",\n)');
    }
  });

  it('quotes a base URL with shell-special characters in curl', () => {
    const s = buildSnippets(endpoint('predict', [param('name', 'x')]), "http://host:1/it's here/");
    expect(s.curl).toContain(`curl -sS -X POST 'http://host:1/it'\\''s here/gradio_api/call/predict' \\`);
    expect(s.curl).toContain(`curl -sS -N 'http://host:1/it'\\''s here/gradio_api/call/predict/'$EVENT_ID`);
    expect(s.js).toContain(`Client.connect("http://host:1/it's here/")`);
  });
});

describe('chat endpoints', () => {
  const chatbot = (example: unknown): ApiParameter =>
    param('history', example, { component: 'Chatbot', pythonType: 'List[Dict(role: str, content: str)]', type: { type: 'array' } });

  it('sends a history without the message the snippet then sends (messages format)', () => {
    // /info's examples on their own: the textbox says "Hello!!", the chatbot already holds it.
    const s = buildSnippets(endpoint('chat', [param('message', 'Hello!!'), chatbot([{ role: 'user', content: 'Hello!!' }])]), BASE);
    expect(s.js).toContain('  message: "Hello!!",\n  history: [],\n');
    expect(s.python).toContain('    message="Hello!!",\n    history=[],\n');
    expect(s.curl).toContain(`-d '{"data": ["Hello!!", []]}')`);
    for (const snippet of [s.js, s.python, s.curl]) expect(snippet.match(/Hello!!/g)).toHaveLength(1);
  });

  it('drops the pending pair in tuples format, and keeps answered turns', () => {
    expect(snippetExamples([param('message', 'Hi'), chatbot([['Hi', null]])])).toEqual(['Hi', []]);
    const answered = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ];
    expect(snippetExamples([param('message', 'Hi'), chatbot(answered)])).toEqual(['Hi', answered]);
  });

  it('leaves a history alone when no other parameter sends that message', () => {
    const history = [{ role: 'user', content: 'Hello!!' }];
    expect(snippetExamples([chatbot(history)])).toEqual([history]);
    expect(snippetExamples([param('message', 'Other'), chatbot(history)])).toEqual(['Other', history]);
  });
});

describe('helpers', () => {
  it('usesKeywords accepts Python-and-JS identifiers only', () => {
    expect(usesKeywords([param('name', 1), param('_x2', 1)])).toBe(true);
    expect(usesKeywords([param('a-b', 1)])).toBe(false);
    expect(usesKeywords([param('lambda', 1)])).toBe(false);
    expect(usesKeywords([])).toBe(true);
  });

  it('shellQuote leaves safe words alone', () => {
    expect(shellQuote('http://x:1/a_b-c.d')).toBe('http://x:1/a_b-c.d');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("$(rm -rf ~)'")).toBe(`'$(rm -rf ~)'\\'''`);
  });

  it('viewFromHash shows the API view for #api only', () => {
    expect(viewFromHash('#api')).toBe('api');
    expect(viewFromHash('')).toBe('demo');
    expect(viewFromHash('#apis')).toBe('demo');
  });
});

describe('parseApiInfo', () => {
  it('reads named endpoints in order, camelCase', () => {
    const endpoints = parseApiInfo({
      named_endpoints: {
        '/predict': {
          parameters: [
            {
              label: 'Name',
              parameter_name: 'name',
              parameter_has_default: true,
              parameter_default: 'World',
              type: { type: 'string' },
              python_type: { type: 'str', description: '' },
              component: 'Textbox',
              example_input: 'World',
            },
          ],
          returns: [{ label: 'Greeting', type: { type: 'string' }, python_type: { type: 'str', description: '' }, component: 'Textbox' }],
          api_visibility: 'public',
          description: 'Says hello',
        },
        '/ping': { parameters: [], returns: [], api_visibility: 'public', description: '' },
      },
      unnamed_endpoints: {},
    });
    expect(endpoints.map((e) => e.apiName)).toEqual(['predict', 'ping']);
    expect(endpoints[0]).toMatchObject({
      description: 'Says hello',
      parameters: [
        { name: 'name', label: 'Name', hasDefault: true, defaultValue: 'World', pythonType: 'str', component: 'Textbox', example: 'World' },
      ],
      returns: [{ label: 'Greeting', pythonType: 'str', component: 'Textbox' }],
    });
  });

  it('names the JSON path it cannot use', () => {
    expect(() => parseApiInfo({})).toThrow(ApiInfoError);
    expect(() => parseApiInfo({ named_endpoints: { '/x': { parameters: [{}], returns: [] } } })).toThrow(
      'Invalid API description at named_endpoints["/x"].parameters[0].python_type: expected an object.',
    );
  });
});
