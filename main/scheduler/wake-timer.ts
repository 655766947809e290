import { after } from './after.js';

/**
 * One pending wake-up of the line (a batch waiting to fill): the earliest one asked for wins, so a
 * later ask never delays an earlier wake-up, and an earlier one replaces it.
 */
export class WakeTimer {
  private pending: { readonly at: number; readonly cancel: () => void } | undefined;
  private readonly fire = (): void => {
    this.pending = undefined;
    this.wake();
  };

  constructor(
    private readonly now: () => number,
    private readonly wake: () => void,
  ) {}

  /** Wakes at `at`; a time already reached means the next event-loop turn (setImmediate). */
  at(at: number): void {
    if (this.pending && this.pending.at <= at) return;
    this.pending?.cancel();
    this.pending = { at, cancel: after(at - this.now(), this.fire) };
  }

  cancel(): void {
    this.pending?.cancel();
    this.pending = undefined;
  }
}
