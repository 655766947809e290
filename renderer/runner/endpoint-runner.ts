import type { SelectData } from '../components/blocks/shared/select-data.js';
import type { Dependency } from './config.js';
import type { JobEvent } from './job-state.js';

/**
 * What the runner page's controller needs from the server: run one dependency, hear its status and
 * data. Injected (the Gradio client in the browser, gradio-endpoint.ts), so tests drive the
 * controller with a fake.
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

/** A run whose event stream ended without an outcome. */
export const CLOSED_EARLY = 'The connection to the server closed before the run finished. Try again.';

/** The message of a run that failed: what was thrown or rejected, else a generic one. */
export function runFailureMessage(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return 'The run failed for an unknown reason.';
}
