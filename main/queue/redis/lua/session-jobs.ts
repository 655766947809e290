import { PRELUDE } from './prelude.js';

/**
 * The jobs a session submitted whose records still exist, oldest first; expired ones leave the
 * index. ARGV: prefix, session. Returns job ids.
 */
export const SESSION_JOBS = `${PRELUDE}
local key = P .. 's:' .. ARGV[2]
local out = {}
for _, id in ipairs(redis.call('ZRANGE', key, 0, -1)) do
  if redis.call('EXISTS', jk(id)) == 1 then out[#out + 1] = id else redis.call('ZREM', key, id) end
end
return out
`;
