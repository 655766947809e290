import { PRELUDE } from './prelude.js';

/**
 * Reclaims every run whose lease expired, in all groups (claims reclaim their own groups' runs
 * too; this one is for groups nobody is claiming). Idempotent: any front or worker may call it.
 * ARGV: prefix, retries, ttl ms. Returns how many runs it reclaimed.
 */
export const REAP = `${PRELUDE}
local retries, ttl = tonumber(ARGV[2]), tonumber(ARGV[3])
local n = 0
for _, run_id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', now_ms())) do
  n = n + reclaim(run_id, retries, ttl)
end
return n
`;
