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
local events, seen = {}, {}
local walked = '1'
-- Notes the event and batch size of a job ahead, while there are few enough to walk.
local function note(x)
  if #events >= 2 * walk_limit then
    walked = '0'
    return
  end
  local f = redis.call('HMGET', jk(x), 'event', 'bkey', 'bmax')
  events[#events + 1] = f[1]
  events[#events + 1] = f[2] ~= '' and f[3] or '1'
end
if mode == 'job' then
  local id = ARGV[3]
  local f = redis.call('HMGET', jk(id), 'state', 'group', 'event', 'bkey', 'bmax')
  if f[1] ~= 'queued' then return {} end
  g, own_event, own_bmax = f[2], f[3], f[4] ~= '' and f[5] or '1'
  rank = 0
  walk(g, function(x)
    if x == id then return true end
    rank = rank + 1
    note(x)
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
  if rank > walk_limit then
    walked = '0'
  else
    local n = 0
    walk(g, function(x)
      if n >= rank then return true end
      n = n + 1
      note(x)
      return false
    end)
  end
end
local size = redis.call('LLEN', gk(g) .. ':high')
for _, l in ipairs(redis.call('LRANGE', gk(g) .. ':rot', 0, -1)) do size = size + redis.call('LLEN', gk(g) .. ':l:' .. l) end
if walked == '0' then events = {} end
events[#events + 1] = own_event
events[#events + 1] = own_bmax
local running, means = runs_and_means(g, events)
local limit = redis.call('HGET', gk(g), 'limit') or ''
return {tostring(rank), tostring(mode == 'job' and size or size + 1), limit, tostring(now_ms()), walked, events, running, means}
`;
