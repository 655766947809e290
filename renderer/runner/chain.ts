import type { Dependency } from './config.js';
import type { JobStage } from './job-state.js';

/**
 * Chained events (Gradio's `.then()` and `.success()`): the page, not the server, starts a
 * follower when the run of the dependency it follows (`trigger_after`) ends.
 */

/** Followers by the id of the dependency they follow, in config order. */
export type ChainIndex = ReadonlyMap<number, readonly Dependency[]>;

export function buildChainIndex(dependencies: readonly Dependency[]): ChainIndex {
  const index = new Map<number, Dependency[]>();
  for (const dep of dependencies) {
    if (dep.triggerAfter === null) continue;
    const list = index.get(dep.triggerAfter) ?? [];
    list.push(dep);
    index.set(dep.triggerAfter, list);
  }
  return index;
}

/**
 * What to start when a run of `depId` has ended in `stage`, as Gradio's page does it: `.then()`
 * followers after any end, `.success()` followers only after `completed`. A cancelled run is not a
 * success but still an end (the Gradio client reports a cancel as an error), so `.then()`
 * followers run after it too.
 */
export function followersAfter(index: ChainIndex, depId: number, stage: JobStage): readonly Dependency[] {
  const followers = index.get(depId) ?? [];
  return stage === 'completed' ? followers : followers.filter((dep) => !dep.triggerOnlyOnSuccess);
}
