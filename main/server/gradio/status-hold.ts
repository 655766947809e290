import type { StreamMessage } from './messages.js';

/**
 * Status messages that may wait a little (issue 17, the one-caller case): an `estimation` or a
 * `process_starts` says only where a call stands, so it may leave in one write with whatever its
 * session sends next, at most `holdMs` later. A call that finishes within that time reaches the
 * client as one read (estimation, process_starts, process_completed) instead of two, and the
 * model's run shares the CPUs with no wake-up of the client; a longer one shows its status
 * `holdMs` late (40 ms by default, below what a person notices). Anything else the session sends
 * (output, progress, a log line, a completion) first releases what is held, so the order of the
 * messages never changes. One timer per session, re-armed with refresh() (no timer per call).
 *
 * A held estimation that a newer estimation of the same event replaces is dropped: both would
 * leave in the same write, so the client could never show the older one (a waiting call is
 * re-announced each time the line moves, several times within one hold when the line is long).
 * Only an estimation that is still its event's last held message is replaced, so every event
 * still sees an estimation before its process_starts.
 */
export class StatusHold {
  /** In order; null where a newer estimation of the same event replaced one. */
  private held: (StreamMessage | null)[] = [];
  /** Where the held estimation of an event is, while it is that event's last held message. */
  private readonly estimations = new Map<string, number>();
  /** How many entries of `held` are null. */
  private replaced = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly holdMs: number,
    /** Receives the held messages, in the order they came. */
    private readonly release: (held: readonly StreamMessage[]) => void,
  ) {}

  /** Keeps `message` if it is a status that may wait; false if it must go now (after `flush`). */
  keep(message: StreamMessage): boolean {
    if (this.holdMs <= 0 || (message.msg !== 'estimation' && message.msg !== 'process_starts')) return false;
    const id = message.event_id;
    if (id !== null) {
      const at = this.estimations.get(id);
      if (message.msg === 'estimation') {
        if (at !== undefined) {
          this.held[at] = null;
          this.replaced += 1;
        }
        this.estimations.set(id, this.held.length);
      } else if (at !== undefined) this.estimations.delete(id);
    }
    this.held.push(message);
    if (this.held.length === 1) this.arm();
    return true;
  }

  /** Releases what is held now (a later message is about to go out). */
  flush(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    const replaced = this.replaced;
    this.held = [];
    this.replaced = 0;
    this.estimations.clear();
    this.release(replaced === 0 ? (held as StreamMessage[]) : held.filter((message) => message !== null));
  }

  /** Forgets what is held (the session is over). */
  drop(): void {
    this.held = [];
    this.replaced = 0;
    this.estimations.clear();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => this.flush(), this.holdMs);
    // Held statuses must never keep the process alive.
    this.timer.unref();
  }
}
