import type { Redis } from 'ioredis';
import type { Logger } from '../../common/logger.js';

/**
 * Says once when a queue connection is lost and once when it is back, instead of ioredis's
 * "Unhandled error event" on every reconnect attempt (up to every 2 s for as long as Redis is away).
 * Commands wait meanwhile (see RedisQueue.connect): a worker stops claiming, a front's calls wait.
 */
export function watchConnection(redis: Redis, role: string, display: string, logger: Logger): void {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(`The queue's ${role} connection to ${display} is lost (${error.message}); reconnecting with backoff.`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info(`The queue's ${role} connection to ${display} is back.`);
  });
}
