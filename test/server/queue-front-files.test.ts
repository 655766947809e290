/**
 * Files across machines (issue 18): two `serve --queue` fronts on one real redis-server and one
 * `demo-desktop worker` child process, files in the shared blob store (Redis), no sticky sessions.
 * The real @gradio/client uploads through one front and joins and streams through the other; the
 * worker copies the input into its own temp folder, runs the function on a local path, stores the
 * output file; any front serves it, byte for byte. Also: path safety of the file route, an
 * expired upload at join and at the worker, an output path outside the job refused, State refused.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { loadProject } from '../../main/project/load.js';
import type { JobEvent } from '../../main/queue/job-events.js';
import type { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { FrontEngine } from '../../main/server/queue-front/front-engine.js';
import { connectRedisFront, type RedisFront } from '../../main/server/queue-front/redis-front.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import { spawnCli, waitForLine } from '../cli/run-cli.js';
import { namespace, redisForFile } from '../queue/queue-fixtures.js';
import { tempDir } from '../runtimes/support.js';
import { connect, handleFile, type GradioClient } from './support/gradio-client.js';
import { startSplitProxy, type SplitProxy } from './support/split-proxy.js';

const FUNCTIONS = `
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** A new file from the input's bytes, reversed: the output is not the input. */
export async function flip([file], ctx) {
  const bytes = Buffer.from(await readFile(file.path));
  const out = join(ctx.outputDir, 'flipped-' + file.origName);
  await writeFile(out, bytes.reverse());
  return out;
}

export async function copyImage([image], ctx) {
  const out = join(ctx.outputDir, 'copy-' + basename(image.path));
  await copyFile(image.path, out);
  return { kind: 'file', path: out, origName: 'copy.png', mimeType: 'image/png' };
}

export function leak() { return '/etc/hostname'; }
export function remember([memo]) { return memo; }
`;

const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });

const PROJECT = {
  version: 1,
  name: 'queue-front-files-test',
  functions: { flip: js('flip'), copyImage: js('copyImage'), leak: js('leak'), remember: js('remember') },
  ui: {
    type: 'blocks',
    children: [
      { type: 'file', id: 'upload', label: 'Upload' },
      { type: 'file', id: 'result', label: 'Result' },
      { type: 'image', id: 'photo', label: 'Photo' },
      { type: 'image', id: 'photoOut', label: 'Copy' },
      { type: 'state', id: 'memo' },
      { type: 'button', id: 'go' },
    ],
    events: [
      { trigger: 'go.click', fn: 'flip', inputs: ['upload'], outputs: ['result'] },
      { trigger: 'go.click', fn: 'copyImage', inputs: ['photo'], outputs: ['photoOut'] },
      { trigger: 'go.click', fn: 'leak', inputs: [], outputs: ['result'] },
      { trigger: 'go.click', fn: 'remember', inputs: ['memo'], outputs: ['memo'] },
    ],
  },
};

const redis = redisForFile();
let dir: { path: string; remove: () => Promise<void> } | undefined;
let workerTmp: string;
let ns: string;
let fronts: { redis: RedisFront; server: RunningServer }[] = [];
let worker: ChildProcessWithoutNullStreams | undefined;
let proxy: SplitProxy;
let frontEngine: FrontEngine;
let client: GradioClient;
let queue: RedisQueue;

beforeAll(async () => {
  const temp = await tempDir('queue-front-files');
  dir = temp;
  await writeFile(join(temp.path, 'fns.js'), FUNCTIONS);
  const file = join(temp.path, 'project.json');
  await writeFile(file, JSON.stringify(PROJECT));
  frontEngine = new FrontEngine(await loadProject(file));
  ns = namespace();
  const url = `${redis.server().url}?namespace=${ns}`;
  for (const i of [0, 1]) {
    const front = await connectRedisFront(url, {}, silentLogger, { blockMs: 60_000 });
    const server = await startServer({
      engine: frontEngine,
      dataDir: join(temp.path, `front-${i}`),
      queue: (ctx) => front.gradioQueue(ctx),
    });
    fronts.push({ redis: front, server });
  }
  // The worker's own temp folder, to see that it leaves no job folder behind.
  workerTmp = join(temp.path, 'worker-tmp');
  await mkdir(workerTmp);
  worker = spawnCli(['worker', file, '--queue', url], { TMPDIR: workerTmp });
  await waitForLine(worker, /Worker \S+ ready: serving /, 120_000);
  // Uploads go to front 0; the join, the stream and everything else to front 1.
  proxy = await startSplitProxy(
    fronts.map((f) => f.server.url),
    (path) => (path.endsWith('/upload') ? 0 : 1),
  );
  client = await connect(proxy.base);
  queue = await redis.open(ns);
}, 180_000);

afterAll(async () => {
  (client as GradioClient | undefined)?.close();
  await (proxy as SplitProxy | undefined)?.close();
  const child = worker;
  if (child?.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
  for (const front of fronts) {
    await front.server.close();
    await front.redis.close();
  }
  fronts = [];
  await dir?.remove();
});

const front = (i: number): string => fronts[i]?.server.url ?? '';
const fnIndex = (apiName: string): number => frontEngine.app.events.findIndex((e) => e.apiName === apiName);

async function localFile(name: string, bytes: Buffer): Promise<string> {
  const folder = join(dir?.path ?? '', randomUUID());
  await mkdir(folder);
  await writeFile(join(folder, name), bytes);
  return join(folder, name);
}

async function fileFrom(i: number, path: string): Promise<Response> {
  return fetch(`${front(i)}gradio_api/file=${path}`);
}

/** The status of a GET sent with its path exactly as given (fetch would resolve "..", as browsers do). */
function rawStatus(i: number, path: string): Promise<number | undefined> {
  const { hostname, port } = new URL(front(i));
  return new Promise((resolve, reject) => {
    get({ hostname, port, path: `/gradio_api/file=${path}` }, (response) => {
      response.resume();
      resolve(response.statusCode);
    }).once('error', reject);
  });
}

async function upload(i: number, name: string, bytes: Buffer): Promise<string> {
  const form = new FormData();
  form.append('files', new Blob([bytes]), name);
  const response = await fetch(`${front(i)}gradio_api/upload`, { method: 'POST', body: form });
  expect(response.status).toBe(200);
  const [path] = (await response.json()) as string[];
  return path ?? '';
}

async function joinOn(i: number, apiName: string, data: unknown[]): Promise<Response> {
  return fetch(`${front(i)}gradio_api/queue/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data, fn_index: fnIndex(apiName), session_hash: randomUUID().slice(0, 10) }),
  });
}

interface FileData {
  path: string;
  url: string;
  size: number | null;
  orig_name: string | null;
  mime_type: string | null;
}

describe('files through the blob store: two fronts, one worker process, no affinity', () => {
  it('uploads through one front, runs on the worker, and serves the result file from either front, bytes equal', async () => {
    const input = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(300_000)]);
    const { data } = await client.predict('/flip', [handleFile(await localFile('data.bin', input))]);
    const result = data[0] as FileData;
    expect(result.path).toMatch(/^outputs\/[0-9a-f]{64}\/flipped-data\.bin$/);
    expect(result.url).toBe(`${proxy.base}gradio_api/file=${result.path}`);
    expect(result).toMatchObject({ size: input.length, orig_name: 'flipped-data.bin' });
    const expected = Buffer.from(input).reverse();
    for (const i of [0, 1]) {
      const response = await fileFrom(i, result.path);
      expect(response.status).toBe(200);
      expect(Buffer.from(await response.arrayBuffer()).equals(expected)).toBe(true);
    }
    // No affinity: the upload reached front 0, the join and the stream front 1.
    const served = proxy.served.map(([i, method, path]) => `${i} ${method} ${path}`);
    expect(served).toContain('0 POST /gradio_api/upload');
    expect(served).toContain('1 POST /gradio_api/queue/join');
    expect(served.some((s) => s.startsWith('0 ') && s.includes('/queue/'))).toBe(false);
    // The worker removed the job's folder (its copy of the input and the output it wrote).
    expect((await readdir(workerTmp)).filter((name) => name.startsWith('dd-job-'))).toEqual([]);
  });

  it('takes an image input and returns an image output through the same path', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(5_000)]);
    const { data } = await client.predict('/copyImage', [handleFile(await localFile('photo.png', png))]);
    const result = data[0] as FileData;
    expect(result).toMatchObject({ orig_name: 'copy.png', mime_type: 'image/png', size: png.length });
    const response = await fileFrom(0, result.path);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('serves an upload from a front that did not receive it, and only keys under uploads/ and outputs/', async () => {
    const bytes = randomBytes(2_000);
    const key = await upload(0, 'note.txt', bytes);
    expect(key).toMatch(/^uploads\/[0-9a-f]{64}\/note\.txt$/);
    const response = await fileFrom(1, key);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    // A media element's range request, served from the blob as from a local file.
    const part = await fetch(`${front(1)}gradio_api/file=${key}`, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 20))).toBe(true);
    expect((await fileFrom(1, key.replace('note.txt', 'other.txt'))).status).toBe(404);
    for (const bad of [
      'uploads/../../etc/passwd',
      '/etc/passwd',
      '%2Fetc%2Fpasswd',
      'uploads/..%2F..%2Fx',
      'outputs/./x',
      'jobs/x/y',
      'blob:x',
    ]) {
      expect(await rawStatus(1, bad)).toBe(403);
    }
  });

  it('answers a join whose upload is gone with 400 saying to upload again, and a worker fails a job whose blob expired clearly', async () => {
    const key = await upload(0, 'gone.txt', Buffer.from('soon gone'));
    await queue.connection('test').del(`${queue.target.prefix}blob:${key}`);
    const response = await joinOn(1, 'flip', [{ path: key, orig_name: 'gone.txt', meta: { _type: 'gradio.FileData' } }]);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain('Upload it again');
    const notUploaded = await joinOn(1, 'flip', [{ path: '/etc/passwd', meta: { _type: 'gradio.FileData' } }]);
    expect(notUploaded.status).toBe(400);

    // Expired after the join, before the worker ran it: the job fails NOT_FOUND, naming the file.
    const id = randomUUID().replaceAll('-', '');
    const event = frontEngine.app.events[fnIndex('flip')];
    await queue.submit({
      id,
      event: 'flip',
      inputs: [{ kind: 'blob', key: 'uploads/0000/expired.bin', origName: 'expired.bin' }],
      session: '',
      lane: 'expired',
      priority: 'normal',
      groupId: event?.concurrencyId ?? '',
      limit: event?.concurrencyLimit ?? null,
      batch: null,
    });
    const failed = await terminal(id);
    expect(failed).toMatchObject({ type: 'failed', error: { code: 'NOT_FOUND' } });
    expect(failed.type === 'failed' ? failed.error.message : '').toContain('"expired.bin" is no longer in the blob store');
  });

  it("refuses an output path outside the job folder (a function cannot send out the worker machine's files)", async () => {
    await expect(client.predict('/leak', [])).rejects.toMatchObject({ message: expect.stringContaining('may not send') as unknown });
  });

  it('still refuses State at join on a front, saying why', async () => {
    const response = await joinOn(1, 'remember', [null]);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain('/remember uses memo (State)');
  });
});

/** The job's terminal event, read from its stream. */
async function terminal(id: string): Promise<JobEvent> {
  let after = '0';
  for (;;) {
    const events = await queue.readEvents(new Map([[id, after]]), { blockMs: 10_000 });
    for (const stored of events) {
      after = stored.id;
      if (['completed', 'failed', 'cancelled'].includes(stored.event.type)) return stored.event;
    }
  }
}
