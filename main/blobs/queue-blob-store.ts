import type { RedisQueue } from '../queue/redis/redis-queue.js';
import { DEFAULT_UPLOAD_LIMITS } from '../server/gradio/upload-limits.js';
import type { BlobStore } from './blob-store.js';
import { FolderBlobStore } from './folder-blob-store.js';
import { DEFAULT_REDIS_BLOB_MAX_BYTES, RedisBlobStore } from './redis-blob-store.js';

/**
 * The blob store every front and worker of one queue shares (docs/scale-out.md, "Files"): by
 * default the queue's own Redis, under its namespace, on a connection of its own; with `dir`, a
 * folder every machine mounts at that path (NFS), for files bigger than Redis should hold.
 */

export interface QueueBlobStore {
  readonly store: BlobStore;
  /** How long a file is kept after its last use (the one-machine server's upload retention). */
  readonly retentionMs: number;
  /** Where the files are, for logs. */
  readonly display: string;
  close(): void;
}

export interface QueueBlobOptions {
  /** A shared folder instead of Redis. */
  readonly dir?: string | undefined;
  readonly retentionMs?: number;
  readonly maxBytes?: number;
}

/**
 * The environment variable naming a shared folder for files (every front and worker of the queue
 * must name the same mounted folder); without it files go through Redis.
 */
export const BLOBS_ENV = 'DEMO_DESKTOP_BLOBS';

export function blobOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): QueueBlobOptions {
  const dir = env[BLOBS_ENV];
  return dir === undefined || dir === '' ? {} : { dir };
}

export function queueBlobStore(queue: RedisQueue, options: QueueBlobOptions = {}): QueueBlobStore {
  const retentionMs = options.retentionMs ?? DEFAULT_UPLOAD_LIMITS.uploadRetentionMs;
  if (options.dir !== undefined) {
    const store = new FolderBlobStore(options.dir);
    return { store, retentionMs, display: `the folder ${store.root}`, close: () => undefined };
  }
  const connection = queue.connection('blobs');
  const store = new RedisBlobStore(connection, {
    prefix: queue.target.prefix,
    ttlMs: retentionMs,
    maxBytes: options.maxBytes ?? DEFAULT_REDIS_BLOB_MAX_BYTES,
  });
  return { store, retentionMs, display: `Redis at ${queue.target.display}`, close: () => connection.disconnect() };
}
