import { PRELUDE } from './prelude.js';

/**
 * Appends a progress/log/partial event, only while the job runs in this worker's run (a worker
 * that lost its lease must not talk over the retry).
 * ARGV: prefix, run id, worker id, job id, event json. Returns 1 or 0.
 */
export const EMIT = `${PRELUDE}
local run_id, worker, id, json = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if redis.call('HGET', P .. 'run:' .. run_id, 'worker') ~= worker then return 0 end
if redis.call('HGET', jk(id), 'run') ~= run_id or redis.call('HGET', jk(id), 'state') ~= 'running' then return 0 end
add_event(id, json)
return 1
`;
