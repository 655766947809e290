import { after } from './after.js';

/**
 * Coalesces estimation broadcasts, one group at a time.
 *
 * Gradio's "auto" mode re-sends every waiting job's estimation after each dequeue, and on each
 * join, so a line of N jobs costs O(N) per move and O(N²) to drain: measured here before this
 * class, 20,000 queued jobs took 22 s to submit and 41 s to drain a no-op function, 200 million
 * estimations in all. Instead, a group that moved is marked, and its whole line is announced once,
 * on the next event-loop turn, however many jobs joined or left in that turn. Long lines are
 * announced less often: after a broadcast to N jobs the next one waits N × `perJobMs`, so
 * broadcasting costs a bounded share of a core (an estimation costs a few µs to compute and send)
 * and a short line (a few hundred jobs) still hears of every move within milliseconds.
 */

export interface AnnouncerOptions {
  readonly now: () => number;
  /** Quiet time after a broadcast, per job it reached. */
  readonly perJobMs: number;
}

interface GroupState {
  lastAt: number;
  lastSize: number;
  /** Whether jobs other than new ones moved since the last broadcast. */
  moved: boolean;
  cancel: (() => void) | undefined;
}

export class Announcer<G> {
  private readonly states = new Map<G, GroupState>();

  /**
   * `broadcast(group, moved)` announces the group's line, to every job when `moved` and otherwise
   * only to jobs never announced (Gradio tells a join only to the joiner), and returns the
   * length of the line.
   */
  constructor(
    private readonly broadcast: (group: G, moved: boolean) => number,
    private readonly options: AnnouncerOptions,
  ) {}

  /**
   * A job joined the group (`moved` false) or the line moved (a job started or left): the group is
   * announced on the next turn, or when its quiet time ends.
   */
  mark(group: G, moved: boolean): void {
    let state = this.states.get(group);
    if (!state) {
      state = { lastAt: Number.NEGATIVE_INFINITY, lastSize: 0, moved: false, cancel: undefined };
      this.states.set(group, state);
    }
    state.moved ||= moved;
    if (state.cancel) return;
    const fire = (): void => {
      const current = state;
      const all = current.moved;
      current.cancel = undefined;
      current.moved = false;
      current.lastAt = this.options.now();
      current.lastSize = this.broadcast(group, all);
    };
    const delay = state.lastAt + state.lastSize * this.options.perJobMs - this.options.now();
    // Up to 1 ms the next turn is as good as a timer; an estimation never keeps the process alive.
    state.cancel = after(delay > 1 ? delay : 0, fire, { unref: true });
  }

  /** Drops every pending broadcast (the scheduler is closing). */
  cancelAll(): void {
    for (const state of this.states.values()) {
      state.cancel?.();
      state.cancel = undefined;
    }
  }
}
