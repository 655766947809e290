import { buildChainIndex, followersAfter, type ChainIndex } from './chain.js';
import type { Dependency, RunnerConfig } from './config.js';
import { chatEcho, type ChatEcho } from './chat-echo.js';
import {
  applyOutputs,
  buildPayload,
  buildTriggerIndex,
  loadDependencies,
  onlyChanged,
  triggered,
  type Overrides,
  type TriggerIndex,
} from './dependencies.js';
import { missingInputs } from './required.js';
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
  /** The server's id of the run (event_id), once known: history and flags name runs by it. */
  onEventId?(eventId: string): void;
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
  /** Chatbot id → the message just sent, shown pending until the run writes the conversation. */
  readonly echoes: ReadonlyMap<number, string>;
  /** Input id → why a run did not start ("Upload an image first"), until the input changes. */
  readonly missing: ReadonlyMap<number, string>;
}

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

/** Interface mode's Clear button: the normalizer adds it with this key and no dependency. */
export const CLEAR_KEY = '__clear';

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
    this.state = { values, overrides: new Map(), jobs: new Map(), toasts: [], echoes: new Map(), missing: new Map() };
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

  /**
   * The run a button becomes the Stop button of while that run is active (its first queued click
   * dependency: Submit, Send, Generate), as Gradio's Interface and ChatInterface swap Submit for
   * Stop; null for other components and buttons that start no queued run.
   */
  stopDependency(componentId: number): Dependency | null {
    if (this.config.components.get(componentId)?.type !== 'button') return null;
    return triggered(this.index, componentId, 'click').find((d) => d.queue) ?? null;
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
    for (const dep of loadDependencies(this.index)) this.run(dep);
  }

  /** A user edit: stores the value, then fires `input` and `change`. */
  setValue(id: number, value: unknown): void {
    const missing = this.state.missing.has(id) ? new Map([...this.state.missing].filter(([key]) => key !== id)) : this.state.missing;
    this.update({ values: new Map(this.state.values).set(id, value), missing });
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
    // Only a click or a submit is the user asking for a run: a missing input is worth saying then.
    const asked = event === 'click' || event === 'submit';
    for (const dep of triggered(this.index, id, event)) this.run(dep, eventData, asked);
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
    if (dep) this.run(dep, undefined, true);
  }

  /** Interface mode: every component back to its initial value, finished statuses cleared. */
  clear(): void {
    const values = new Map(this.state.values);
    for (const c of this.config.components.values()) {
      if (c.type !== 'button') values.set(c.id, initialValue(c));
    }
    const jobs = new Map([...this.state.jobs].filter(([, job]) => isActive(job)));
    this.update({ values, overrides: new Map(), jobs, missing: new Map() });
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

  /**
   * Starts a run of `dep` with the current values. `asked`: the user clicked or pressed Enter, so
   * an empty required input is pointed out rather than silently skipped.
   */
  private run(dep: Dependency, eventData?: SelectData, asked = false): void {
    if (this.disposed) return;
    if (isActive(this.job(dep.id))) {
      if (dep.triggerMode === 'once') return;
      if (dep.triggerMode === 'always_last') {
        this.rerun.add(dep.id);
        return;
      }
    }
    const missing = missingInputs(dep, this.state.values, this.config.components);
    if (missing.size > 0) {
      if (asked) this.update({ missing: new Map([...this.state.missing, ...missing]) });
      return;
    }
    const token = this.nextToken++;
    const current = (): boolean => !this.disposed && this.runs.get(dep.id)?.token === token;
    const data = buildPayload(dep, this.state.values, this.config.components);
    const echo = this.startEcho(dep);
    this.setJob(dep.id, { type: 'submitted', at: this.now() });
    const outputs: RunOutputs = { last: dep.outputs.map((id) => this.state.values.get(id)), echo };
    let handle: RunHandle;
    try {
      handle = this.endpoint.run(
        dep,
        data,
        {
          onStatus: (event) => {
            if (current()) this.setJob(dep.id, event);
          },
          onData: (data) => {
            if (!this.disposed) this.applyData(dep, data, outputs);
          },
          onEventId: (eventId) => {
            if (current()) this.eventIds.set(dep.id, eventId);
          },
        },
        eventData,
      );
    } catch (error) {
      this.setJob(dep.id, { type: 'failed', message: describeError(error), title: null });
      this.endEcho(echo, false);
      return;
    }
    this.runs.set(dep.id, { token, handle, outputs });
    handle.done.then(
      () => this.finish(dep, token, null),
      (error: unknown) => this.finish(dep, token, error),
    );
  }

  /** A chat message: shown in the log at once, and the box emptied when the run writes it too. */
  private startEcho(dep: Dependency): ChatEcho | null {
    const echo = chatEcho(dep, this.state.values, this.config.components);
    if (!echo) return null;
    const values = echo.clearsBox ? new Map(this.state.values).set(echo.box, '') : this.state.values;
    this.update({ values, echoes: new Map(this.state.echoes).set(echo.chatbot, echo.text) });
    return echo;
  }

  /**
   * The run wrote the conversation, or ended: the echo goes. A run that ended before writing it
   * (failed, stopped) gives the text back to the box, unless the user typed something new there.
   */
  private endEcho(echo: ChatEcho | null, wrote: boolean): void {
    if (!echo || this.state.echoes.get(echo.chatbot) !== echo.text) return;
    const echoes = new Map(this.state.echoes);
    echoes.delete(echo.chatbot);
    const giveBack = !wrote && echo.clearsBox && this.state.values.get(echo.box) === '';
    this.update(giveBack ? { echoes, values: new Map(this.state.values).set(echo.box, echo.text) } : { echoes });
  }

  private finish(dep: Dependency, token: number, error: unknown): void {
    const run = this.runs.get(dep.id);
    if (this.disposed || run?.token !== token) return;
    const job = this.job(dep.id);
    if (job.stage === 'cancelling') this.setJob(dep.id, { type: 'cancelled' });
    else if (isActive(job)) {
      this.setJob(dep.id, { type: 'failed', message: error === null ? CLOSED_EARLY : describeError(error), title: null });
    }
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
    this.update({ values: result.values, overrides: result.overrides });
    const { echo } = run;
    const chat = echo ? dep.outputs.indexOf(echo.chatbot) : -1;
    if (echo && chat < fresh.length && fresh[chat] === data[chat]) {
      // The function wrote the conversation (with the message in it): the echo has done its job.
      run.echo = null;
      this.endEcho(echo, true);
    }
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
