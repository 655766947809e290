import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import { isFileValue, type FileValue } from '../engine/values.js';
import { isBlobRef, type BlobRef } from '../queue/job-data.js';
import type { BlobStore } from './blob-store.js';
import type { FolderBlobStore } from './folder-blob-store.js';

/**
 * Between the engine's file values (a local absolute path) and a job's data (a BlobRef: a key
 * into a blob store, meaningful on any machine that reaches the store). The side that accepts a
 * job turns its files into refs (`toBlobRefs`); the side that runs it turns them back into files
 * it can open (`toFileValues`). Values are walked through arrays and plain objects (a gallery's
 * items, a tuple's parts); bare path strings are left as they are.
 */

const MAX_DEPTH = 64;

/** The kind checked before the schema: most values walked are numbers and strings. */
function asBlobRef(item: unknown): BlobRef | undefined {
  if (typeof item !== 'object' || item === null || (item as { kind?: unknown }).kind !== 'blob') return undefined;
  return isBlobRef(item) ? item : undefined;
}

function walk(value: unknown, depth: number, visit: (item: unknown) => unknown): unknown {
  const visited = visit(value);
  if (visited !== value) return visited;
  if (depth >= MAX_DEPTH) throw new AppError('INVALID_INPUT', `A value is nested more than ${MAX_DEPTH} levels deep.`);
  if (Array.isArray(value)) return value.map((item: unknown) => walk(item, depth + 1, visit));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner, depth + 1, visit)]));
  }
  return value;
}

/** `value` with each file value inside `store`'s folder as a BlobRef; a file outside it is INVALID_INPUT. */
export function toBlobRefs(value: unknown, store: FolderBlobStore): unknown {
  return walk(value, 0, (item) => {
    if (!isFileValue(item)) return item;
    const key = store.keyOf(item.path);
    if (key === undefined) {
      throw new AppError(
        'INVALID_INPUT',
        `The file "${path.basename(item.path)}" is not in the blob store, so no other machine could read it.`,
      );
    }
    const ref: BlobRef = {
      kind: 'blob',
      key,
      ...(item.origName !== undefined ? { origName: item.origName } : {}),
      ...(item.mimeType !== undefined ? { mimeType: item.mimeType } : {}),
    };
    return ref;
  });
}

/**
 * `value` with each BlobRef as a file value at the store's local copy. A store without local
 * files (an object store) needs its blobs fetched first: UNSUPPORTED naming the key.
 */
export function toFileValues(value: unknown, store: BlobStore): unknown {
  return walk(value, 0, (item) => {
    const ref = asBlobRef(item);
    if (!ref) return item;
    const local = store.localPath(ref.key);
    if (local === undefined) throw new AppError('UNSUPPORTED', `The blob "${ref.key}" has no local copy on this machine.`);
    const file: FileValue = {
      kind: 'file',
      path: local,
      ...(ref.origName !== undefined ? { origName: ref.origName } : {}),
      ...(ref.mimeType !== undefined ? { mimeType: ref.mimeType } : {}),
    };
    return file;
  });
}
