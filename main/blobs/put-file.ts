import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { sanitizeFileName } from '../server/gradio/file-store.js';
import type { BlobStore } from './blob-store.js';

/**
 * Content-addressed keys, Gradio's upload layout inside the store: `<area>/<sha256>/<safe name>`.
 * The same bytes under the same name are one blob whichever front or worker stored them, and a
 * key says nothing about the machine it came from.
 */

export type BlobArea = 'uploads' | 'outputs';

/** The key of `name`'s bytes (by their sha256, hex) in `area`; the name is made one safe path segment. */
export function contentKey(area: BlobArea, digest: string, name: string): string {
  return `${area}/${digest}/${sanitizeFileName(name)}`;
}

export async function fileDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Stores a local file under its content key; resolves to the key and its size. */
export async function putFile(store: BlobStore, area: BlobArea, file: string, name: string): Promise<{ key: string; size: number }> {
  const key = contentKey(area, await fileDigest(file), name);
  const { size } = await store.put(key, createReadStream(file));
  return { key, size };
}

/** Stores bytes under their content key. */
export async function putBytes(store: BlobStore, area: BlobArea, bytes: Uint8Array, name: string): Promise<{ key: string; size: number }> {
  const key = contentKey(area, createHash('sha256').update(bytes).digest('hex'), name);
  const { size } = await store.put(key, bytes);
  return { key, size };
}
