import { PRELUDE } from './prelude.js';

/**
 * Ends a run: one result per job, the slot freed, the event's run time recorded (warm, all ok).
 * Only the run's holder may end it: a worker whose lease expired (its jobs were requeued or failed,
 * maybe already run elsewhere) gets 0 and its results are dropped, so no result is ever delivered
 * twice. A job cancelled meanwhile keeps its `cancelled` outcome.
 * ARGV: prefix, run id, worker id, ttl ms, cold ('1'/'0'), then (ok '1'/'0', json) per job in run order.
 * Returns 1, or 0 when the run is not this worker's (any more).
 */
export const COMPLETE = `${PRELUDE}
local run_id, worker, ttl, cold = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local rk = P .. 'run:' .. run_id
if redis.call('HGET', rk, 'worker') ~= worker then return 0 end
local g = redis.call('HGET', rk, 'group')
local t = now_ms()
local run_ms = t - tonumber(redis.call('HGET', rk, 'started'))
local all_ok = true
local i = 6
for id in string.gmatch(redis.call('HGET', rk, 'jobs'), '%S+') do
  local ok, payload = ARGV[i], ARGV[i + 1]
  i = i + 2
  if ok ~= '1' then all_ok = false end
  if redis.call('HGET', jk(id), 'state') == 'running' and redis.call('HGET', jk(id), 'run') == run_id then
    if ok == '1' then
      redis.call('HSET', jk(id), 'state', 'completed', 'output', payload)
      add_event(id, '{"type":"completed","runMs":' .. run_ms .. ',"output":' .. payload .. '}')
    else
      redis.call('HSET', jk(id), 'state', 'failed', 'error', payload)
      add_event(id, '{"type":"failed","error":' .. payload .. '}')
    end
  end
  finish(id, ttl)
end
if all_ok and cold ~= '1' then
  local event = redis.call('HGET', rk, 'event')
  local v = redis.call('HGET', P .. 'stats', event)
  local n, mean = 0, 0
  if v then
    n = tonumber(string.match(v, '^(%S+)'))
    mean = tonumber(string.match(v, ' (%S+)$'))
  end
  if n < 10 then mean = mean + (run_ms - mean) / (n + 1) else mean = mean + 0.2 * (run_ms - mean) end
  redis.call('HSET', P .. 'stats', event, (n + 1) .. ' ' .. mean)
end
drop_run(run_id, g)
return 1
`;
