import { PRELUDE } from './prelude.js';

/**
 * A whole group's line at once, for a front that tells its waiting clients their estimations after
 * the line moved (the Scheduler's Announcer): one walk for every job instead of one per job, which
 * would make a move cost O(line²). At most ARGV[3] jobs are listed, in order.
 * ARGV: prefix, group, max. Returns {size, limit ('' = none), now, {id, event, batch max, ...},
 * {started, event per running run}, {event, mean ...}}.
 */
export const LINE = `${PRELUDE}
local g, max = ARGV[2], tonumber(ARGV[3])
local ids, events = {}, {}
walk(g, function(x)
  if #ids >= max then return true end
  local f = redis.call('HMGET', jk(x), 'event', 'bkey', 'bmax')
  ids[#ids + 1] = x
  events[#events + 1] = f[1]
  events[#events + 1] = f[2] ~= '' and f[3] or '1'
  return false
end)
local size = redis.call('LLEN', gk(g) .. ':high')
for _, l in ipairs(redis.call('LRANGE', gk(g) .. ':rot', 0, -1)) do size = size + redis.call('LLEN', gk(g) .. ':l:' .. l) end
local running, means = runs_and_means(g, events)
return {tostring(size), redis.call('HGET', gk(g), 'limit') or '', tostring(now_ms()), ids, events, running, means}
`;
