import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../main/blobs/blob-store.js';
import { toBlobRefs, toFileValues } from '../../main/blobs/file-refs.js';
import { FolderBlobStore } from '../../main/blobs/folder-blob-store.js';
import { BlobRefSchema } from '../../main/queue/job-data.js';

/** File values become BlobRefs in a job's data and come back as files on the side that runs it. */

describe('file values and blob refs', () => {
  let root: string;
  let store: FolderBlobStore;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'demo-desktop-refs-'));
    store = new FolderBlobStore(root);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('turns every file inside the store into a ref and back, through lists and objects, leaving other values', () => {
    const photo = { kind: 'file', path: path.join(root, 'uploads', 'abc', 'a.png'), origName: 'a.png', mimeType: 'image/png' };
    const clip = { kind: 'file', path: path.join(root, 'outputs', 'd', 'b.wav') };
    const rows = new Float32Array([1, 2]);
    const inputs = [photo, 'text', 3, [[clip, 'caption']], { nested: photo }, rows, null];
    const refs = toBlobRefs(inputs, store) as unknown[];
    expect(refs).toEqual([
      { kind: 'blob', key: 'uploads/abc/a.png', origName: 'a.png', mimeType: 'image/png' },
      'text',
      3,
      [[{ kind: 'blob', key: 'outputs/d/b.wav' }, 'caption']],
      { nested: { kind: 'blob', key: 'uploads/abc/a.png', origName: 'a.png', mimeType: 'image/png' } },
      rows,
      null,
    ]);
    expect(BlobRefSchema.safeParse(refs[0]).success).toBe(true);
    // What a job carries is JSON: no local path survives in it.
    expect(JSON.stringify(refs.slice(0, 5))).not.toContain(root);
    expect(toFileValues(refs, store)).toEqual(inputs);
  });

  it('refuses a file outside the store, and a store with no local copy, saying so', () => {
    const outside = { kind: 'file', path: '/etc/hostname' };
    expect(() => toBlobRefs([outside], store)).toThrow(/"hostname" is not in the blob store/);
    const remote: BlobStore = {
      put: (key, data, signal) => store.put(key, data, signal),
      get: (key) => store.get(key),
      stat: (key) => store.stat(key),
      remove: (key, options) => store.remove(key, options),
      localPath: () => undefined,
    };
    expect(() => toFileValues([{ kind: 'blob', key: 'uploads/x' }], remote)).toThrow(
      'The blob "uploads/x" has no local copy on this machine.',
    );
    let deep: unknown = { kind: 'file', path: path.join(root, 'a') };
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => toBlobRefs(deep, store)).toThrow(/nested more than 64 levels/);
  });
});
