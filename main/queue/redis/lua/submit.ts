import { PRELUDE } from './prelude.js';

/**
 * Accepts a job atomically: QUEUE_FULL check, Gradio's group limit rule, the job's place in its
 * line, its first event, its session's index, and a wake-up for claimers.
 * ARGV: prefix, id, json, group, lane, prio, limit ('' = unlimited), event, batch key ('' = none),
 * batch max, session, max waiting ('' = unbounded), session ttl ms.
 * Returns {'ok', enqueuedAt} | {'exists', enqueuedAt} (idempotent: a client library that resends a
 * command after a reconnect must not queue a job twice) | {'full', waiting}.
 */
export const SUBMIT = `${PRELUDE}
local id, json, g, lane, prio, limit = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local event, bkey, bmax, session, max_waiting, session_ttl = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]
if redis.call('EXISTS', jk(id)) == 1 then return {'exists', redis.call('HGET', jk(id), 'enq')} end
local waiting = tonumber(redis.call('GET', P .. 'waiting') or '0')
-- max waiting protects the owner: the app window's jobs are admitted even when the line is full.
if max_waiting ~= '' and prio ~= 'high' and waiting >= tonumber(max_waiting) then return {'full', tostring(waiting)} end
local t = now_ms()
local current = redis.call('HGET', gk(g), 'limit')
if not current then
  redis.call('HSET', gk(g), 'limit', limit)
elseif limit ~= '' and (current == '' or tonumber(limit) < tonumber(current)) then
  redis.call('HSET', gk(g), 'limit', limit)
end
redis.call('HSET', jk(id), 'data', json, 'state', 'queued', 'attempts', 0, 'group', g, 'lane', lane, 'prio', prio,
  'event', event, 'bkey', bkey, 'bmax', bmax, 'session', session, 'enq', t)
if prio == 'high' then
  redis.call('RPUSH', gk(g) .. ':high', id)
elseif redis.call('RPUSH', gk(g) .. ':l:' .. lane, id) == 1 then
  redis.call('RPUSH', gk(g) .. ':rot', lane)
end
redis.call('INCR', P .. 'waiting')
add_event(id, '{"type":"queued"}')
if session ~= '' then
  redis.call('ZADD', P .. 's:' .. session, t, id)
  redis.call('PEXPIRE', P .. 's:' .. session, session_ttl)
end
redis.call('PUBLISH', P .. 'work', g)
return {'ok', tostring(t)}
`;
