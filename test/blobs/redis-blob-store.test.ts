/**
 * RedisBlobStore on a real redis-server: bytes in and out exactly (every byte value, no text
 * decoding), stat and remove (one key, a prefix and nothing beside it), the time to live set on
 * write and renewed on read, the size limit as a typed error, and keys checked before Redis.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobTooLargeError, RedisBlobStore } from '../../main/blobs/redis-blob-store.js';
import { redisForFile } from '../queue/queue-fixtures.js';

const redis = redisForFile();
let connection: Redis;
let prefix: string;

beforeAll(async () => {
  const queue = await redis.open();
  connection = queue.connection('test');
  prefix = queue.target.prefix;
});
afterAll(() => connection.disconnect());

const store = (options: { ttlMs?: number; maxBytes?: number } = {}): RedisBlobStore =>
  new RedisBlobStore(connection, { prefix, ttlMs: options.ttlMs ?? 60_000, maxBytes: options.maxBytes ?? 1024 * 1024 });

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('RedisBlobStore', () => {
  it('gives back exactly the bytes it was given, from bytes or a stream', async () => {
    const blobs = store();
    // Every byte value, including invalid UTF-8 sequences that a string round trip would mangle.
    const all = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(200_000)]);
    const stat = await blobs.put('uploads/abc/photo.png', new Uint8Array(all));
    expect(stat.size).toBe(all.length);
    expect((await read(await blobs.get('uploads/abc/photo.png'))).equals(all)).toBe(true);

    const chunks = [randomBytes(70_000), randomBytes(1), randomBytes(33_333)];
    await blobs.put('outputs/def/out.bin', Readable.from(chunks));
    expect((await read(await blobs.get('outputs/def/out.bin'))).equals(Buffer.concat(chunks))).toBe(true);
    expect((await blobs.bytes('outputs/def/out.bin')).length).toBe(103_334);
  });

  it('stats a blob, replaces it whole, and answers NOT_FOUND for a missing one', async () => {
    const blobs = store();
    const before = Date.now();
    await blobs.put('a/one.txt', Buffer.from('first version'));
    const stat = await blobs.stat('a/one.txt');
    expect(stat?.size).toBe(13);
    expect(stat?.modifiedMs).toBeGreaterThanOrEqual(before);
    await blobs.put('a/one.txt', Buffer.from('2nd'));
    expect((await read(await blobs.get('a/one.txt'))).toString()).toBe('2nd');
    expect(await blobs.stat('a/missing.txt')).toBeUndefined();
    await expect(blobs.get('a/missing.txt')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('a/missing.txt'),
    });
  });

  it('removes one blob, or every blob below a prefix and nothing beside it', async () => {
    const blobs = store();
    for (const key of ['runs/j1/a.png', 'runs/j1/sub/b.png', 'runs/j10/c.png', 'runs/j1.png']) await blobs.put(key, Buffer.from(key));
    expect(await blobs.remove('runs/j1/a.png')).toBe(true);
    expect(await blobs.remove('runs/j1/a.png')).toBe(false);
    expect(await blobs.remove('runs/j1', { prefix: true })).toBe(true);
    expect(await blobs.stat('runs/j1/sub/b.png')).toBeUndefined();
    // Same leading characters, not below the prefix: kept.
    expect(await blobs.stat('runs/j10/c.png')).toBeDefined();
    expect(await blobs.stat('runs/j1.png')).toBeDefined();
    expect(await blobs.remove('runs/nothing', { prefix: true })).toBe(false);
  });

  it('sets the time to live on write and renews it on read', async () => {
    const blobs = store({ ttlMs: 5_000 });
    await blobs.put('ttl/x.bin', Buffer.from([1, 2, 3]));
    const key = `${prefix}blob:ttl/x.bin`;
    const ttl = await connection.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await connection.pexpire(key, 1_000);
    await blobs.get('ttl/x.bin');
    expect(await connection.pttl(key)).toBeGreaterThan(1_000);
    // And it really goes when its time is up.
    const short = store({ ttlMs: 50 });
    await short.put('ttl/y.bin', Buffer.from([4]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await short.stat('ttl/y.bin')).toBeUndefined();
  });

  it('refuses a blob over its size limit with LIMIT_EXCEEDED saying the limit and what to do, storing nothing', async () => {
    const blobs = store({ maxBytes: 1000 });
    await blobs.put('big/ok.bin', new Uint8Array(1000));
    const error = await blobs.put('big/too.bin', new Uint8Array(1001)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobTooLargeError);
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED', limitBytes: 1000 });
    expect((error as Error).message).toContain('1000 bytes');
    expect((error as Error).message).toContain('--blobs <dir>');
    // A stream stops being read once it passes the limit.
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled++;
        this.push(Buffer.alloc(400));
      },
    });
    await expect(blobs.put('big/stream.bin', endless)).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(pulled).toBeLessThan(10);
    expect(await blobs.stat('big/too.bin')).toBeUndefined();
    expect(await blobs.stat('big/stream.bin')).toBeUndefined();
  });

  it('checks keys before touching Redis: no traversal, no absolute paths', async () => {
    const blobs = store();
    for (const key of ['../etc/passwd', '/abs/x', 'a/../../b', 'a//b', '']) {
      await expect(blobs.put(key, Buffer.from('x'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(blobs.get(key)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    }
  });
});
