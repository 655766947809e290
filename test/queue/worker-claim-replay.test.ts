import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAIM } from '../../main/queue/redis/lua/claim.js';
import { LuaScript } from '../../main/queue/redis/lua-script.js';
import { parseClaim } from '../../main/queue/redis/replies.js';
import { job, namespace, redisForFile } from './queue-fixtures.js';

/**
 * A worker's claim whose reply was lost in a reconnect is resent by the client with the same run id
 * (ioredis resends commands that got no reply). The resend must answer the run the first claim made,
 * not take a second one under the same id: the first run's jobs would be left running with no run
 * that lists them, so no complete and no lease expiry would ever end them.
 */

const redis = redisForFile();
const clients: Redis[] = [];
afterAll(() => {
  for (const client of clients) client.disconnect();
});

describe('claim resent after a reconnect', () => {
  it('answers the same run again and takes nothing more', async () => {
    const ns = namespace();
    const front = await redis.open(ns);
    await front.submit(job('j1'));
    await front.submit(job('j2'));
    const client = new Redis(redis.server().port, '127.0.0.1');
    clients.push(client);
    const claim = new LuaScript('claim', CLAIM);
    const args = [`demo-desktop{${ns}}:`, 'w1', 'run1', 30_000, 1, 3_600_000, '', 'g'];
    const first = parseClaim(await claim.run(client, args), 'w1');
    const resent = parseClaim(await claim.run(client, args), 'w1');
    expect(first?.jobs.map((claimed) => claimed.id)).toEqual(['j1']);
    expect(resent).toEqual(first);
    expect(await front.status('j2')).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await front.status('j1')).toMatchObject({ state: 'running', attempts: 1 });
    const events = await front.readEvents(new Map([['j1', '0']]));
    expect(events.map((stored) => stored.event.type)).toEqual(['queued', 'started']);
    // The run is whole: completing it ends j1, and j2 is claimed next as a run of its own.
    expect(await front.complete(resent ?? first ?? never(), [{ ok: true, output: 'one' }])).toBe(true);
    expect(await front.status('j1')).toMatchObject({ state: 'completed', output: 'one' });
    expect((await front.claim({ workerId: 'w1', groups: ['g'] }))?.jobs.map((claimed) => claimed.id)).toEqual(['j2']);
  });
});

function never(): never {
  throw new Error('no run was claimed');
}
