import type { LogLevel, ProgressUpdate } from '../runtimes/runtime.js';
import type { App } from '../project/normalize.js';
import type { LoadedProject } from '../project/load.js';

/** What the HTTP server (and anything else) needs from the engine: the app and a way to run events. */
export interface RunCallbacks {
  readonly onProgress?: (update: ProgressUpdate) => void;
  readonly onLog?: (message: string, level: LogLevel) => void;
  /** Intermediate output values (one per event output) from streaming functions. */
  readonly onPartial?: (outputs: unknown[]) => void;
  /** The job left the queue and started running. */
  readonly onStart?: () => void;
}

export interface RunRequest extends RunCallbacks {
  /** Gradio fn_index (= App.events index). */
  readonly eventIndex: number;
  /** One value per event input, in order, already post-processed to plain values. */
  readonly inputs: readonly unknown[];
  readonly signal: AbortSignal;
  /** The caller's session; used for fairness later. */
  readonly sessionId?: string;
}

export interface Engine {
  readonly loaded: LoadedProject;
  readonly app: App;
  /** Runs an event's function through the scheduler; resolves to one value per event output. */
  run(request: RunRequest): Promise<unknown[]>;
  /** Queue snapshot for ETA/status messages. */
  queueStatus(eventIndex: number): { queued: number; running: number; meanRunMs: number | null };
  dispose(): Promise<void>;
}
