/**
 * How long uploads live. Gradio's upload names no session, so an upload belongs to its client
 * until a call uses it, then to that call's session: it is deleted when the session's client goes
 * away, when nothing used it for `uploadRetentionMs`, and never while a job still uses it.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { connect } from './support/gradio-client.js';
import { DEMO_PROJECT, startDemo, type Demo, type DemoOptions } from './support/demo-app.js';
import { raw } from './support/raw-http.js';

const LATER = `
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const here = dirname(fileURLToPath(import.meta.url));
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Notes its cancellation, then goes on regardless until the "go" file exists, and reads its upload. */
export async function readLater([file], ctx) {
  ctx.progress(0, 'started');
  while (!ctx.signal.aborted) await tick();
  await writeFile(join(here, 'aborted'), '');
  while (!existsSync(join(here, 'go'))) await tick();
  await writeFile(join(here, 'read'), await readFile(file.path, 'utf8'));
  return 'read';
}
`;

const PROJECT: Omit<ProjectInput, 'version' | 'name'> = {
  ...DEMO_PROJECT,
  functions: { ...DEMO_PROJECT.functions, readLater: { kind: 'js', module: './later.js', export: 'readLater' } },
  ui: {
    ...DEMO_PROJECT.ui,
    events: [
      ...(DEMO_PROJECT.ui.type === 'blocks' ? (DEMO_PROJECT.ui.events ?? []) : []),
      { trigger: 'go.click', fn: 'readLater', inputs: ['upload'], outputs: ['text'] },
    ],
  } as ProjectInput['ui'],
};

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
  vi.restoreAllMocks();
});

async function serve(options: DemoOptions): Promise<Demo> {
  demo = await startDemo(PROJECT, options, { 'later.js': LATER });
  return demo;
}

async function uploads(d: Demo): Promise<string[]> {
  const root = join(d.dir, 'data', 'uploads');
  const folders = await readdir(root);
  return (
    await Promise.all(folders.map(async (folder) => (await readdir(join(root, folder))).map((name) => join(root, folder, name))))
  ).flat();
}

async function uploadText(d: Demo, name: string, text: string): Promise<string> {
  const form = new FormData();
  form.append('files', new Blob([text]), name);
  const response = await fetch(`${d.base}gradio_api/upload`, { method: 'POST', body: form });
  expect(response.status).toBe(200);
  const [path = ''] = (await response.json()) as string[];
  return path;
}

/** POST /run/readText with a session: a one-shot call that uses the upload. */
async function readText(d: Demo, path: string, session: string): Promise<{ status: number; body: string }> {
  return raw({
    port: d.server.port,
    path: '/gradio_api/run/readText',
    method: 'POST',
    headers: { Host: `127.0.0.1:${d.server.port}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ data: [{ path, orig_name: 'note.txt', meta: { _type: 'gradio.FileData' } }], session_hash: session }),
  });
}

describe('upload lifetime', () => {
  it("deletes a session's upload as soon as its client goes away", async () => {
    // A long linger keeps the session's stream open, so closing the client is a disconnect.
    const d = await serve({ streamLingerMs: 60_000 });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = await connect(d.base);
    const result = await client.predict('/readText', [new Blob(['kept for the session'])]);
    expect(result.data[0]).toMatch(/ -> kept for the session$/);
    expect(await uploads(d)).toHaveLength(1);
    client.close();
    await expect.poll(() => uploads(d), { timeout: 30_000 }).toEqual([]);
  });

  it('deletes an upload no call used once uploadRetentionMs has passed', async () => {
    const d = await serve({ uploadRetentionMs: 300 });
    const path = await uploadText(d, 'unused.txt', 'never used');
    expect(existsSync(path)).toBe(true);
    await expect.poll(() => existsSync(path), { timeout: 10_000 }).toBe(false);
  });

  it('keeps a session’s upload for its next calls, and lets it go once the session idles', async () => {
    const d = await serve({ uploadRetentionMs: 2_000 });
    const path = await uploadText(d, 'note.txt', 'reused');
    const first = await readText(d, path, 'reuser');
    expect(JSON.parse(first.body)).toMatchObject({ data: ['note.txt -> reused'] });
    const again = await readText(d, path, 'reuser');
    expect(JSON.parse(again.body)).toMatchObject({ data: ['note.txt -> reused'] });
    await expect.poll(() => existsSync(path), { timeout: 15_000 }).toBe(false);
    const late = await readText(d, path, 'reuser');
    expect(late.status).toBe(400);
    expect(late.body).toMatch(/not an uploaded file.*Upload it first/);
  });

  it('never deletes a file under a job that still uses it, even once its session has ended', async () => {
    // The cancelled function ignores its signal for a while: the grace period lets it.
    const d = await serve({ workers: { cancelGraceMs: 60_000 } });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const client = await connect(d.base, { events: ['data', 'status'] });
    const job = client.submit('/readLater', [new Blob(['still here'])]);
    // The function's first progress came through the session's stream: it is open, the job runs.
    const started = new Promise<void>((resolve) => {
      void (async () => {
        for await (const event of job) if ((event as { progress_data?: unknown }).progress_data) resolve();
      })().catch(() => undefined);
    });
    await started;
    // The client goes away: the session ends and its job is cancelled, but the function runs on.
    client.close();
    await expect.poll(() => existsSync(join(d.dir, 'aborted')), { timeout: 10_000 }).toBe(true);
    expect(await uploads(d)).toHaveLength(1);
    await writeFile(join(d.dir, 'go'), '');
    await expect.poll(() => existsSync(join(d.dir, 'read')), { timeout: 10_000 }).toBe(true);
    expect(await readFile(join(d.dir, 'read'), 'utf8')).toBe('still here');
    // The job is over: nothing holds the file any more.
    await expect.poll(() => uploads(d), { timeout: 30_000 }).toEqual([]);
  });
});
