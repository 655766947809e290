import { describe, expect, it } from 'vitest';
import { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { parseRedisUrl } from '../../main/queue/redis/redis-url.js';
import { freePort } from '../helpers/sshd.js';
import { startRedisServer } from './redis-server.js';

describe('parseRedisUrl', () => {
  it('reads host, port, db, user, password (percent-decoded), namespace and TLS options', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6380/2')).toEqual({
      display: 'redis://127.0.0.1:6380/2',
      options: { host: '127.0.0.1', port: 6380, db: 2 },
      prefix: 'demo-desktop{default}:',
    });
    expect(parseRedisUrl('redis://:s%40cret@cache').options).toEqual({ host: 'cache', port: 6379, db: 0, password: 's@cret' });
    const tls = parseRedisUrl('rediss://app:pw@redis.example:6390/1?namespace=demo-1&tls_ca=/etc/ca.pem&tls_servername=r.example');
    expect(tls).toEqual({
      display: 'rediss://app:***@redis.example:6390/1?namespace=demo-1&tls_ca=/etc/ca.pem&tls_servername=r.example',
      options: {
        host: 'redis.example',
        port: 6390,
        db: 1,
        username: 'app',
        password: 'pw',
        tls: { servername: 'r.example', rejectUnauthorized: true },
      },
      prefix: 'demo-desktop{demo-1}:',
      tlsCaFile: '/etc/ca.pem',
    });
    expect(parseRedisUrl('rediss://h?tls_insecure=1').options.tls).toEqual({ servername: 'h', rejectUnauthorized: false });
    expect(parseRedisUrl('redis://[::1]:7000').options).toMatchObject({ host: '::1', port: 7000 });
  });

  it.each([
    ['http://host:6379', /scheme must be redis:\/\/ or rediss:\/\//],
    ['localhost:6379', /scheme must be redis:\/\/ or rediss:\/\//],
    ['not a url', /this is not a URL/],
    ['redis://', /names no host/],
    ['redis://host:70000', /port must be 1 to 65535, not 70000/],
    ['redis://host/zero', /path must be a database number/],
    ['redis://host/0?db=2', /unknown option db \(known: namespace, tls_ca, tls_servername, tls_insecure\)/],
    ['redis://host?tls_ca=/ca.pem', /need rediss:\/\/ \(TLS\)/],
    ['rediss://host?tls_insecure=maybe', /Invalid option/],
    ['redis://host?namespace=a%7Bb', /namespace must be 1 to 64 letters/],
  ])('rejects %s with a clear INVALID_INPUT', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
    expect(() => parseRedisUrl(url)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as Error);
  });

  it('never echoes the password in an error', () => {
    expect(() => parseRedisUrl('redis://user:hunter2@host/x')).toThrow(/^--queue "redis:\/\/user:\*\*\*@host\/x": /);
    expect(() => parseRedisUrl('redis://:hunter2@host/x')).not.toThrow(/hunter2/);
    // A wrong scheme is refused, and its password is not echoed either.
    expect(() => parseRedisUrl('http://user:hunter2@host:6379/0')).toThrow(/^--queue "http:\/\/user:\*\*\*@host:6379\/0": /);
  });

  it('says OFFLINE, naming the URL, when nothing listens there', async () => {
    const port = await freePort();
    await expect(RedisQueue.connect(`redis://:pw@127.0.0.1:${port}/0`)).rejects.toMatchObject({
      code: 'OFFLINE',
      message: expect.stringMatching(
        new RegExp(`^Cannot reach the queue at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0 \\(connect ECONNREFUSED`),
      ) as string,
    });
  });

  it('says which password problem a password-protected Redis reports, and connects with the right one', async () => {
    const server = await startRedisServer(['--requirepass', 'right']);
    try {
      const at = `127.0.0.1:${server.port}/0`;
      await expect(RedisQueue.connect(`redis://:wrong@${at}`)).rejects.toThrow(
        /^Cannot reach the queue at redis:\/\/:\*\*\*@.* \(WRONGPASS/,
      );
      await expect(RedisQueue.connect(`redis://${at}`)).rejects.toThrow(/\(NOAUTH Authentication required/);
      const queue = await RedisQueue.connect(`redis://:right@${at}`);
      expect(await queue.sessionJobs('nobody')).toEqual([]);
      await queue.close();
    } finally {
      await server.stop();
    }
  });
});
