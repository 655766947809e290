import type { Overrides } from './dependencies.js';
import type { JobState } from './job-state.js';
import type { Toast } from './toasts.js';
import type { Values } from './values.js';

export interface PageState {
  readonly values: Values;
  readonly overrides: Overrides;
  /** The latest run of each dependency, by dependency id. */
  readonly jobs: ReadonlyMap<number, JobState>;
  /** Failed runs worth a notice (errors, a full queue), oldest first. */
  readonly toasts: readonly Toast[];
  /** Chatbot id → the message just sent, shown pending until the run writes the conversation. */
  readonly echoes: ReadonlyMap<number, string>;
  /** Input id → why a run did not start ("Upload an image first"), until the input changes. */
  readonly missing: ReadonlyMap<number, string>;
}

/**
 * The runner page's state as an external store (React's useSyncExternalStore): an immutable
 * snapshot, replaced by each update, and the listeners told of it.
 */
export class PageStore {
  private current: PageState;
  private readonly listeners = new Set<() => void>();

  constructor(values: Values) {
    this.current = { values, overrides: new Map(), jobs: new Map(), toasts: [], echoes: new Map(), missing: new Map() };
  }

  get state(): PageState {
    return this.current;
  }

  readonly getState = (): PageState => this.current;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<PageState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  /** Nobody is told of updates any more (the page is gone). */
  clear(): void {
    this.listeners.clear();
  }
}
