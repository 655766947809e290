import { PRELUDE } from './prelude.js';

/**
 * Takes the next run of the first listed group that has a waiting job and a free slot, atomically,
 * so a group's limit holds across every worker (two claimers can never both take the last slot).
 * Expired leases of the visited groups are reclaimed first, so a dead worker's slot is not held
 * while a live one asks. A batchable head takes up to its max size of the waiting jobs with the same
 * batch key, in line order (not only adjacent ones), as the Scheduler; they run as one run, one slot.
 * The same run id twice (a resend) answers the run made the first time and takes nothing more.
 * ARGV: prefix, worker id, run id, lease ms, retries, ttl ms, batch cap ('' = none), group...
 * Returns {} or {run id, group, started at, n, (id, json, enqueuedAt, attempts) x n}.
 */
export const CLAIM = `${PRELUDE}
local worker, run_id, lease, retries, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local cap = tonumber(ARGV[7])
-- A claim resent after a reconnect (the client resends a command whose reply it never got) finds
-- its run made already and answers with it: taking a second run under the same id would leave the
-- first run's jobs running with no run to complete or reclaim them.
local rk = P .. 'run:' .. run_id
if redis.call('EXISTS', rk) == 1 then
  if redis.call('HGET', rk, 'worker') ~= worker then return {} end
  local ids = {}
  for id in string.gmatch(redis.call('HGET', rk, 'jobs'), '%S+') do ids[#ids + 1] = id end
  local out = {run_id, redis.call('HGET', rk, 'group'), redis.call('HGET', rk, 'started'), tostring(#ids)}
  for _, id in ipairs(ids) do
    local data, enq, attempts = unpack(redis.call('HMGET', jk(id), 'data', 'enq', 'attempts'))
    out[#out + 1] = id
    out[#out + 1] = data
    out[#out + 1] = enq
    out[#out + 1] = attempts
  end
  return out
end
local t = now_ms()
for i = 8, #ARGV do
  local g = ARGV[i]
  reap_group(g, t, retries, ttl)
  local limit = redis.call('HGET', gk(g), 'limit')
  if limit and (limit == '' or redis.call('ZCARD', gk(g) .. ':run') < tonumber(limit)) then
    local head
    walk(g, function(id) head = id; return true end)
    if head then
      local members = {head}
      local bkey = redis.call('HGET', jk(head), 'bkey')
      if bkey ~= '' then
        local bmax = tonumber(redis.call('HGET', jk(head), 'bmax'))
        if cap and cap < bmax then bmax = cap end
        members = {}
        walk(g, function(id)
          if redis.call('HGET', jk(id), 'bkey') == bkey then members[#members + 1] = id end
          return #members >= bmax
        end)
      end
      local mean = mean_of(redis.call('HGET', jk(head), 'event'))
      local eta = mean and string.format('%.3f', mean) or 'null'
      local out = {run_id, g, tostring(t), tostring(#members)}
      for _, id in ipairs(members) do
        unlink(g, id, true)
        local attempts = redis.call('HINCRBY', jk(id), 'attempts', 1)
        redis.call('HSET', jk(id), 'state', 'running', 'run', run_id)
        add_event(id, '{"type":"started","etaMs":' .. eta .. ',"attempt":' .. attempts .. '}')
        out[#out + 1] = id
        out[#out + 1] = redis.call('HGET', jk(id), 'data')
        out[#out + 1] = redis.call('HGET', jk(id), 'enq')
        out[#out + 1] = tostring(attempts)
      end
      redis.call('DECRBY', P .. 'waiting', #members)
      redis.call('HSET', P .. 'run:' .. run_id, 'group', g, 'worker', worker, 'started', t,
        'event', redis.call('HGET', jk(head), 'event'), 'jobs', table.concat(members, ' '))
      redis.call('ZADD', gk(g) .. ':run', t + lease, run_id)
      redis.call('ZADD', P .. 'leases', t + lease, run_id)
      -- The line moved: fronts re-read positions of the group's waiting jobs.
      redis.call('PUBLISH', P .. 'moved', g)
      return out
    end
  end
end
return {}
`;
