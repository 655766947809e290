import { queueBlobStore, type QueueBlobOptions } from '../../blobs/queue-blob-store.js';
import type { Logger } from '../../common/logger.js';
import type { QueueSettings } from '../../queue/queue-types.js';
import { RedisQueue } from '../../queue/redis/redis-queue.js';
import type { GradioContext } from '../gradio/context.js';
import type { GradioQueue } from '../gradio/gradio-queue.js';
import { FrontFiles } from './front-files.js';
import { DEFAULT_FRONT_TIMING, RedisGradioQueue, type RedisFrontTiming } from './redis-gradio-queue.js';
import { SessionBook } from './session-book.js';

/**
 * A front's connection to a Redis queue: what `serve --queue redis://…` hands the server
 * (StartServerOptions.queue) and closes after it.
 */
export interface RedisFront {
  /** The queue as the Gradio routes see it, made from the server's context. */
  gradioQueue(ctx: GradioContext): GradioQueue;
  /** Where it is (the URL without its password). */
  readonly display: string;
  close(): Promise<void>;
}

export async function connectRedisFront(
  url: string,
  settings: Partial<QueueSettings>,
  logger: Logger,
  timing: Partial<RedisFrontTiming> = {},
  blobOptions: QueueBlobOptions = {},
): Promise<RedisFront> {
  const queue = await RedisQueue.connect(url, settings, logger);
  const connection = queue.connection('front');
  const book = new SessionBook(connection, queue.target.prefix, queue.settings.finishedTtlMs);
  const blobs = queueBlobStore(queue, blobOptions);
  return {
    display: queue.target.display,
    gradioQueue: (ctx) =>
      new RedisGradioQueue(ctx, queue, book, new FrontFiles(blobs.store, ctx.files, blobs.retentionMs), {
        ...DEFAULT_FRONT_TIMING,
        ...timing,
      }),
    close: async () => {
      connection.disconnect();
      blobs.close();
      await queue.close();
    },
  };
}
