/**
 * The worker's side of files through the blob store (BlobJobValues): BlobRef inputs become local
 * files in a private job folder (copied out of Redis; read in place from a shared folder), the
 * run's files become BlobRefs whose bytes are in the store, only files of the job folder or
 * allowedPaths may leave, a missing blob fails clearly, and release removes the folder.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../preload/shared/project/normalize.js';
import { project as projectSchema } from '../../preload/shared/project/schema.js';
import type { BlobStore } from '../../main/blobs/blob-store.js';
import { FolderBlobStore } from '../../main/blobs/folder-blob-store.js';
import { RedisBlobStore } from '../../main/blobs/redis-blob-store.js';
import { BlobJobValues } from '../../main/queue/worker/blob-job-values.js';
import type { BlobRef, QueueJob } from '../../main/queue/job-data.js';
import { tempDir } from '../runtimes/support.js';
import { job, redisForFile } from './queue-fixtures.js';

const redis = redisForFile();
let temp: { path: string; remove: () => Promise<void> };
let redisStore: RedisBlobStore;
let disconnect: () => void;

const app = normalize(
  projectSchema.parse({
    version: 1,
    name: 'blob-values',
    functions: { f: { kind: 'js', module: './f.js', export: 'f' } },
    ui: {
      type: 'blocks',
      children: [
        { type: 'file', id: 'input' },
        { type: 'file', id: 'output' },
        { type: 'gallery', id: 'pictures' },
        { type: 'textbox', id: 'text' },
      ],
      events: [{ trigger: 'input.change', fn: 'f', inputs: ['input'], outputs: ['output', 'pictures', 'text'], apiName: 'f' }],
    },
  }),
);

beforeAll(async () => {
  temp = await tempDir('worker-blob-values');
  const queue = await redis.open();
  const connection = queue.connection('test');
  disconnect = () => connection.disconnect();
  redisStore = new RedisBlobStore(connection, { prefix: queue.target.prefix, ttlMs: 60_000, maxBytes: 1 << 20 });
});
afterAll(async () => {
  disconnect();
  await temp.remove();
});

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const fJob = (inputs: QueueJob['inputs']): QueueJob => ({ ...job('j1', 'L', { event: 'f', inputs }), enqueuedAt: 0 });

function values(store: BlobStore, tempRoot: string, allowedPaths: string[] = []): BlobJobValues {
  return new BlobJobValues({ store, app, allowedPaths, tempRoot, retentionMs: 600_000 });
}

describe.each([
  ['Redis', () => redisStore],
  ['a shared folder', () => new FolderBlobStore(join(temp.path, 'shared'))],
])('BlobJobValues with %s', (_name, makeStore) => {
  it('hands the run local files, stores its output files as BlobRefs, and removes the job folder', async () => {
    const store = makeStore();
    const tempRoot = join(temp.path, `jobs-${_name.replace(/\s/g, '')}`);
    await mkdir(tempRoot, { recursive: true });
    const input = randomBytes(10_000);
    await store.put('uploads/abc/in.bin', input);
    const ref: BlobRef = { kind: 'blob', key: 'uploads/abc/in.bin', origName: 'in.bin', mimeType: 'application/x-test' };
    const prepared = await values(store, tempRoot).prepare(fJob([ref]));
    const [file] = prepared.inputs as { kind: string; path: string; origName: string; mimeType: string }[];
    expect(file).toMatchObject({ kind: 'file', origName: 'in.bin', mimeType: 'application/x-test' });
    expect((await readFile(file?.path ?? '')).equals(input)).toBe(true);
    if (store instanceof FolderBlobStore) expect(file?.path).toBe(store.localPath(ref.key));

    const outputDir = prepared.outputDir ?? '';
    expect((await stat(outputDir)).isDirectory()).toBe(true);
    const made = randomBytes(5_000);
    await writeFile(join(outputDir, 'made.bin'), made);
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(100)]);
    const output = (await prepared.output([join(outputDir, 'made.bin'), [[png, 'a caption']], 'text'])) as [
      BlobRef,
      [BlobRef, string][],
      string,
    ];
    expect(output[0]).toMatchObject({ kind: 'blob', origName: 'made.bin', size: 5_000 });
    expect(output[0].key).toMatch(/^outputs\/[0-9a-f]{64}\/made\.bin$/);
    expect((await bytesOf(await store.get(output[0].key))).equals(made)).toBe(true);
    expect(output[1][0]?.[0]).toMatchObject({ kind: 'blob', mimeType: 'image/png', size: png.length });
    expect(output[1][0]?.[1]).toBe('a caption');
    expect((await bytesOf(await store.get(output[1][0]?.[0].key ?? ''))).equals(png)).toBe(true);
    expect(output[2]).toBe('text');
    // An input handed back as an output (an echo) may leave: it is the job's own.
    expect(await prepared.output([file, null, null])).toMatchObject([{ kind: 'blob', origName: 'in.bin', size: input.length }, null, null]);

    await prepared.release();
    expect(await readdir(tempRoot)).toEqual([]);
    // The store's own copy of the input stays (another job may use the same upload).
    expect(await store.stat(ref.key)).toBeDefined();
  });

  it('lets only the job folder and allowedPaths files leave this machine', async () => {
    const store = makeStore();
    const secret = join(temp.path, 'secret.txt');
    await writeFile(secret, 'not for the queue');
    const prepared = await values(store, temp.path).prepare(fJob([]));
    await expect(prepared.output([secret, null, null])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('which this worker may not send') as unknown,
    });
    // Nor can it name a blob of the store itself (another caller's upload): a function never gets BlobRefs.
    await expect(prepared.output([{ kind: 'blob', key: 'uploads/abc/in.bin' }, null, null])).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('expected a file') as unknown,
    });
    await prepared.release();
    const allowed = await values(store, temp.path, [secret]).prepare(fJob([]));
    expect(await allowed.output([secret, null, null])).toMatchObject([{ kind: 'blob', origName: 'secret.txt' }, null, null]);
    await allowed.release();
  });

  it('fails a job whose input blob is gone with NOT_FOUND naming the file and what to do, leaving no folder', async () => {
    const store = makeStore();
    const tempRoot = join(temp.path, `missing-${_name.replace(/\s/g, '')}`);
    await mkdir(tempRoot, { recursive: true });
    const gone: BlobRef = { kind: 'blob', key: 'uploads/nope/gone.png', origName: 'gone.png' };
    await expect(values(store, tempRoot).prepare(fJob([gone]))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/"gone\.png" is no longer in the blob store .*Upload it again/) as unknown,
    });
    expect(await readdir(tempRoot)).toEqual([]);
  });
});
