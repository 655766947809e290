/**
 * The limits of POST /gradio_api/upload, each on a server of its own: files per request, file
 * size while streaming, uploads at once per client and per server, disk per client and per
 * server. Each refusal is Gradio's plain-text form with the limit and what to do, and leaves no
 * partial file behind; an upload aborted half-way leaves nothing either. Other loopback
 * addresses (127.0.0.2, ...) are other clients.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDemo, type Demo, type DemoOptions } from './support/demo-app.js';
import { uploadStreamed, type StreamedFile, type UploadAnswer } from './support/upload-stream.js';

const KiB = 1024;
const MiB = 1024 * KiB;

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.close();
  demo = undefined;
});

async function serve(options: DemoOptions): Promise<Demo> {
  demo = await startDemo(undefined, options);
  return demo;
}

const incoming = (d: Demo): Promise<string[]> => readdir(join(d.dir, 'data', 'incoming'));

async function stored(d: Demo): Promise<string[]> {
  const root = join(d.dir, 'data', 'uploads');
  const folders = await readdir(root);
  const names = await Promise.all(folders.map(async (folder) => (await readdir(join(root, folder))).map((name) => `${folder}/${name}`)));
  return names.flat();
}

function upload(d: Demo, files: readonly StreamedFile[], extra: Partial<Parameters<typeof uploadStreamed>[0]> = {}): Promise<UploadAnswer> {
  return uploadStreamed({ port: d.server.port, files, ...extra });
}

/** An upload held open after its first 64 KiB, until `release()`. */
function held(d: Demo, name: string, localAddress = '127.0.0.1'): { answer: Promise<UploadAnswer>; release: () => void } {
  let release: () => void = () => undefined;
  const until = new Promise<void>((resolve) => (release = resolve));
  const answer = upload(d, [{ name, bytes: 256 * KiB, seed: name.length }], { holdAfter: { bytes: 64 * KiB, until }, localAddress });
  return { answer, release };
}

/** Waits until the server is receiving `count` files (its incoming folder says so). */
const receiving = (d: Demo, count: number): Promise<void> =>
  expect.poll(async () => (await incoming(d)).length, { timeout: 10_000 }).toBe(count);

describe('upload limits', () => {
  it('stores each file in <uploads>/<sha256>/<name>, binary-safe, ignoring parts not named "files"', async () => {
    const d = await serve({});
    const tricky = Buffer.concat([Buffer.from('\r\n--boundary\r\n\r\n'), Buffer.from([0, 255, 13, 10, 45, 45])]);
    const form = new FormData();
    form.append('note', 'not a file');
    form.append('files', new Blob([tricky]), 'tricky.bin');
    const response = await fetch(`${d.base}gradio_api/upload`, { method: 'POST', body: form });
    expect(response.status).toBe(200);
    const [path = ''] = (await response.json()) as string[];
    expect(basename(dirname(path))).toBe(createHash('sha256').update(tricky).digest('hex'));
    expect(basename(path)).toBe('tricky.bin');
    expect(Buffer.compare(await readFile(path), tricky)).toBe(0);
  });

  it('refuses more files per request than maxFilesPerUpload with 413, leaving no partial file', async () => {
    const d = await serve({ maxFilesPerUpload: 3 });
    const files = [1, 2, 3, 4].map((seed) => ({ name: `f${seed}.bin`, bytes: 10 * KiB, seed }));
    const answer = await upload(d, files);
    expect(answer.status).toBe(413);
    expect(answer.contentType).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(/Too many files in one upload: the limit is 3\. Upload them in several requests\./);
    expect(await incoming(d)).toEqual([]);
    expect((await upload(d, files.slice(0, 3))).status).toBe(200);
  });

  it('refuses a file over maxFileSize while it streams (413) and removes what it had written', async () => {
    const d = await serve({ maxFileSize: 64 * KiB });
    const answer = await upload(d, [{ name: 'big.bin', bytes: 200 * KiB }], { chunked: true });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/Maximum file size exceeded: the limit is 65536 bytes/);
    await expect.poll(() => incoming(d), { timeout: 10_000 }).toEqual([]);
    expect(await stored(d)).toEqual([]);
  });

  it('admits maxConcurrentUploadsPerClient uploads at once per client (429 for one more), others still get in', async () => {
    const d = await serve({ maxConcurrentUploadsPerClient: 2, maxConcurrentUploads: 10 });
    const first = held(d, 'a.bin');
    const second = held(d, 'bb.bin');
    await receiving(d, 2);
    const third = await upload(d, [{ name: 'c.bin', bytes: KiB }]);
    expect(third.status).toBe(429);
    expect(third.body).toMatch(/Too many uploads at once from this client \(limit 2\)\. Wait for your other uploads to finish/);
    // Another client is not held up by this one.
    expect((await upload(d, [{ name: 'd.bin', bytes: KiB }], { localAddress: '127.0.0.2' })).status).toBe(200);
    first.release();
    second.release();
    expect([(await first.answer).status, (await second.answer).status]).toEqual([200, 200]);
    expect((await upload(d, [{ name: 'e.bin', bytes: KiB }])).status).toBe(200);
  });

  it('admits maxConcurrentUploads uploads at once on the server, whoever sends them (429 for one more)', async () => {
    const d = await serve({ maxConcurrentUploadsPerClient: 8, maxConcurrentUploads: 2 });
    const first = held(d, 'a.bin', '127.0.0.1');
    const second = held(d, 'bb.bin', '127.0.0.2');
    await receiving(d, 2);
    const third = await upload(d, [{ name: 'c.bin', bytes: KiB }], { localAddress: '127.0.0.3' });
    expect(third.status).toBe(429);
    expect(third.body).toMatch(/Too many uploads at once on this server \(limit 2\)\. Try again in a few seconds\./);
    first.release();
    second.release();
    await Promise.all([first.answer, second.answer]);
    expect((await upload(d, [{ name: 'c.bin', bytes: KiB }], { localAddress: '127.0.0.3' })).status).toBe(200);
  });

  it('caps the disk one client uses (507 while streaming), leaving no partial file; other clients go on', async () => {
    const d = await serve({ maxUploadBytesPerClient: MiB, maxUploadBytes: 4 * MiB });
    expect((await upload(d, [{ name: 'one.bin', bytes: 700 * KiB, seed: 1 }])).status).toBe(200);
    // Sent without a length, so the limit is met half-way through the stream.
    const over = await upload(d, [{ name: 'two.bin', bytes: 700 * KiB, seed: 2 }], { chunked: true });
    expect(over.status).toBe(507);
    expect(over.contentType).toMatch(/^text\/plain/);
    expect(over.body).toMatch(
      /Your uploads use \d+ bytes .* one client may use 1048576 bytes \(1 MiB\)\. Upload fewer or smaller files, or wait/,
    );
    await expect.poll(() => incoming(d), { timeout: 10_000 }).toEqual([]);
    expect(await stored(d)).toHaveLength(1);
    expect((await upload(d, [{ name: 'two.bin', bytes: 700 * KiB, seed: 2 }], { localAddress: '127.0.0.2' })).status).toBe(200);
  });

  it('caps the disk all uploads use together (507), whoever sends them', async () => {
    const d = await serve({ maxUploadBytesPerClient: MiB, maxUploadBytes: MiB });
    expect((await upload(d, [{ name: 'one.bin', bytes: 700 * KiB, seed: 1 }])).status).toBe(200);
    // Its declared length cannot fit: refused before a byte of it is read.
    const over = await upload(d, [{ name: 'two.bin', bytes: 700 * KiB, seed: 2 }], { localAddress: '127.0.0.2' });
    expect(over.status).toBe(507);
    expect(over.body).toMatch(/Upload storage is full: uploads on this server may use 1048576 bytes \(1 MiB\).*Try again later/);
    await expect.poll(() => incoming(d), { timeout: 10_000 }).toEqual([]);
  });

  it('removes the partial file of an upload aborted half-way and frees its slot', async () => {
    const d = await serve({ maxConcurrentUploadsPerClient: 1 });
    const aborted = await upload(d, [{ name: 'gone.bin', bytes: 4 * MiB }], {
      abortAfter: MiB,
      // Abort only once the server is writing it to disk.
      beforeAbort: () => receiving(d, 1),
    });
    expect(aborted.status).toBe(0);
    await expect.poll(() => incoming(d), { timeout: 10_000 }).toEqual([]);
    expect(await stored(d)).toEqual([]);
    // The aborted request's slot is free again (the only one this client has).
    await expect.poll(async () => (await upload(d, [{ name: 'next.bin', bytes: KiB }])).status, { timeout: 10_000 }).toBe(200);
  });
});
