import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostTarget, newName, requestedName } from '../../main/share-server/name-rules.js';
import { NameStore } from '../../main/share-server/names.js';
import { TokenBucket } from '../../main/share-server/rate-limit.js';
import { tempDir } from './support.js';

describe('NameStore', () => {
  let data: Awaited<ReturnType<typeof tempDir>>;
  let now = 0;
  const failures: unknown[] = [];
  const open = (): Promise<NameStore> =>
    NameStore.open(
      path.join(data.dir, 'names.json'),
      (error) => failures.push(error),
      () => now,
    );

  beforeEach(async () => {
    data = await tempDir();
    now = Date.parse('2026-12-06T12:00:00Z');
  });
  afterEach(() => data.remove());

  it('keeps owners on disk, refuses other keys, and frees names idle past the expiry unless live', async () => {
    const store = await open();
    expect(store.claim('a', 'key1')).toBe('claimed');
    expect(store.claim('a', 'key1')).toBe('owned');
    expect(store.claim('a', 'key2')).toBe('taken');
    store.claim('b', 'key2');
    now += 10_000;
    store.claim('c', 'key1');
    expect(store.namesOf('key1')).toEqual(['c', 'a']);
    await store.flushed();
    const reopened = await open();
    expect(reopened.ownerOf('a')).toBe('key1');
    now += 5_000;
    // 'a' and 'b' are 15 s idle, 'c' 5 s; 'b' is live.
    expect(reopened.expire(8_000, new Set(['b']))).toEqual(['a']);
    await reopened.flushed();
    expect(Object.keys((JSON.parse(await readFile(path.join(data.dir, 'names.json'), 'utf8')) as { names: object }).names).sort()).toEqual([
      'b',
      'c',
    ]);
    expect(failures).toEqual([]);
  });

  it('refuses to start on a damaged file, naming it', async () => {
    await writeFile(path.join(data.dir, 'names.json'), '{"version":1,"names":{"a":{"owner":""}}}');
    await expect(open()).rejects.toThrow(/names\.json: names\.a\.owner/);
  });
});

describe('name rules', () => {
  it('makes 10-character base32 names', () => {
    const names = new Set(Array.from({ length: 100 }, () => newName()));
    expect(names.size).toBe(100);
    for (const name of names) expect(name).toMatch(/^[a-z2-7]{10}$/);
  });

  it('reads requested names and Host headers', () => {
    expect(requestedName('', 'share.test')).toEqual({ kind: 'any' });
    expect(requestedName('localhost', 'share.test')).toEqual({ kind: 'any' });
    expect(requestedName('My-Demo', 'share.test')).toEqual({ kind: 'name', name: 'my-demo' });
    expect(requestedName('my-demo.share.test', 'share.test')).toEqual({ kind: 'name', name: 'my-demo' });
    expect(requestedName('a.b', 'share.test').kind).toBe('invalid');
    expect(requestedName('-x', 'share.test').kind).toBe('invalid');
    expect(hostTarget('share.test:8080', 'share.test')).toEqual({ kind: 'landing' });
    expect(hostTarget('Abc.Share.Test.', 'share.test')).toEqual({ kind: 'share', name: 'abc' });
    expect(hostTarget('abc.share.test:443', 'share.test')).toEqual({ kind: 'share', name: 'abc' });
    expect(hostTarget('a.b.share.test', 'share.test')).toEqual({ kind: 'foreign' });
    expect(hostTarget('evilshare.test', 'share.test')).toEqual({ kind: 'foreign' });
  });
});

describe('TokenBucket', () => {
  it('grants a burst of perMinute, then one per 60/perMinute seconds', () => {
    const bucket = new TokenBucket(3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(20);
    expect(bucket.take(19_000)).toBe(1);
    expect(bucket.take(20_000)).toBe(0);
  });

  it('neither loses nor gains tokens when the clock goes back', () => {
    const bucket = new TokenBucket(3, 1_000);
    expect([bucket.take(1_000), bucket.take(1_000)]).toEqual([0, 0]);
    // The clock went back a second: the last token is still there.
    expect(bucket.take(0)).toBe(0);
    expect(bucket.take(0)).toBe(20);
    // Time counts again from the latest time seen (1 s), not from the earlier reading.
    expect(bucket.take(21_000)).toBe(0);
  });
});
