import type { Redis } from 'ioredis';
import { Readable } from 'node:stream';
import { AppError } from '../../preload/shared/errors.js';
import { checkBlobKey } from './blob-key.js';
import type { BlobData, BlobStat, BlobStore } from './blob-store.js';

/**
 * A BlobStore in the Redis that already holds the queue (docs/scale-out.md, "Files"): fronts and
 * workers on several machines reach it with nothing more to deploy. One hash per blob,
 * `<prefix>blob:<key>` with `d` (the bytes, binary-safe through ioredis's Buffer commands) and `t`
 * (the write time, ms), written in one MULTI so a reader sees the old blob or the new one. Every
 * blob expires `ttlMs` after its last write or read (or stat), the retention of the one-machine server's
 * uploads (deleted N minutes after their last use); a read or a check renews it. Redis keeps blobs in memory, so a blob is
 * at most `maxBytes`: big files belong in a shared folder (`--blobs <dir>`, FolderBlobStore).
 */

export interface RedisBlobStoreOptions {
  /** The queue's key prefix (`demo-desktop{<namespace>}:`): blobs live beside its jobs. */
  readonly prefix: string;
  /** Time to live after the last write or read. */
  readonly ttlMs: number;
  /** Largest blob accepted, in bytes. */
  readonly maxBytes: number;
}

export const DEFAULT_REDIS_BLOB_MAX_BYTES = 64 * 1024 * 1024;

const MiB = 1024 * 1024;
const describeBytes = (bytes: number): string => (bytes >= MiB ? `${Math.round((bytes / MiB) * 10) / 10} MiB` : `${bytes} bytes`);

/** A blob over the store's size limit: LIMIT_EXCEEDED saying the limit and what to do instead. */
export class BlobTooLargeError extends AppError {
  constructor(
    readonly key: string,
    readonly limitBytes: number,
  ) {
    super(
      'LIMIT_EXCEEDED',
      `The file "${key.split('/').pop() ?? key}" is larger than ${describeBytes(limitBytes)}, the most the Redis blob store keeps ` +
        'per file (it holds files in memory). Send a smaller file, or give every front and worker a shared folder for files ' +
        '(--blobs <dir> on an NFS mount; docs/scale-out.md, "Files").',
    );
  }
}

/** All of `data` as one Buffer, failing as soon as it passes `maxBytes` (a stream is not read further). */
async function collect(key: string, data: BlobData, maxBytes: number, signal?: AbortSignal): Promise<Buffer> {
  if (data instanceof Uint8Array) {
    if (data.length > maxBytes) throw new BlobTooLargeError(key, maxBytes);
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of data as AsyncIterable<Uint8Array>) {
    signal?.throwIfAborted();
    size += chunk.length;
    if (size > maxBytes) {
      if (data instanceof Readable) data.destroy();
      throw new BlobTooLargeError(key, maxBytes);
    }
    chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  signal?.throwIfAborted();
  return Buffer.concat(chunks, size);
}

export class RedisBlobStore implements BlobStore {
  constructor(
    private readonly redis: Redis,
    readonly options: RedisBlobStoreOptions,
  ) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  private redisKey(key: string): string {
    return `${this.options.prefix}blob:${checkBlobKey(key)}`;
  }

  async put(key: string, data: BlobData, signal?: AbortSignal): Promise<BlobStat> {
    const target = this.redisKey(key);
    const bytes = await collect(key, data, this.options.maxBytes, signal);
    const modifiedMs = Date.now();
    await this.redis.multi().del(target).hset(target, 'd', bytes, 't', String(modifiedMs)).pexpire(target, this.options.ttlMs).exec();
    return { size: bytes.length, modifiedMs };
  }

  /** The bytes; reading a blob renews its time to live (it is in use). */
  async get(key: string): Promise<Readable> {
    const bytes = await this.bytes(key);
    return Readable.from([bytes]);
  }

  /** The blob's bytes in one Buffer (what `get` streams), NOT_FOUND naming the key when there is none. */
  async bytes(key: string): Promise<Buffer> {
    const target = this.redisKey(key);
    const [[, bytes] = [], ,] = (await this.redis.multi().hgetBuffer(target, 'd').pexpire(target, this.options.ttlMs).exec()) ?? [];
    if (!(bytes instanceof Buffer)) throw new AppError('NOT_FOUND', `No blob "${key}" in the store (it expired or was removed).`);
    return bytes;
  }

  /** Size and time; a check is a use (a join about to hand the blob to a worker), so it renews the time to live too. */
  async stat(key: string): Promise<BlobStat | undefined> {
    const target = this.redisKey(key);
    const replies = (await this.redis.multi().hstrlen(target, 'd').hget(target, 't').pexpire(target, this.options.ttlMs).exec()) ?? [];
    const [[, size] = [], [, modified] = []] = replies;
    if (typeof modified !== 'string') return undefined;
    return { size: Number(size), modifiedMs: Number(modified) };
  }

  async remove(key: string, options: { readonly prefix?: boolean } = {}): Promise<boolean> {
    const target = this.redisKey(key);
    if (!options.prefix) return (await this.redis.del(target)) > 0;
    // Glob characters in the key are escaped: a prefix removes what is below it and nothing else.
    const pattern = `${target.replace(/[*?[\]\\]/g, '\\$&')}/*`;
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await this.redis.del(...keys);
    } while (cursor !== '0');
    return removed > 0;
  }

  /** Blobs are in Redis, not in a folder here: a reader that needs a file copies it out (worker-files.ts). */
  localPath(): undefined {
    return undefined;
  }
}
