import type { SelectData } from '../components/blocks/shared/select-data.js';
import { buildChainIndex, followersAfter, type ChainIndex } from './chain.js';
import { chatEcho, echoEnded, echoShown, type ChatEcho } from './chat-echo.js';
import type { Dependency, RunnerConfig } from './config.js';
import { applyOutputs, buildPayload, onlyChanged } from './dependencies.js';
import { CLOSED_EARLY, runFailureMessage, type EndpointRunner, type RunHandle, type RunHandlers } from './endpoint-runner.js';
import { IDLE, isActive, jobTransition, type JobEvent, type JobState } from './job-state.js';
import { cleared, edited, inputsLoaded } from './page-edits.js';
import { PageStore, type PageState } from './page-store.js';
import { PageTriggers } from './page-triggers.js';
import { missingInputs } from './required.js';
import { dismissToast, failureKind, pushToast, toastForFailure } from './toasts.js';
import { initialValues, type Values } from './values.js';

export type { EndpointRunner, RunHandle, RunHandlers } from './endpoint-runner.js';
export type { PageState } from './page-store.js';
export { CLEAR_KEY } from './page-triggers.js';

/**
 * The page's state and the rules that change it, without React: user input, triggers, runs,
 * outputs, cancel, clear and examples. Components read a snapshot (useSyncExternalStore on
 * `subscribe` and `getState`, a PageStore) and call the methods; runs go through an injected
 * EndpointRunner, so tests drive it with a fake.
 */

/** What a run in flight wrote last (at first: its outputs as the page held them), and its chat echo. */
interface RunOutputs {
  last: readonly unknown[];
  echo: ChatEcho | null;
}

interface ActiveRun {
  readonly token: number;
  readonly handle: RunHandle;
  readonly outputs: RunOutputs;
}

export interface ControllerOptions {
  /** A run failed because the server could not be reached (the page starts reconnecting). */
  readonly onConnectionError?: () => void;
  /** Values to start from instead of the initial ones (after a reconnect); missing ids keep theirs. */
  readonly values?: Values;
}

export class RunnerController {
  private readonly store: PageStore;
  private readonly triggers: PageTriggers;
  /** Chained dependencies (`.then()` / `.success()`) by the dependency they follow. */
  private readonly chains: ChainIndex;
  private readonly runs = new Map<number, ActiveRun>();
  /** always_last dependencies triggered while running: run once more when the current run ends. */
  private readonly rerun = new Set<number>();
  private readonly eventIds = new Map<number, string>();
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
    this.store = new PageStore(values);
    this.triggers = new PageTriggers(config);
    this.chains = buildChainIndex(config.dependencies);
    this.getState = this.store.getState;
    this.subscribe = this.store.subscribe;
  }

  readonly getState: () => PageState;

  readonly subscribe: (listener: () => void) => () => void;

  /** Events of a component that some dependency (or the built-in Clear) listens to. */
  listenedEvents(componentId: number): ReadonlySet<string> {
    return this.triggers.listenedEvents(componentId);
  }

  /** The dependencies an event of a component runs. */
  dependenciesFor(componentId: number, event: string): readonly Dependency[] {
    return this.triggers.dependenciesFor(componentId, event);
  }

  /**
   * The run a button becomes the Stop button of while that run is active (its first queued click
   * dependency: Submit, Send, Generate), as Gradio's Interface and ChatInterface swap Submit for
   * Stop; null for other components and buttons that start no queued run.
   */
  stopDependency(componentId: number): Dependency | null {
    return this.triggers.stopDependency(componentId);
  }

  /** Whether some button turns into this dependency's Stop while it runs (its status then has none). */
  stopsOnButton(dep: Dependency): boolean {
    return dep.targets.some(([id, event]) => event === 'click' && this.stopDependency(id) === dep);
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
    for (const dep of this.triggers.onLoad()) this.run(dep);
  }

  /** A user edit: stores the value, then fires `input` and `change`. */
  setValue(id: number, value: unknown): void {
    this.store.update(edited(this.state, id, value));
    this.trigger(id, 'input');
    this.trigger(id, 'change');
  }

  /**
   * A component event (click, submit, upload, change, select, ...): runs every dependency it
   * targets; a select's SelectData goes with those runs.
   */
  trigger(id: number, event: string, eventData?: SelectData): void {
    if (this.disposed) return;
    if (event === 'click' && this.triggers.isClearButton(id)) {
      this.clear();
      return;
    }
    // Only a click or a submit is the user asking for a run: a missing input is worth saying then.
    const asked = event === 'click' || event === 'submit';
    for (const dep of this.triggers.dependenciesFor(id, event)) this.run(dep, eventData, asked);
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
    if (toasts !== this.state.toasts) this.store.update({ toasts });
  }

  /** A toast's Retry: closes it and runs its dependency again with the current values. */
  retry(toastId: number): void {
    const toast = this.state.toasts.find((t) => t.id === toastId);
    this.dismissToast(toastId);
    const dep = toast && this.config.dependencies.find((d) => d.id === toast.depId);
    if (dep) this.run(dep, undefined, true);
  }

  /** Interface mode: every component back to its initial value, finished statuses cleared. */
  clear(): void {
    this.store.update(cleared(this.state, this.config));
  }

  /** Interface mode: fills the inputs of dependency 0 from an example row. */
  applyExample(row: readonly unknown[]): void {
    const dep = this.config.dependencies[0];
    if (dep) this.loadInputs(dep.id, row);
  }

  /** The server's id of the dependency's latest run (its event_id), once the server gave it. */
  lastEventId(depId: number): string | undefined {
    return this.eventIds.get(depId);
  }

  /** Runs a dependency with the current values, as a click on its trigger would (History's Re-run). */
  runDependency(depId: number): void {
    const dep = this.config.dependencies.find((d) => d.id === depId);
    if (dep) this.run(dep, undefined, true);
  }

  /** Fills a dependency's inputs with `row` (an example, or a past run's inputs from History). */
  loadInputs(depId: number, row: readonly unknown[]): void {
    const dep = this.config.dependencies.find((d) => d.id === depId);
    if (!dep) return;
    this.store.update({ values: inputsLoaded(this.state.values, dep, row) });
    for (const id of dep.inputs) this.trigger(id, 'change');
  }

  /** Stops listening and cancels what is still running. */
  dispose(): void {
    this.disposed = true;
    for (const { handle } of this.runs.values()) handle.cancel().catch(() => undefined);
    this.runs.clear();
    this.store.clear();
  }

  private get state(): PageState {
    return this.store.state;
  }

  /**
   * Starts a run of `dep` with the current values. `asked`: the user clicked or pressed Enter, so
   * an empty required input is pointed out rather than silently skipped.
   */
  private run(dep: Dependency, eventData?: SelectData, asked = false): void {
    if (this.disposed || !this.mayRun(dep, asked)) return;
    const token = this.nextToken++;
    const data = buildPayload(dep, this.state.values, this.config.components);
    const echo = this.startEcho(dep);
    this.setJob(dep.id, { type: 'submitted', at: this.now() });
    const outputs: RunOutputs = { last: dep.outputs.map((id) => this.state.values.get(id)), echo };
    let handle: RunHandle;
    try {
      handle = this.endpoint.run(dep, data, this.handlers(dep, token, outputs), eventData);
    } catch (error) {
      this.setJob(dep.id, { type: 'failed', message: runFailureMessage(error), title: null });
      this.endEcho(echo, false);
      return;
    }
    this.runs.set(dep.id, { token, handle, outputs });
    handle.done.then(
      () => this.finish(dep, token, null),
      (error: unknown) => this.finish(dep, token, error),
    );
  }

  /**
   * Whether `dep` may start now: a run already active is left alone (`once`) or run once more
   * after it (`always_last`); a required input left empty stops it (said when `asked`).
   */
  private mayRun(dep: Dependency, asked: boolean): boolean {
    if (isActive(this.job(dep.id))) {
      if (dep.triggerMode === 'once') return false;
      if (dep.triggerMode === 'always_last') {
        this.rerun.add(dep.id);
        return false;
      }
    }
    const missing = missingInputs(dep, this.state.values, this.config.components);
    if (missing.size === 0) return true;
    if (asked) this.store.update({ missing: new Map([...this.state.missing, ...missing]) });
    return false;
  }

  /** What the run of `token` hears from the server; a later run of the same dependency makes it stale. */
  private handlers(dep: Dependency, token: number, outputs: RunOutputs): RunHandlers {
    const current = (): boolean => !this.disposed && this.runs.get(dep.id)?.token === token;
    return {
      onStatus: (event) => {
        if (current()) this.setJob(dep.id, event);
      },
      onData: (data) => {
        if (!this.disposed) this.applyData(dep, data, outputs);
      },
      onEventId: (eventId) => {
        if (current()) this.eventIds.set(dep.id, eventId);
      },
    };
  }

  /** A chat message: shown in the log at once, and the box emptied when the run writes it too. */
  private startEcho(dep: Dependency): ChatEcho | null {
    const echo = chatEcho(dep, this.state.values, this.config.components);
    if (echo) this.store.update(echoShown(this.state, echo));
    return echo;
  }

  /** The run wrote the conversation, or ended: the echo goes (see echoEnded). */
  private endEcho(echo: ChatEcho | null, wrote: boolean): void {
    const patch = echo && echoEnded(this.state, echo, wrote);
    if (patch) this.store.update(patch);
  }

  private finish(dep: Dependency, token: number, error: unknown): void {
    const run = this.runs.get(dep.id);
    if (this.disposed || run?.token !== token) return;
    const job = this.job(dep.id);
    if (job.stage === 'cancelling') this.setJob(dep.id, { type: 'cancelled' });
    else if (isActive(job))
      this.setJob(dep.id, { type: 'failed', message: error === null ? CLOSED_EARLY : runFailureMessage(error), title: null });
    this.runs.delete(dep.id);
    this.endEcho(run.outputs.echo, false);
    // Followers read the values the run's outputs left (its data events came before `done`).
    for (const next of followersAfter(this.chains, dep.id, this.job(dep.id).stage)) this.run(next);
    if (this.rerun.delete(dep.id)) this.run(dep);
  }

  private applyData(dep: Dependency, data: readonly unknown[], run: RunOutputs): void {
    // Only what this run changed: a stream that yields the same '' for a box on every token leaves
    // what the user types there alone (Gradio streams diffs, to the same effect).
    const fresh = onlyChanged(run.last, data);
    run.last = data;
    const result = applyOutputs(this.state.values, this.state.overrides, dep, fresh);
    this.store.update({ values: result.values, overrides: result.overrides });
    const { echo } = run;
    const chat = echo ? dep.outputs.indexOf(echo.chatbot) : -1;
    if (echo && chat < fresh.length && fresh[chat] === data[chat]) {
      // The function wrote the conversation (with the message in it): the echo has done its job.
      run.echo = null;
      this.endEcho(echo, true);
    }
    // Gradio fires `change` for programmatic updates too; a dependency never re-triggers itself.
    for (const id of result.changed) {
      for (const next of this.triggers.dependenciesFor(id, 'change')) if (next !== dep) this.run(next);
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
      this.store.update({ jobs, toasts });
      return;
    }
    const toast = toastForFailure(this.nextToast++, depId, after.message, after.title);
    this.store.update(toast ? { jobs, toasts: pushToast(this.state.toasts, toast) } : { jobs });
    if (failureKind(after.message) === 'connection') this.options.onConnectionError?.();
  }
}
