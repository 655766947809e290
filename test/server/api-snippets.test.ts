/**
 * The "Use via API" snippets, run for real against a live server: the JS one with node and the
 * official @gradio/client, the curl one with bash and curl; the Python one is only parsed (the
 * Python client is not installed here). Snippets come from the same pure module the page uses.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiInfo, type ApiEndpoint } from '../../renderer/api/info.js';
import { shellQuote } from '../../renderer/api/curl-snippet.js';
import { buildSnippets } from '../../renderer/api/snippets.js';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { DEMO_PROJECT, startDemo, type Demo } from './support/demo-app.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
// Inside node_modules so that the snippet's bare `@gradio/client` import resolves.
const SCRATCH = path.join(ROOT, 'node_modules/.cache/api-snippets');

let demo: Demo;
let endpoints: ApiEndpoint[];

beforeAll(async () => {
  const ui = DEMO_PROJECT.ui;
  if (ui.type !== 'blocks') throw new Error('the demo project is a Blocks app');
  // One endpoint without parameters: makeFile with no inputs writes "note: undefined".
  const ping = { trigger: 'go.click', fn: 'makeFile', inputs: [], outputs: ['download'], apiName: 'ping' };
  demo = await startDemo({ ...DEMO_PROJECT, ui: { ...ui, events: [...(ui.events ?? []), ping] } });
  endpoints = parseApiInfo(await (await fetch(`${demo.base}gradio_api/info`)).json());
  await mkdir(SCRATCH, { recursive: true });
});
afterAll(async () => {
  await rm(SCRATCH, { recursive: true, force: true });
  await demo.close();
});

function snippetsFor(apiName: string): ReturnType<typeof buildSnippets> {
  const endpoint = endpoints.find((e) => e.apiName === apiName);
  if (!endpoint) throw new Error(`no public endpoint ${apiName}`);
  return buildSnippets(endpoint, demo.base);
}

async function runJs(name: string, code: string): Promise<string> {
  const file = path.join(SCRATCH, `${name}.mjs`);
  await writeFile(file, code);
  const { stdout } = await run(process.execPath, [file], { timeout: 30_000 });
  return stdout;
}

async function have(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

describe('the JavaScript snippet (node + @gradio/client)', () => {
  it('greets with the example value', async () => {
    expect(await runJs('greet', snippetsFor('greet').js)).toContain("[ 'Hello Hello!!!' ]");
  });

  it('streams a generator to its last value', async () => {
    expect(await runJs('count', snippetsFor('count').js)).toContain("[ '1 2 3' ]");
  });

  it('runs an endpoint without parameters', async () => {
    const code = snippetsFor('ping').js;
    expect(code).toContain('client.predict("/ping", {})');
    expect(await runJs('ping', code)).toContain("orig_name: 'note.txt'");
  });

  it('uploads a file with handle_file', async () => {
    const file = path.join(demo.dir, 'hello.txt');
    await writeFile(file, 'hi there');
    const code = snippetsFor('readText').js.replace('"/path/to/file.txt"', JSON.stringify(file));
    expect(code).toContain('handle_file(');
    expect(await runJs('read-text', code)).toContain('hi there');
  });
});

describe('the curl snippet (bash + curl)', () => {
  it('posts, reads the event id and streams the answer', async (context) => {
    if (!(await have('curl'))) context.skip();
    const { stdout } = await run('bash', ['-c', snippetsFor('greet').curl], { timeout: 30_000 });
    expect(stdout).toContain('event: complete\ndata: ["Hello Hello!!!"]');
  });

  it('uploads a file and sends the path the server gave it', async (context) => {
    if (!(await have('curl'))) context.skip();
    const file = path.join(demo.dir, `it's "here".txt`);
    await writeFile(file, 'hi from curl');
    const code = snippetsFor('readText').curl.replace('files=@/path/to/file.txt', shellQuote(`files=@${file}`));
    const { stdout, stderr } = await run('bash', ['-c', code], { timeout: 30_000 });
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^event: complete\ndata: \[".* -> hi from curl"\]/m);
  });

  it("shows the server's error when the upload and the call fail", async (context) => {
    if (!(await have('curl'))) context.skip();
    // As shown on the page: /path/to/file.txt does not exist, so nothing is uploaded and the
    // server refuses the call; its message must reach the terminal (awk used to eat it).
    const { stdout, stderr } = await run('bash', ['-c', snippetsFor('readText').curl], { timeout: 30_000 });
    expect(stdout).toBe('');
    expect(stderr).toContain('Upload failed: see the curl error above');
    expect(stderr).toMatch(/The call failed: \{"detail":"Input .*whose path came from POST \/gradio_api\/upload/);
  });

  it("shows the server's error when the call is refused", async (context) => {
    if (!(await have('curl'))) context.skip();
    const code = snippetsFor('greet').curl.replace('gradio_api/call/greet', 'gradio_api/call/nope');
    const { stdout, stderr } = await run('bash', ['-c', code], { timeout: 30_000 });
    expect(stdout).toBe('');
    expect(stderr).toContain('The call failed: {"detail":"No API endpoint /nope.');
  });
});

describe('the chat snippets (examples/chat)', () => {
  let chat: Demo;
  let chatEndpoint: ApiEndpoint;
  beforeAll(async () => {
    const dir = path.join(ROOT, 'examples/chat');
    const project = JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8')) as Pick<ProjectInput, 'functions' | 'ui'>;
    const files = {
      'chat.js': await readFile(path.join(dir, 'chat.js'), 'utf8'),
      'bot.js': await readFile(path.join(dir, 'bot.js'), 'utf8'),
    };
    chat = await startDemo({ functions: project.functions, ui: project.ui }, {}, files);
    const found = parseApiInfo(await (await fetch(`${chat.base}gradio_api/info`)).json()).find((e) => e.apiName === 'chat');
    if (!found) throw new Error('examples/chat has no /chat endpoint');
    chatEndpoint = found;
  });
  afterAll(async () => {
    await chat.close();
  });

  it('JS: the reply follows the message once, not a history that already holds it', async () => {
    const out = await runJs('chat', buildSnippets(chatEndpoint, chat.base).js);
    expect(out.match(/content: 'Hello!!'/g)).toHaveLength(1);
    expect(out).toContain("role: 'assistant'");
  });

  it('curl: the same conversation', async (context) => {
    if (!(await have('curl'))) context.skip();
    const { stdout } = await run('bash', ['-c', buildSnippets(chatEndpoint, chat.base).curl], { timeout: 30_000 });
    expect(stdout).toMatch(/event: complete\ndata: \[\[\{"role":"user","content":"Hello!!"\},\{"role":"assistant","content":"Hello! I am/);
  });
});

describe('the Python snippet', () => {
  it('is valid Python', async (context) => {
    if (!(await have('python3'))) context.skip();
    for (const name of ['greet', 'readText', 'ping']) {
      const code = snippetsFor(name).python;
      await expect(run('python3', ['-c', 'import ast, sys; ast.parse(sys.argv[1])', code])).resolves.toBeDefined();
    }
  });
});
