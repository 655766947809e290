import { PRELUDE } from './prelude.js';

/**
 * Cancels from any front. Queued: out of the line at once. Running: the job ends `cancelled` at
 * once (the client hears it, as Gradio answers a cancel at once) and its worker is told on its own
 * channel; the run keeps its slot until the worker lets go (complete, or its lease expires), so
 * a run that is still stopping is never counted as free.
 * ARGV: prefix, job id, ttl ms. Returns the CancelOutcome.
 */
export const CANCEL = `${PRELUDE}
local id, ttl = ARGV[2], tonumber(ARGV[3])
local state = redis.call('HGET', jk(id), 'state')
if not state then return 'unknown' end
if state == 'queued' then
  local g = redis.call('HGET', jk(id), 'group')
  unlink(g, id, false)
  redis.call('DECR', P .. 'waiting')
  redis.call('HSET', jk(id), 'state', 'cancelled')
  add_event(id, '{"type":"cancelled"}')
  finish(id, ttl)
  redis.call('PUBLISH', P .. 'moved', g)
  return 'cancelled-queued'
end
if state == 'running' then
  local run_id = redis.call('HGET', jk(id), 'run')
  redis.call('HSET', jk(id), 'state', 'cancelled')
  add_event(id, '{"type":"cancelled"}')
  -- complete renews this; set here too in case the run is reclaimed instead (reclaim skips it).
  finish(id, ttl)
  local worker = redis.call('HGET', P .. 'run:' .. run_id, 'worker')
  if worker then redis.call('PUBLISH', P .. 'cancel:' .. worker, run_id .. ' ' .. id) end
  return 'cancelled-running'
end
return 'already-finished'
`;
