import { PRELUDE } from './prelude.js';

/**
 * Extends the leases of the runs a worker holds. A run that is gone or another's is reported lost
 * (stop it: its jobs were requeued or failed). Cancelled members are reported too: a cancel
 * message sent while the worker was reconnecting is not lost, only late by one beat.
 * ARGV: prefix, worker id, lease ms, run id... Returns {lost run ids, {run id, job id, ...}}.
 */
export const HEARTBEAT = `${PRELUDE}
local worker, lease = ARGV[2], tonumber(ARGV[3])
local t = now_ms()
local lost, cancelled = {}, {}
for i = 4, #ARGV do
  local run_id = ARGV[i]
  local rk = P .. 'run:' .. run_id
  if redis.call('HGET', rk, 'worker') ~= worker then
    lost[#lost + 1] = run_id
  else
    redis.call('ZADD', gk(redis.call('HGET', rk, 'group')) .. ':run', 'XX', t + lease, run_id)
    redis.call('ZADD', P .. 'leases', 'XX', t + lease, run_id)
    for id in string.gmatch(redis.call('HGET', rk, 'jobs'), '%S+') do
      if redis.call('HGET', jk(id), 'state') == 'cancelled' then
        cancelled[#cancelled + 1] = run_id
        cancelled[#cancelled + 1] = id
      end
    end
  end
end
return {lost, cancelled}
`;
