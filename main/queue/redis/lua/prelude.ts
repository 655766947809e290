/**
 * Lua shared by every script (prepended to each). Conventions:
 * - ARGV[1] is the key prefix, `<name>{<namespace>}:`: every key of one queue carries the same hash
 *   tag, so a Redis Cluster keeps them on one node and the scripts may build job and run keys from
 *   the prefix (as BullMQ's scripts do) instead of declaring each in KEYS.
 * - Time is Redis's own (TIME, ms), never a front's or a worker's: leases and enqueuedAt stay right
 *   when machines' clocks disagree. (Redis 7 replicates a script's effects, so TIME is allowed.)
 *
 * Per group g (`P .. 'g:' .. g`): hash {limit} ('' = unlimited), list `:high` (the app window's jobs,
 * FIFO), list `:rot` (lanes with waiting jobs, the next to serve first), list `:l:<lane>` per lane
 * (FIFO), zset `:run` (run id -> lease deadline). Invariant: a lane is in `:rot` exactly when its
 * list is not empty; a waiting job is in exactly one list; a running one in exactly one run.
 */
export const PRELUDE = `
local P = ARGV[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function gk(g) return P .. 'g:' .. g end
local function jk(id) return P .. 'job:' .. id end

-- Visits the group's waiting jobs in the order they would leave (FairQueue.inOrder): the high
-- list, then depth 0 of every lane in rotation order, then depth 1, ... until visit returns true.
-- Lanes are read 64 ids at a time (LINDEX deep in a list is O(depth) each: a walk of 2,000 jobs in
-- 10 lanes took 35 ms that way), so a walk of k jobs costs O(k + lanes) and a head lookup O(lanes).
local function walk(g, visit)
  local high = redis.call('LRANGE', gk(g) .. ':high', 0, -1)
  for _, id in ipairs(high) do
    if visit(id) then return end
  end
  local live = redis.call('LRANGE', gk(g) .. ':rot', 0, -1)
  local chunks = {}
  local depth = 0
  while #live > 0 do
    local kept = {}
    for _, lane in ipairs(live) do
      local c = chunks[lane]
      if not c or depth >= c.start + 64 then
        c = {start = depth, items = redis.call('LRANGE', gk(g) .. ':l:' .. lane, depth, depth + 63)}
        chunks[lane] = c
      end
      local id = c.items[depth - c.start + 1]
      if id then
        if visit(id) then return end
        kept[#kept + 1] = lane
      end
    end
    live = kept
    depth = depth + 1
  end
end

-- Takes a waiting job out of its line. served: its lane goes to the back of the rotation
-- (round-robin); a cancel leaves the lane's place alone. An emptied lane leaves the rotation.
local function unlink(g, id, served)
  local lane = redis.call('HGET', jk(id), 'lane')
  if redis.call('HGET', jk(id), 'prio') == 'high' then
    redis.call('LREM', gk(g) .. ':high', 1, id)
    return
  end
  local lk = gk(g) .. ':l:' .. lane
  redis.call('LREM', lk, 1, id)
  if redis.call('LLEN', lk) == 0 then
    redis.call('LREM', gk(g) .. ':rot', 1, lane)
  elseif served then
    redis.call('LREM', gk(g) .. ':rot', 1, lane)
    redis.call('RPUSH', gk(g) .. ':rot', lane)
  end
end

local function add_event(id, json)
  redis.call('XADD', P .. 'ev:' .. id, 'MAXLEN', '~', 10000, '*', 'e', json)
end

local function json_string(s) return cjson.encode(s) end

-- A terminal job and its events stay readable for ttl ms, then go.
local function finish(id, ttl)
  redis.call('PEXPIRE', jk(id), ttl)
  redis.call('PEXPIRE', P .. 'ev:' .. id, ttl)
end

local function fail_job(id, code, message, ttl)
  local err = '{"code":' .. json_string(code) .. ',"message":' .. json_string(message) .. '}'
  redis.call('HSET', jk(id), 'state', 'failed', 'error', err)
  redis.call('HDEL', jk(id), 'run')
  add_event(id, '{"type":"failed","error":' .. err .. '}')
  finish(id, ttl)
end

-- Drops a run: frees its slot and tells claimers the group may have work again.
local function drop_run(run_id, g)
  redis.call('DEL', P .. 'run:' .. run_id)
  redis.call('ZREM', gk(g) .. ':run', run_id)
  redis.call('ZREM', P .. 'leases', run_id)
  redis.call('PUBLISH', P .. 'work', g)
end

-- A run whose lease expired: each job still running in it goes back to the head of its lane
-- (it had been first in line) while it has retries left, else fails with WORKER_CRASHED.
local function reclaim(run_id, retries, ttl)
  local rk = P .. 'run:' .. run_id
  local g = redis.call('HGET', rk, 'group')
  if not g then
    redis.call('ZREM', P .. 'leases', run_id)
    return 0
  end
  local worker = redis.call('HGET', rk, 'worker')
  for id in string.gmatch(redis.call('HGET', rk, 'jobs'), '%S+') do
    if redis.call('HGET', jk(id), 'state') == 'running' and redis.call('HGET', jk(id), 'run') == run_id then
      local attempts = tonumber(redis.call('HGET', jk(id), 'attempts'))
      if attempts <= retries then
        redis.call('HSET', jk(id), 'state', 'queued')
        redis.call('HDEL', jk(id), 'run')
        if redis.call('HGET', jk(id), 'prio') == 'high' then
          redis.call('LPUSH', gk(g) .. ':high', id)
        else
          local lane = redis.call('HGET', jk(id), 'lane')
          if redis.call('LPUSH', gk(g) .. ':l:' .. lane, id) == 1 then redis.call('LPUSH', gk(g) .. ':rot', lane) end
        end
        redis.call('INCR', P .. 'waiting')
        add_event(id, '{"type":"requeued","attempt":' .. attempts .. ',"reason":' ..
          json_string('worker ' .. worker .. ' stopped answering (its lease expired)') .. '}')
      else
        fail_job(id, 'WORKER_CRASHED', 'The worker running this job (' .. worker .. ') stopped answering and its lease expired' ..
          (retries > 0 and (' on attempt ' .. attempts .. ' of ' .. (retries + 1)) or '') ..
          '. Run it again; if it keeps happening, check the workers\\' logs.', ttl)
      end
    end
  end
  drop_run(run_id, g)
  return 1
end

local function reap_group(g, t, retries, ttl)
  local n = 0
  for _, run_id in ipairs(redis.call('ZRANGEBYSCORE', gk(g) .. ':run', '-inf', t)) do
    n = n + reclaim(run_id, retries, ttl)
  end
  return n
end

-- The mean run time of an event, or nil: a plain mean of its first 10 warm runs (RunStats takes their
-- median, which needs the samples), then an EWMA with alpha 0.2, as RunStats.
local function mean_of(event)
  local v = redis.call('HGET', P .. 'stats', event)
  if not v then return nil end
  return tonumber(string.match(v, '^%S+ (%S+)$'))
end

-- What an ETA needs besides the line: {started, event} per running run of the group, and
-- {event, mean} for every event met in \`events\` ({event, batch max, ...}) or among the runs.
local function runs_and_means(g, events)
  local running, means, seen = {}, {}, {}
  for _, run_id in ipairs(redis.call('ZRANGE', gk(g) .. ':run', 0, -1)) do
    local f = redis.call('HMGET', P .. 'run:' .. run_id, 'started', 'event')
    running[#running + 1] = f[1] or '0'
    running[#running + 1] = f[2] or ''
  end
  local function add(e)
    if seen[e] then return end
    seen[e] = true
    local m = mean_of(e)
    if m then
      means[#means + 1] = e
      means[#means + 1] = string.format('%.3f', m)
    end
  end
  for i = 1, #events, 2 do add(events[i]) end
  for i = 2, #running, 2 do add(running[i]) end
  return running, means
end
`;
