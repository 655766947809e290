import type { Dependency, RunnerConfig } from './config.js';
import { buildTriggerIndex, loadDependencies, triggered, type TriggerIndex } from './dependencies.js';

/** Interface mode's Clear button: the normalizer adds it with this key and no dependency. */
export const CLEAR_KEY = '__clear';

const NO_EVENTS: ReadonlySet<string> = new Set();

/**
 * Which dependencies the page's events run, from the config (fixed for the page's life): by
 * component and event, on load, the built-in Clear button, and the button that becomes a run's Stop.
 */
export class PageTriggers {
  private readonly index: TriggerIndex;
  /** listenedEvents per component id: every block asks on every render. */
  private readonly listened = new Map<number, Set<string>>();

  constructor(private readonly config: RunnerConfig) {
    this.index = buildTriggerIndex(config.dependencies);
    for (const dep of config.dependencies) for (const [id, event] of dep.targets) this.listen(id, event);
    for (const id of config.components.keys()) if (this.isClearButton(id)) this.listen(id, 'click');
  }

  /** Events of a component that some dependency (or the built-in Clear) listens to. */
  listenedEvents(componentId: number): ReadonlySet<string> {
    return this.listened.get(componentId) ?? NO_EVENTS;
  }

  /** The dependencies an event of a component runs. */
  dependenciesFor(componentId: number, event: string): readonly Dependency[] {
    return triggered(this.index, componentId, event);
  }

  /** The dependencies that target page load. */
  onLoad(): readonly Dependency[] {
    return loadDependencies(this.index);
  }

  /** Interface mode's Clear button (it runs no dependency: the page clears itself). */
  isClearButton(id: number): boolean {
    const c = this.config.components.get(id);
    return this.config.mode === 'interface' && c?.key === CLEAR_KEY && triggered(this.index, id, 'click').length === 0;
  }

  /** See RunnerController.stopDependency. */
  stopDependency(componentId: number): Dependency | null {
    if (this.config.components.get(componentId)?.type !== 'button') return null;
    return triggered(this.index, componentId, 'click').find((d) => d.queue) ?? null;
  }

  private listen(id: number, event: string): void {
    const events = this.listened.get(id) ?? new Set<string>();
    this.listened.set(id, events.add(event));
  }
}
