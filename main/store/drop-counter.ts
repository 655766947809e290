import type { Logger } from '../common/logger.js';

/**
 * The bound of a write queue: past `max` waiting writes a new one is dropped. The first drop of an
 * overflow is logged at once, and the count once the queue has drained, so a long overflow costs
 * two log lines, not one per write.
 */
export class DropCounter {
  private dropped = 0;

  constructor(
    private readonly logger: Pick<Logger, 'error'>,
    private readonly max: number,
  ) {}

  /** Whether a write may join a queue that holds `waiting`; false drops it. */
  admit(waiting: number): boolean {
    if (waiting < this.max) return true;
    if (this.dropped++ === 0)
      this.logger.error('the database write queue is full: writes are dropped until it drains', { maxQueued: this.max });
    return false;
  }

  /** The queue drained: says how many writes were dropped since the overflow began, if any. */
  drained(): void {
    if (this.dropped === 0) return;
    this.logger.error('the database write queue drained; writes were dropped meanwhile', { dropped: this.dropped });
    this.dropped = 0;
  }
}
