import type { Dependency, RunnerConfig } from './config.js';
import { isActive } from './job-state.js';
import type { PageState } from './page-store.js';
import { initialValue, type Values } from './values.js';

/** The page's own edits (no run): pure, from a snapshot to the patch of the next one. */

/** A user edit of `id`: its value, and its "missing" notice gone. */
export function edited(state: PageState, id: number, value: unknown): Partial<PageState> {
  const missing = state.missing.has(id) ? new Map([...state.missing].filter(([key]) => key !== id)) : state.missing;
  return { values: new Map(state.values).set(id, value), missing };
}

/** Interface mode's Clear: every component but buttons back to its initial value, finished statuses cleared. */
export function cleared(state: PageState, config: RunnerConfig): Partial<PageState> {
  const values = new Map(state.values);
  for (const c of config.components.values()) {
    if (c.type !== 'button') values.set(c.id, initialValue(c));
  }
  const jobs = new Map([...state.jobs].filter(([, job]) => isActive(job)));
  return { values, overrides: new Map(), jobs, missing: new Map() };
}

/** `dep`'s inputs filled from `row` (an example, or a past run's inputs); a short row leaves the rest. */
export function inputsLoaded(values: Values, dep: Dependency, row: readonly unknown[]): Values {
  const next = new Map(values);
  dep.inputs.forEach((id, i) => {
    if (i < row.length) next.set(id, row[i]);
  });
  return next;
}
