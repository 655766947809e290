import { toAppError } from '../../../preload/shared/errors.js';
import type { Logger } from '../../common/logger.js';
import type { HeartbeatReply, QueueWorker } from '../queue-types.js';

export interface HeartbeatOptions {
  readonly queue: Pick<QueueWorker, 'heartbeat' | 'reap'>;
  readonly workerId: string;
  /** The lease: the worker beats every third of it, so one late beat (a busy machine) loses nothing. */
  readonly leaseMs: number;
  /** The runs held now. */
  readonly held: () => readonly string[];
  readonly onReply: (reply: HeartbeatReply) => void;
  readonly logger: Logger;
}

/**
 * Keeps a worker's leases: every `leaseMs / 3` it extends the leases of the runs it holds and hears
 * which were lost (stop them) and which jobs were cancelled (a backstop for a missed cancel
 * message). Once per lease it also reaps runs of dead workers (any worker may; it is idempotent),
 * so a crashed worker's jobs come back even while every live worker is too busy to claim.
 * A beat still waiting (Redis away: commands wait for the reconnect) is not doubled.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private beats = 0;
  private failing = false;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    const every = Math.max(10, Math.floor(this.options.leaseMs / 3));
    this.timer = setInterval(() => {
      this.inFlight ??= this.beat().finally(() => (this.inFlight = undefined));
    }, every);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private async beat(): Promise<void> {
    const { queue, workerId, held, onReply, logger } = this.options;
    try {
      const runs = held();
      if (runs.length > 0) onReply(await queue.heartbeat(workerId, runs));
      if (++this.beats % 3 === 0) {
        const reaped = await queue.reap();
        if (reaped > 0) logger.info(`reclaimed ${reaped} run(s) of workers that stopped heart-beating`);
      }
      if (this.failing) logger.info('heart-beating again');
      this.failing = false;
    } catch (error) {
      if (!this.failing)
        logger.warn(`a heartbeat failed (${toAppError(error).message}); trying again every ${Math.floor(this.options.leaseMs / 3)} ms`);
      this.failing = true;
    }
  }
}
