/** The tests' redis-server: shared with the bench (`npm run bench -- --scale-out`), which starts its own. */
export { startRedisServer, type RedisServer } from '../../bench/redis-server.js';
