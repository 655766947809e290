import { mkdir, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { connect, type GradioClient } from './support/gradio-client.js';
import { startDemo, type Demo } from './support/demo-app.js';

/**
 * Which files a file output may serve: the ones a function wrote into its run's own folder
 * (`ctx.outputDir`), this server's uploads and outputs, and project files listed in
 * `allowedPaths`. Nothing else: not another server's uploads in the temp folder, not a stray
 * secret there, not a symlink out of the run folder, not the project's own files.
 */

const MODULE = `
import { existsSync } from 'node:fs';
import { symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));

/** Returns whatever path it is given, as a careless function would. */
export function echoPath([path]) { return path; }
export async function written([text], ctx) {
  const path = join(ctx.outputDir, 'report.txt');
  await writeFile(path, 'report: ' + text);
  return { kind: 'file', path, origName: 'report.txt', mimeType: 'text/plain' };
}
export async function linkOut([target], ctx) {
  const path = join(ctx.outputDir, 'link.txt');
  await symlink(target, path);
  return path;
}
export function projectFile([name]) { return join(here, name); }
export function bytes() { return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]); }
/** Calls written through ctx.call: the called function writes into the same run folder. */
export async function nested([text], ctx) { return ctx.call('written', [text]); }
export function runDir(_inputs, ctx) { return ctx.outputDir; }

async function gate(name, signal) {
  while (!existsSync(join(here, name))) {
    if (signal.aborted) throw new Error('stopped');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
export async function hold([name], ctx) { await gate(name, ctx.signal); return null; }
/** Batched: one file per caller, all written into the one ctx.outputDir the batch gets. */
export async function batchedFiles([texts], ctx) {
  const paths = await Promise.all(texts.map(async (text, i) => {
    const path = join(ctx.outputDir, 'item-' + i + '.txt');
    await writeFile(path, 'item: ' + text);
    return path;
  }));
  return [paths];
}
`;

const js = (name: string) => ({ kind: 'js' as const, module: './outputs.js', export: name });
const event = (fn: string, inputs: string[] = ['text']) => ({ trigger: 'go.click', fn, inputs, outputs: ['download'] });

const PROJECT: Omit<ProjectInput, 'version' | 'name'> = {
  functions: Object.fromEntries(
    ['echoPath', 'written', 'linkOut', 'projectFile', 'bytes', 'nested', 'runDir', 'hold', 'batchedFiles'].map((name) => [name, js(name)]),
  ),
  allowedPaths: ['assets', 'notes/readme.txt'],
  ui: {
    type: 'blocks',
    children: [
      { type: 'button', id: 'go' },
      { type: 'textbox', id: 'text' },
      { type: 'textbox', id: 'shown' },
      { type: 'file', id: 'download' },
    ],
    events: [
      event('echoPath'),
      event('written'),
      event('linkOut'),
      event('projectFile'),
      event('bytes', []),
      event('nested'),
      { trigger: 'go.click', fn: 'runDir', inputs: [], outputs: ['shown'] },
      { ...event('hold'), outputs: ['shown'], concurrencyId: 'device', concurrencyLimit: 1 },
      { ...event('batchedFiles'), concurrencyId: 'device', concurrencyLimit: 1, batch: true, maxBatchSize: 2 },
    ],
  },
};

let demo: Demo;
let other: Demo;
let client: GradioClient;
const strays: string[] = [];

beforeAll(async () => {
  demo = await startDemo(PROJECT, {}, { 'outputs.js': MODULE });
  await mkdir(join(demo.dir, 'assets'));
  await writeFile(join(demo.dir, 'assets', 'logo.txt'), 'an asset');
  await mkdir(join(demo.dir, 'notes'));
  await writeFile(join(demo.dir, 'notes', 'readme.txt'), 'read me');
  await writeFile(join(demo.dir, 'notes', 'private.txt'), 'not listed');
  await symlink('/etc/passwd', join(demo.dir, 'assets', 'passwd-link'));
  // A second server on this machine, with an upload of its own in the temp folder.
  other = await startDemo();
  client = await connect(demo.base);
});

afterAll(async () => {
  client.close();
  await demo.close();
  await other.close();
  for (const stray of strays) await rm(stray, { force: true });
});

async function uploadTo(server: Demo, name: string, content: string): Promise<string> {
  const form = new FormData();
  form.append('files', new Blob([content]), name);
  const response = await fetch(`${server.base}gradio_api/upload`, { method: 'POST', body: form });
  expect(response.status).toBe(200);
  const [path] = (await response.json()) as string[];
  if (!path) throw new Error('no upload path');
  return path;
}

const served = async (endpoint: string, data: unknown[]): Promise<string> => {
  const result = await client.predict(endpoint, data);
  const file = result.data[0] as { url: string; path: string };
  expect(file.path.startsWith(await realpath(join(demo.dir, 'data', 'outputs')))).toBe(true);
  return (await fetch(file.url)).text();
};

const refused = (endpoint: string, data: unknown[], path: string): Promise<void> =>
  expect(client.predict(endpoint, data)).rejects.toMatchObject({
    message: expect.stringMatching(
      new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*may not serve.*ctx\\.outputDir.*allowedPaths`),
    ) as string,
  });

describe('file outputs a function may return', () => {
  it('serves a file the function wrote into ctx.outputDir, then removes the run folder', async () => {
    expect(await served('/written', ['ok'])).toBe('report: ok');
    const runs = join(demo.dir, 'data', 'runs');
    await expect.poll(() => readdir(runs)).toEqual([]);
  });

  it('makes no folder for a run that writes no file (the folder is made when ctx.outputDir is first read)', async () => {
    const runs = join(demo.dir, 'data', 'runs');
    await expect.poll(() => readdir(runs)).toEqual([]);
    const running = client.predict('/hold', ['let-hold-go']);
    await expect.poll(() => demo.engine.queueStatus().running, { timeout: 20_000 }).toBe(1);
    expect(await readdir(runs)).toEqual([]);
    await writeFile(join(demo.dir, 'let-hold-go'), '');
    await running;
  });

  it('gives each run a folder of its own, inside this server’s data folder', async () => {
    const [first, second] = await Promise.all([client.predict('/runDir', []), client.predict('/runDir', [])]);
    const a = first.data[0] as string;
    const b = second.data[0] as string;
    expect(a).not.toBe(b);
    expect(a.startsWith(await realpath(join(demo.dir, 'data', 'runs')))).toBe(true);
  });

  it('serves a file written by a function that ctx.call ran, into the same run folder', async () => {
    expect(await served('/nested', ['deep'])).toBe('report: deep');
  });

  it('serves bytes returned by a function (as model runtimes return them)', async () => {
    const result = await client.predict('/bytes', []);
    const file = result.data[0] as { url: string; mime_type: string };
    expect(file.mime_type).toBe('image/png');
    expect((await (await fetch(file.url)).arrayBuffer()).byteLength).toBe(12);
  });

  it('refuses another server’s upload in the temp folder', async () => {
    const foreign = await uploadTo(other, 'private.txt', 'someone else’s file');
    await refused('/echoPath', [foreign], foreign);
  });

  it('refuses a stray secret file in the temp folder', async () => {
    const secret = join(tmpdir(), `demo-desktop-secret-${process.pid}-${Date.now()}.txt`);
    strays.push(secret);
    await writeFile(secret, 'api key');
    await refused('/echoPath', [secret], secret);
  });

  it('refuses a symlink in the run folder that points outside it', async () => {
    const secret = join(tmpdir(), `demo-desktop-secret-link-${process.pid}-${Date.now()}.txt`);
    strays.push(secret);
    await writeFile(secret, 'api key');
    await refused('/linkOut', [secret], secret);
    await refused('/linkOut', ['/etc/passwd'], '/etc/passwd');
  });

  it('refuses the project’s own files: project.json and its module', async () => {
    await refused('/projectFile', ['project.json'], join(demo.dir, 'project.json'));
    await refused('/projectFile', ['outputs.js'], join(demo.dir, 'outputs.js'));
    await refused('/projectFile', ['notes/private.txt'], join(demo.dir, 'notes', 'private.txt'));
  });

  it('serves project files listed in allowedPaths (a folder, a single file), but no symlink out of them', async () => {
    expect(await served('/projectFile', ['assets/logo.txt'])).toBe('an asset');
    expect(await served('/projectFile', ['notes/readme.txt'])).toBe('read me');
    await refused('/projectFile', ['assets/passwd-link'], '/etc/passwd');
  });

  it('serves this server’s own uploads echoed back', async () => {
    const own = await uploadTo(demo, 'mine.txt', 'my upload');
    expect(await served('/echoPath', [own])).toBe('my upload');
  });

  it('gives each caller of a batched function its own file', async () => {
    // Both callers wait behind a blocker, so they run as one batch with one ctx.outputDir.
    const blocker = client.predict('/hold', ['open-batch']);
    await expect.poll(() => demo.engine.queueStatus().running).toBe(1);
    const calls = ['x', 'y'].map((text) => client.predict('/batchedFiles', [text]));
    await expect.poll(() => demo.engine.queueStatus().queued).toBe(2);
    await writeFile(join(demo.dir, 'open-batch'), '');
    await blocker;
    const texts = await Promise.all(
      calls.map(async (call) => {
        const file = (await call).data[0] as { url: string };
        return (await fetch(file.url)).text();
      }),
    );
    expect(texts).toEqual(['item: x', 'item: y']);
    expect(demo.engine.metrics().batchedFiles?.batchSizes).toEqual({ 2: 1 });
  });
});
