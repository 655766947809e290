import type { Redis } from 'ioredis';
import { LuaScript } from '../../queue/redis/lua-script.js';

/**
 * What the fronts of one queue agree on about a Gradio session, kept in Redis beside the queue's
 * own keys (docs/scale-out.md, "Fronts"), so that no front keeps it:
 * - which of the session's jobs the client has not been sent to the end yet: the queue's session
 *   index `s:<session>` (QueueFront.sessionJobs), from which a front removes a job once it wrote
 *   its `process_completed` to the client;
 * - that the session has a new job: an entry on the stream `ev:s:<session>`, so a front already
 *   streaming the session (maybe another one than the join's) wakes from the same blocking read as
 *   its jobs' events (the key sits among job event streams: job ids never contain ':');
 * - that a stream of the session was just closed (`sc:<session>`, for `crossingMs`): a join
 *   answered meanwhile waits that long, so its client reads `close_stream` first (QueueSession);
 * - which streams of the session are open, on any front (`sp:<session>`): when the last one's
 *   client goes away, the session's jobs are cancelled, as Gradio does on one machine.
 */

/** The announce stream's pseudo job id (readEvents reads `ev:<id>`). */
export function announceId(session: string): string {
  return `s:${session}`;
}

/** An announcement's body: a JobEvent, so readEvents parses it like any other entry. */
const ANNOUNCEMENT = '{"type":"queued"}';

/**
 * Atomically: if every job of the session was delivered (or has expired), marks the session
 * closed for ARGV[3] ms and answers 1; else 0. One script, so a job submitted at the same moment is
 * either seen here (the stream stays open) or submitted after the mark (its join sees the mark and
 * waits). ARGV: prefix, session, hold ms.
 */
const CLOSE_IF_IDLE = new LuaScript(
  'front-close-if-idle',
  `
local P, session = ARGV[1], ARGV[2]
local key = P .. 's:' .. session
for _, id in ipairs(redis.call('ZRANGE', key, 0, -1)) do
  if redis.call('EXISTS', P .. 'job:' .. id) == 1 then return 0 end
  redis.call('ZREM', key, id)
end
redis.call('SET', P .. 'sc:' .. session, '1', 'PX', ARGV[3])
return 1
`,
);

/**
 * The session's open streams, on every front: zset `sp:<session>` of stream id → deadline (Redis
 * time). ARGV: prefix, session, op, stream id, ms. `here`: the stream is open for ms more; `gone`:
 * it closed; `count`: how many are open now (expired ones leave). Returns the count after the op.
 */
const PRESENCE = new LuaScript(
  'front-presence',
  `
local P, session, op, stream, ms = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local key = P .. 'sp:' .. session
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if op == 'here' then
  redis.call('ZADD', key, now + ms, stream)
  redis.call('PEXPIRE', key, ms)
elseif op == 'gone' then
  redis.call('ZREM', key, stream)
end
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
return redis.call('ZCARD', key)
`,
);

export class SessionBook {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** How long an announcement stream outlives its last entry (the queue's finished TTL). */
    private readonly ttlMs: number,
  ) {}

  /**
   * The session has a new job: wakes every front streaming it. Resolves to the ms left until the
   * join may be answered (0: at once; see `sc:` above), read in the same round trip.
   */
  async announce(session: string, jobId: string): Promise<number> {
    const key = `${this.prefix}ev:${announceId(session)}`;
    const replies = await this.redis
      .multi()
      .xadd(key, 'MAXLEN', '~', 100, '*', 'e', ANNOUNCEMENT, 'job', jobId)
      .pexpire(key, this.ttlMs)
      .pttl(`${this.prefix}sc:${session}`)
      .exec();
    const [error, ttl] = replies?.[2] ?? [null, 0];
    if (error) throw error;
    return Math.max(0, Number(ttl));
  }

  /** The last announcement's id ('0' if none): a stream reads announcements after it. */
  async lastAnnouncement(session: string): Promise<string> {
    const entries = (await this.redis.xrevrange(`${this.prefix}ev:${announceId(session)}`, '+', '-', 'COUNT', 1)) as [string, string[]][];
    return entries[0]?.[0] ?? '0';
  }

  /** The client was sent these jobs' last message: they are no longer the session's to deliver. */
  async delivered(session: string, jobIds: readonly string[]): Promise<void> {
    if (jobIds.length > 0) await this.redis.zrem(`${this.prefix}s:${session}`, ...jobIds);
  }

  /** True (and the session marked closed for `holdMs`) when nothing is left to deliver. */
  async closeIfIdle(session: string, holdMs: number): Promise<boolean> {
    return (await CLOSE_IF_IDLE.run(this.redis, [this.prefix, session, Math.max(1, Math.round(holdMs))])) === 1;
  }

  /** A stream of the session is open (for `forMs` more unless renewed). */
  async present(session: string, streamId: string, forMs: number): Promise<void> {
    await PRESENCE.run(this.redis, [this.prefix, session, 'here', streamId, Math.round(forMs)]);
  }

  /** That stream closed; resolves to how many streams of the session are still open, on any front. */
  async absent(session: string, streamId: string): Promise<number> {
    return Number(await PRESENCE.run(this.redis, [this.prefix, session, 'gone', streamId, 0]));
  }

  /** Jobs waiting in all groups (the queue's own counter, what `maxWaiting` is checked against). */
  async waiting(): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}waiting`)) ?? 0);
  }
}
