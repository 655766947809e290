import { afterAll, beforeAll } from 'vitest';
import type { JobSubmission } from '../../main/queue/queue-types.js';
import { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import type { QueueSettings } from '../../main/queue/queue-types.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** A job of event `predict` in group `g`, normal priority, lane = session = `lane`. */
export function job(id: string, lane = 'L', overrides: Partial<JobSubmission> = {}): JobSubmission {
  return {
    id,
    event: 'predict',
    inputs: [id],
    session: lane,
    lane,
    priority: 'normal',
    groupId: 'g',
    limit: null,
    batch: null,
    ...overrides,
  };
}

/** A fresh namespace per test, so tests sharing one redis-server never see each other's keys. */
let counter = 0;
export function connect(url: string, namespace: string, settings: Partial<QueueSettings> = {}): Promise<RedisQueue> {
  return RedisQueue.connect(`${url}?namespace=${namespace}`, settings);
}

export function namespace(): string {
  counter++;
  return `t${process.pid}-${counter}`;
}

/** Retries `probe` until it returns a value that is not undefined (the test's timeout bounds it). */
export async function until<T>(probe: () => Promise<T | undefined>, everyMs = 50): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A test file's redis-server: started before its tests; every queue opened through `open` is closed after them. */
export interface FileRedis {
  /** The running server (to kill and restart it). */
  server(): RedisServer;
  /** A queue on namespace `ns` (a fresh one by default), closed when the file's tests are done. */
  open(ns?: string, settings?: Partial<QueueSettings>): Promise<RedisQueue>;
}

export function redisForFile(): FileRedis {
  let running: RedisServer | undefined;
  const queues: RedisQueue[] = [];
  beforeAll(async () => {
    running = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await running?.stop();
  });
  const server = (): RedisServer => {
    if (!running) throw new Error('the redis-server of this file is not started yet (use it inside a test)');
    return running;
  };
  return {
    server,
    async open(ns = namespace(), settings = {}) {
      const queue = await connect(server().url, ns, settings);
      queues.push(queue);
      return queue;
    },
  };
}
