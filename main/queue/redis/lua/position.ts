import { PRELUDE } from './prelude.js';

/** ETAs are computed over at most this many jobs ahead (Lua walks them); beyond it the ETA is null. */
export const ETA_WALK_LIMIT = 5000;

/**
 * A waiting job's place (mode 'job': ARGV prefix, 'job', job id) or the place a new job would get
 * (mode 'new': ARGV prefix, 'new', group, event, batch max, priority, lane or '', has lane '1'/'0'),
 * with what the ETA needs, read in one atomic step so rank, line and runs agree.
 * 'new' follows FairQueue.rankFor: a high job goes behind the high jobs; a normal one at depth k
 * (its lane's waiting jobs) after every lane's first k jobs and after the lanes ahead of it in the
 * rotation that have a (k+1)th; a lane with nothing waiting joins the back of the rotation.
 * Returns {} when the job is not waiting, else {rank, queue size, limit ('' = none), now, walked
 * ('1' when every job ahead is listed), {event, batch max per job ahead, then the job's own},
 * {started, event per running run}, {event, mean ...}}.
 */
export const POSITION = `${PRELUDE}
local mode = ARGV[2]
local g, rank, own_event, own_bmax
local walk_limit = ${ETA_WALK_LIMIT}
if mode == 'job' then
  local id = ARGV[3]
  if redis.call('HGET', jk(id), 'state') ~= 'queued' then return {} end
  g = redis.call('HGET', jk(id), 'group')
  own_event = redis.call('HGET', jk(id), 'event')
  own_bmax = redis.call('HGET', jk(id), 'bkey') ~= '' and redis.call('HGET', jk(id), 'bmax') or '1'
  rank = 0
  walk(g, function(x)
    if x == id then return true end
    rank = rank + 1
    return false
  end)
else
  g, own_event, own_bmax = ARGV[3], ARGV[4], ARGV[5]
  local prio, lane, has_lane = ARGV[6], ARGV[7], ARGV[8] == '1'
  rank = redis.call('LLEN', gk(g) .. ':high')
  if prio ~= 'high' then
    local depth = has_lane and redis.call('LLEN', gk(g) .. ':l:' .. lane) or 0
    local ahead = true
    rank = rank + depth
    for _, l in ipairs(redis.call('LRANGE', gk(g) .. ':rot', 0, -1)) do
      if has_lane and l == lane then
        ahead = false
      else
        local len = redis.call('LLEN', gk(g) .. ':l:' .. l)
        rank = rank + math.min(len, depth) + ((ahead and len > depth) and 1 or 0)
      end
    end
  end
end
local size = redis.call('LLEN', gk(g) .. ':high')
for _, l in ipairs(redis.call('LRANGE', gk(g) .. ':rot', 0, -1)) do size = size + redis.call('LLEN', gk(g) .. ':l:' .. l) end
local events, seen = {}, {}
local walked = '0'
if rank <= walk_limit then
  local n = 0
  walk(g, function(x)
    if n >= rank then return true end
    n = n + 1
    events[#events + 1] = redis.call('HGET', jk(x), 'event')
    events[#events + 1] = redis.call('HGET', jk(x), 'bkey') ~= '' and redis.call('HGET', jk(x), 'bmax') or '1'
    return false
  end)
  walked = '1'
end
events[#events + 1] = own_event
events[#events + 1] = own_bmax
local running = {}
for _, run_id in ipairs(redis.call('ZRANGE', gk(g) .. ':run', 0, -1)) do
  running[#running + 1] = redis.call('HGET', P .. 'run:' .. run_id, 'started') or '0'
  running[#running + 1] = redis.call('HGET', P .. 'run:' .. run_id, 'event') or ''
end
local means = {}
local function add_mean(e)
  if seen[e] then return end
  seen[e] = true
  local m = mean_of(e)
  if m then means[#means + 1] = e; means[#means + 1] = string.format('%.3f', m) end
end
for i = 1, #events, 2 do add_mean(events[i]) end
for i = 2, #running, 2 do add_mean(running[i]) end
local limit = redis.call('HGET', gk(g), 'limit') or ''
return {tostring(rank), tostring(mode == 'job' and size or size + 1), limit, tostring(now_ms()), walked, events, running, means}
`;
