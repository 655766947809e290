import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobKeyProblem } from '../../main/blobs/blob-key.js';
import { FolderBlobStore } from '../../main/blobs/folder-blob-store.js';

/** The default blob store on a real folder: keys, atomic puts, streams, removal, and no way out of its folder. */

describe('FolderBlobStore', () => {
  let root: string;
  let store: FolderBlobStore;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'demo-desktop-blobs-'));
    store = new FolderBlobStore(root);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('puts bytes and streams under a key, and gets, stats and removes them', async () => {
    const put = await store.put('uploads/abc/photo.txt', Buffer.from('hello'));
    expect(put.size).toBe(5);
    expect(await text(await store.get('uploads/abc/photo.txt'))).toBe('hello');
    expect(await readFile(path.join(root, 'uploads', 'abc', 'photo.txt'), 'utf8')).toBe('hello');
    expect(store.localPath('uploads/abc/photo.txt')).toBe(path.join(root, 'uploads', 'abc', 'photo.txt'));

    await store.put('uploads/abc/photo.txt', Readable.from([Buffer.from('replaced '), Buffer.from('by a stream')]));
    expect(await store.stat('uploads/abc/photo.txt')).toMatchObject({ size: 20 });
    expect(await store.remove('uploads/abc/photo.txt')).toBe(true);
    expect(await store.stat('uploads/abc/photo.txt')).toBeUndefined();
    expect(await store.remove('uploads/abc/photo.txt')).toBe(false);
    await expect(store.get('uploads/abc/photo.txt')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'No blob "uploads/abc/photo.txt" in the store.',
    });
  });

  it("removes a whole prefix (a run's files) only when asked to", async () => {
    await store.put('runs/job1/a.wav', Buffer.from('a'));
    await store.put('runs/job1/deep/b.wav', Buffer.from('b'));
    await store.put('runs/job10/c.wav', Buffer.from('c'));
    expect(await store.remove('runs/job1')).toBe(false);
    expect(await store.remove('runs/job1', { prefix: true })).toBe(true);
    expect(await store.stat('runs/job1/deep/b.wav')).toBeUndefined();
    expect(await store.stat('runs/job10/c.wav')).toMatchObject({ size: 1 });
  });

  it('a failed put leaves the old blob and no partial file', async () => {
    await store.put('outputs/x.bin', Buffer.from('old'));
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.from('half of the new');
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('the upload broke off');
    }
    await expect(store.put('outputs/x.bin', failing())).rejects.toThrow('the upload broke off');
    expect(await text(await store.get('outputs/x.bin'))).toBe('old');
    expect(await readdir(path.join(root, 'outputs'))).toEqual(['x.bin']);

    const controller = new AbortController();
    controller.abort();
    await expect(store.put('outputs/x.bin', Buffer.from('new'), controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(await text(await store.get('outputs/x.bin'))).toBe('old');
    expect(await readdir(path.join(root, 'outputs'))).toEqual(['x.bin']);
  });

  it('refuses keys that could leave its folder, naming the rule', async () => {
    for (const key of ['../outside.txt', 'a/../../outside.txt', '/etc/passwd', 'C:/x', 'a\\b', 'a//b', 'a/', '', 'a/./b', 'nul\u0000']) {
      expect(blobKeyProblem(key), key).toBeDefined();
      expect(() => store.localPath(key), key).toThrow(/is not a blob key/);
      await expect(store.get(key), key).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
    await expect(store.put('a/../../escape.txt', Buffer.from('x'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: '"a/../../escape.txt" is not a blob key: it has a "." or ".." part.',
    });
  });

  it('maps the local paths inside its folder to keys, and nothing outside', () => {
    expect(store.keyOf(path.join(root, 'uploads', 'abc', 'a.png'))).toBe('uploads/abc/a.png');
    expect(store.keyOf(root)).toBeUndefined();
    expect(store.keyOf(path.join(root, '..', 'elsewhere', 'a.png'))).toBeUndefined();
    expect(store.keyOf('/etc/passwd')).toBeUndefined();
  });
});
