import type { RunnerConfig } from './config.js';
import type { Values } from './values.js';

/**
 * Getting back to a server that went away (restarted, or the laptop slept): probe every few
 * seconds until the probe answers, then hand over its result once. No React, injected timers.
 *
 *   idle ─start()─► waiting ─timer─► probing ─┬─ ok ──► idle (onBack called)
 *                     ▲                       └─ fail ─┐
 *                     └────────────────────────────────┘
 * stop() from any state goes back to idle; a probe still in flight is aborted and ignored.
 */

export interface ReconnectorOptions<T> {
  /** One attempt, e.g. GET /config; a rejection means "not back yet". */
  readonly probe: (signal: AbortSignal) => Promise<T>;
  readonly onBack: (result: T) => void;
  /** Called before each attempt with its number (1, 2, ...), for the banner. */
  readonly onAttempt?: (attempt: number) => void;
  readonly intervalMs?: number;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
}

export const RECONNECT_INTERVAL_MS = 3_000;

export class Reconnector<T> {
  private timer: unknown = null;
  private abort: AbortController | null = null;
  private attempt = 0;
  private running = false;

  constructor(private readonly options: ReconnectorOptions<T>) {}

  get active(): boolean {
    return this.running;
  }

  /** Starts probing (no-op when already probing). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== null) (this.options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = null;
    this.abort?.abort();
    this.abort = null;
  }

  private schedule(): void {
    const set = this.options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    this.timer = set(() => {
      this.timer = null;
      void this.tryOnce();
    }, this.options.intervalMs ?? RECONNECT_INTERVAL_MS);
  }

  /** Whether an attempt is still wanted (no stop() or newer attempt since it began). */
  private isCurrent(abort: AbortController): boolean {
    return this.running && this.abort === abort;
  }

  private async tryOnce(): Promise<void> {
    if (!this.running) return;
    const abort = new AbortController();
    this.abort = abort;
    this.attempt += 1;
    this.options.onAttempt?.(this.attempt);
    let result: T;
    try {
      result = await this.options.probe(abort.signal);
    } catch {
      if (this.isCurrent(abort)) this.schedule();
      return;
    }
    if (!this.isCurrent(abort)) return;
    this.running = false;
    this.abort = null;
    this.options.onBack(result);
  }
}

/**
 * Values to keep when the app comes back with a (maybe changed) config: those of components that
 * still exist with the same id, key and type. Others start from their initial value.
 */
export function carryValues(before: RunnerConfig, values: Values, after: RunnerConfig): Values {
  const kept = new Map<number, unknown>();
  for (const [id, value] of values) {
    const old = before.components.get(id);
    const now = after.components.get(id);
    if (old && old.type === now?.type && old.key === now.key && now.type !== 'button') kept.set(id, value);
  }
  return kept;
}
