/**
 * The "Use via API" snippets, run for real against a live server: the JS one with node and the
 * official @gradio/client, the curl one with bash and curl; the Python one is only parsed (the
 * Python client is not installed here). Snippets come from the same pure module the page uses.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiInfo, type ApiEndpoint } from '../../renderer/api/info.js';
import { buildSnippets } from '../../renderer/api/snippets.js';
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
