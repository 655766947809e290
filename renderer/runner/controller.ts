import { buildChainIndex, followersAfter, type ChainIndex } from './chain.js';
import type { Dependency, RunnerConfig } from './config.js';
import {
  applyOutputs,
  buildPayload,
  buildTriggerIndex,
  loadDependencies,
  triggered,
  type Overrides,
  type TriggerIndex,
} from './dependencies.js';
import type { SelectData } from '../components/blocks/shared/select-data.js';
import { IDLE, isActive, jobTransition, type JobEvent, type JobState } from './job-state.js';
import { dismissToast, failureKind, pushToast, toastForFailure, type Toast } from './toasts.js';
import { initialValue, initialValues, type Values } from './values.js';

/**
 * The page's state and the rules that change it, without React: user input, triggers, runs,
 * outputs, cancel, clear and examples. Components read a snapshot (useSyncExternalStore) and call
 * the methods; runs go through an injected EndpointRunner, so tests drive it with a fake.
 */

export interface RunHandlers {
  onStatus(event: JobEvent): void;
  onData(data: readonly unknown[]): void;
}

export interface RunHandle {
  /** Settles when the run's event stream ends, whatever the outcome. */
  readonly done: Promise<void>;
  cancel(): Promise<void>;
}

/** Runs one dependency on the server (the Gradio client in the browser). */
export interface EndpointRunner {
  /** `eventData`: what the triggering `select` chose, sent as the join's event_data. */
  run(dep: Dependency, data: readonly unknown[], handlers: RunHandlers, eventData?: SelectData): RunHandle;
  /** The session this page's runs join the queue with, once known (it ranks the page's estimates). */
  sessionHash?(): string | undefined;
}

export interface PageState {
  readonly values: Values;
  readonly overrides: Overrides;
  /** The latest run of each dependency, by dependency id. */
  readonly jobs: ReadonlyMap<number, JobState>;
  /** Failed runs worth a notice (errors, a full queue), oldest first. */
  readonly toasts: readonly Toast[];
}

export interface ControllerOptions {
  /** A run failed because the server could not be reached (the page starts reconnecting). */
  readonly onConnectionError?: () => void;
  /** Values to start from instead of the initial ones (after a reconnect); missing ids keep theirs. */
  readonly values?: Values;
}

/** Interface mode's Clear button: the normalizer adds it with this key and no dependency. */
export const CLEAR_KEY = '__clear';
/** Interface mode's Submit button. */
export const SUBMIT_KEY = '__submit';

const NO_EVENTS: ReadonlySet<string> = new Set();

const CLOSED_EARLY = 'The connection to the server closed before the run finished. Try again.';

function describeError(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return 'The run failed for an unknown reason.';
}

export class RunnerController {
  private state: PageState;
  private readonly listeners = new Set<() => void>();
  private readonly index: TriggerIndex;
  /** Chained dependencies (`.then()` / `.success()`) by the dependency they follow. */
  private readonly chains: ChainIndex;
  /** listenedEvents per component id: the config is fixed, and every block asks on every render. */
  private readonly listened = new Map<number, Set<string>>();
  private readonly runs = new Map<number, { readonly token: number; readonly handle: RunHandle }>();
  /** always_last dependencies triggered while running: run once more when the current run ends. */
  private readonly rerun = new Set<number>();
  private nextToken = 1;
  private nextToast = 1;
  private disposed = false;

  constructor(
    readonly config: RunnerConfig,
    private readonly endpoint: EndpointRunner,
    private readonly now: () => number = Date.now,
    private readonly options: ControllerOptions = {},
  ) {
    const values = new Map(initialValues(config.components.values()));
    for (const [id, value] of options.values ?? []) if (values.has(id)) values.set(id, value);
    this.state = { values, overrides: new Map(), jobs: new Map(), toasts: [] };
    this.index = buildTriggerIndex(config.dependencies);
    this.chains = buildChainIndex(config.dependencies);
    const listen = (id: number, event: string): void => {
      const events = this.listened.get(id) ?? new Set<string>();
      this.listened.set(id, events.add(event));
    };
    for (const dep of config.dependencies) for (const [id, event] of dep.targets) listen(id, event);
    for (const id of config.components.keys()) if (this.isClearButton(id)) listen(id, 'click');
  }

  readonly getState = (): PageState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Events of a component that some dependency (or the built-in Clear) listens to. */
  listenedEvents(componentId: number): ReadonlySet<string> {
    return this.listened.get(componentId) ?? NO_EVENTS;
  }

  /** The dependencies an event of a component runs. */
  dependenciesFor(componentId: number, event: string): readonly Dependency[] {
    return triggered(this.index, componentId, event);
  }

  /** Interface mode's Submit button: a Stop button appears next to it while its run is active. */
  isSubmitButton(componentId: number): boolean {
    const c = this.config.components.get(componentId);
    return this.config.mode === 'interface' && c?.key === SUBMIT_KEY && triggered(this.index, componentId, 'click').length > 0;
  }

  /** Whether a dependency's Stop button sits next to Interface mode's Submit (not in its status). */
  stopsBesideSubmit(dep: Dependency): boolean {
    return dep.targets.some(([id, event]) => event === 'click' && this.isSubmitButton(id));
  }

  /** The session this page's runs join with (undefined until connected, or for endpoints without one). */
  sessionHash(): string | undefined {
    return this.endpoint.sessionHash?.();
  }

  job(depId: number): JobState {
    return this.state.jobs.get(depId) ?? IDLE;
  }

  /** Runs the dependencies that target page load. */
  start(): void {
    for (const dep of loadDependencies(this.index)) this.run(dep);
  }

  /** A user edit: stores the value, then fires `input` and `change`. */
  setValue(id: number, value: unknown): void {
    this.update({ values: new Map(this.state.values).set(id, value) });
    this.trigger(id, 'input');
    this.trigger(id, 'change');
  }

  /**
   * A component event (click, submit, upload, change, select, ...): runs every dependency it
   * targets; a select's SelectData goes with those runs.
   */
  trigger(id: number, event: string, eventData?: SelectData): void {
    if (this.disposed) return;
    if (event === 'click' && this.isClearButton(id)) {
      this.clear();
      return;
    }
    for (const dep of triggered(this.index, id, event)) this.run(dep, eventData);
  }

  cancel(depId: number): void {
    const run = this.runs.get(depId);
    this.rerun.delete(depId);
    if (!run || !isActive(this.job(depId))) return;
    this.setJob(depId, { type: 'cancel-requested', at: this.now() });
    const settle = (): void => {
      if (this.runs.get(depId)?.token === run.token) this.setJob(depId, { type: 'cancelled' });
    };
    run.handle.cancel().then(settle, settle);
  }

  /** Closes a toast (its close button, or Escape). */
  dismissToast(id: number): void {
    const toasts = dismissToast(this.state.toasts, id);
    if (toasts !== this.state.toasts) this.update({ toasts });
  }

  /** A toast's Retry: closes it and runs its dependency again with the current values. */
  retry(toastId: number): void {
    const toast = this.state.toasts.find((t) => t.id === toastId);
    this.dismissToast(toastId);
    const dep = toast && this.config.dependencies.find((d) => d.id === toast.depId);
    if (dep) this.run(dep);
  }

  /** Interface mode: every component back to its initial value, finished statuses cleared. */
  clear(): void {
    const values = new Map(this.state.values);
    for (const c of this.config.components.values()) {
      if (c.type !== 'button') values.set(c.id, initialValue(c));
    }
    const jobs = new Map([...this.state.jobs].filter(([, job]) => isActive(job)));
    this.update({ values, overrides: new Map(), jobs });
  }

  /** Interface mode: fills the inputs of dependency 0 from an example row. */
  applyExample(row: readonly unknown[]): void {
    const dep = this.config.dependencies[0];
    if (!dep) return;
    const values = new Map(this.state.values);
    dep.inputs.forEach((id, i) => {
      if (i < row.length) values.set(id, row[i]);
    });
    this.update({ values });
    for (const id of dep.inputs) this.trigger(id, 'change');
  }

  /** Stops listening and cancels what is still running. */
  dispose(): void {
    this.disposed = true;
    for (const { handle } of this.runs.values()) handle.cancel().catch(() => undefined);
    this.runs.clear();
    this.listeners.clear();
  }

  private isClearButton(id: number): boolean {
    const c = this.config.components.get(id);
    return this.config.mode === 'interface' && c?.key === CLEAR_KEY && triggered(this.index, id, 'click').length === 0;
  }

  private run(dep: Dependency, eventData?: SelectData): void {
    if (this.disposed) return;
    if (isActive(this.job(dep.id))) {
      if (dep.triggerMode === 'once') return;
      if (dep.triggerMode === 'always_last') {
        this.rerun.add(dep.id);
        return;
      }
    }
    const token = this.nextToken++;
    const current = (): boolean => !this.disposed && this.runs.get(dep.id)?.token === token;
    const data = buildPayload(dep, this.state.values, this.config.components);
    this.setJob(dep.id, { type: 'submitted', at: this.now() });
    let handle: RunHandle;
    try {
      handle = this.endpoint.run(
        dep,
        data,
        {
          onStatus: (event) => {
            if (current()) this.setJob(dep.id, event);
          },
          onData: (outputs) => {
            if (!this.disposed) this.applyData(dep, outputs);
          },
        },
        eventData,
      );
    } catch (error) {
      this.setJob(dep.id, { type: 'failed', message: describeError(error), title: null });
      return;
    }
    this.runs.set(dep.id, { token, handle });
    handle.done.then(
      () => this.finish(dep, token, null),
      (error: unknown) => this.finish(dep, token, error),
    );
  }

  private finish(dep: Dependency, token: number, error: unknown): void {
    if (this.disposed || this.runs.get(dep.id)?.token !== token) return;
    const job = this.job(dep.id);
    if (job.stage === 'cancelling') this.setJob(dep.id, { type: 'cancelled' });
    else if (isActive(job)) {
      this.setJob(dep.id, { type: 'failed', message: error === null ? CLOSED_EARLY : describeError(error), title: null });
    }
    this.runs.delete(dep.id);
    // Followers read the values the run's outputs left (its data events came before `done`).
    for (const next of followersAfter(this.chains, dep.id, this.job(dep.id).stage)) this.run(next);
    if (this.rerun.delete(dep.id)) this.run(dep);
  }

  private applyData(dep: Dependency, outputs: readonly unknown[]): void {
    const result = applyOutputs(this.state.values, this.state.overrides, dep, outputs);
    this.update({ values: result.values, overrides: result.overrides });
    // Gradio fires `change` for programmatic updates too; a dependency never re-triggers itself.
    for (const id of result.changed) {
      for (const next of triggered(this.index, id, 'change')) if (next !== dep) this.run(next);
    }
  }

  private setJob(depId: number, event: JobEvent): void {
    const before = this.job(depId);
    const after = jobTransition(before, event);
    if (after === before) return;
    const jobs = new Map(this.state.jobs).set(depId, after);
    if (after.stage !== 'failed') {
      // A new run makes the notices of the previous one stale.
      const toasts = event.type === 'submitted' ? this.state.toasts.filter((t) => t.depId !== depId) : this.state.toasts;
      this.update({ jobs, toasts });
      return;
    }
    const toast = toastForFailure(this.nextToast++, depId, after.message, after.title);
    this.update(toast ? { jobs, toasts: pushToast(this.state.toasts, toast) } : { jobs });
    if (failureKind(after.message) === 'connection') this.options.onConnectionError?.();
  }

  private update(patch: Partial<PageState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of [...this.listeners]) listener();
  }
}
