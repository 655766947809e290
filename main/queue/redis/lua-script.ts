import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * One Lua script, run by its SHA1 (EVALSHA) and sent in full only when Redis does not know it yet
 * (NOSCRIPT: first use, or after a restart emptied the script cache). Scripts take no KEYS: they
 * build keys from the prefix in ARGV[1] (see lua/prelude.ts).
 */
export class LuaScript {
  private readonly sha: string;

  constructor(
    readonly name: string,
    private readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, 0, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, 0, ...args);
    }
  }
}
