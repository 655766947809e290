/** Real projects for the server tests: files in a temp folder, the real engine, a real server on 127.0.0.1. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine } from '../../../main/engine/create-engine.js';
import type { Engine } from '../../../main/engine/types.js';
import { loadProject } from '../../../main/project/load.js';
import type { HostSettings } from '../../../main/runtimes/runtime-pool.js';
import type { ProjectInput } from '../../../preload/shared/project/schema.js';
import { startServer, type RunningServer, type StartServerOptions } from '../../../main/server/start-server.js';
import { tempDir } from '../../runtimes/support.js';

export const FUNCTIONS_MODULE = `
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const pause = (ms, signal) => new Promise((resolve, reject) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('stopped')); }, { once: true });
});

export function greet([name]) { return 'Hello ' + name + '!'; }

export async function* count([n], ctx) {
  let text = '';
  for (let i = 1; i <= n; i++) {
    ctx.progress([i, n]);
    ctx.log('step ' + i, i === n ? 'success' : 'info');
    text += (i > 1 ? ' ' : '') + i;
    yield text;
    await pause(20, ctx.signal);
  }
}

export async function slow([ms], ctx) { await pause(ms, ctx.signal); return 'slept ' + ms; }

export function boom([what]) { throw new Error('boom: ' + what + ' is not allowed, try another word'); }

export async function makeFile([text], ctx) {
  const path = join(ctx.outputDir, 'note-' + Date.now() + '.txt');
  await writeFile(path, 'note: ' + text);
  return { kind: 'file', path, origName: 'note.txt', mimeType: 'text/plain' };
}

export async function readText([file]) {
  return file.origName + ' -> ' + (await readFile(file.path, 'utf8'));
}

export function echoFile([file]) { return file; }

export function leak() { return '/etc/passwd'; }

export function tally([count, word]) { const next = (count ?? 0) + 1; return [next, word + ' ' + next]; }
`;

const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });

/** A Blocks app with one event per behaviour under test. */
export const DEMO_PROJECT: Omit<ProjectInput, 'version' | 'name'> = {
  functions: {
    greet: js('greet'),
    count: js('count'),
    slow: js('slow'),
    boom: js('boom'),
    makeFile: js('makeFile'),
    readText: js('readText'),
    echoFile: js('echoFile'),
    leak: js('leak'),
  },
  ui: {
    type: 'blocks',
    children: [
      { type: 'textbox', id: 'name', label: 'Name' },
      { type: 'textbox', id: 'text', label: 'Text' },
      { type: 'number', id: 'n', label: 'Steps' },
      { type: 'number', id: 'ms', label: 'Milliseconds' },
      { type: 'file', id: 'upload', label: 'Upload' },
      { type: 'file', id: 'download', label: 'Download' },
      { type: 'button', id: 'go' },
    ],
    events: [
      { trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'count', inputs: ['n'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'slow', inputs: ['ms'], outputs: ['text'], concurrencyLimit: null },
      { trigger: 'go.click', fn: 'boom', inputs: ['name'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'makeFile', inputs: ['name'], outputs: ['download'] },
      { trigger: 'go.click', fn: 'readText', inputs: ['upload'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'echoFile', inputs: ['upload'], outputs: ['download'] },
      { trigger: 'go.click', fn: 'leak', inputs: [], outputs: ['download'] },
      { trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['text'], apiName: 'hidden_greet', apiVisibility: 'undocumented' },
      { trigger: 'go.click', fn: 'greet', inputs: ['name'], outputs: ['text'], apiName: false },
    ],
  },
};

export interface Demo {
  readonly engine: Engine;
  readonly server: RunningServer;
  /** BASE for clients: `http://127.0.0.1:PORT/`. */
  readonly base: string;
  readonly dir: string;
  close(): Promise<void>;
}

/** startServer's options, plus the engine's worker settings (for example a short `cancelGraceMs`). */
export type DemoOptions = Partial<Omit<StartServerOptions, 'engine' | 'dataDir'>> & { readonly workers?: HostSettings };

export async function startDemo(
  project: Omit<ProjectInput, 'version' | 'name'> = DEMO_PROJECT,
  { workers, ...options }: DemoOptions = {},
  /** Extra files next to project.json (name → content), e.g. another JS module. */
  files: Readonly<Record<string, string>> = {},
): Promise<Demo> {
  const dir = await tempDir('server');
  await writeFile(join(dir.path, 'fns.js'), FUNCTIONS_MODULE);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir.path, name), content);
  const file = join(dir.path, 'project.json');
  await writeFile(file, JSON.stringify({ version: 1, name: 'server-test', ...project }));
  const engine = await createEngine({
    loaded: await loadProject(file),
    environment: { offline: true, cacheDir: join(dir.path, 'cache') },
    ...(workers ? { host: workers } : {}),
  });
  const server = await startServer({ engine, dataDir: join(dir.path, 'data'), ...options });
  return {
    engine,
    server,
    base: server.url,
    dir: dir.path,
    close: async () => {
      await server.close();
      await engine.dispose();
      await dir.remove();
    },
  };
}

/** fn_index of the first event running `fn`. */
export function fnIndex(engine: Engine, apiName: string): number {
  const event = engine.app.events.find((e) => e.apiName === apiName);
  if (!event) throw new Error(`no event ${apiName}`);
  return event.index;
}
