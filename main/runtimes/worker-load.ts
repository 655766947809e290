import type { AppError } from '../../preload/shared/errors.js';
import type { DownloadProgress, LoadedModelInfo } from './runtime.js';

type DownloadListener = (progress: DownloadProgress) => void;

/**
 * One start of a worker, from `open` to `loaded` or its failure: the promise every `load()` caller
 * (and the queued jobs) wait on, who hears its download progress, and the start deadline, which
 * gives up on a worker that never says hello (stuck importing a native module, say).
 */
export class LoadAttempt {
  readonly promise: Promise<LoadedModelInfo>;
  private readonly listeners: Set<DownloadListener>;
  private readonly startTimer: NodeJS.Timeout;
  private resolve: (info: LoadedModelInfo) => void = () => undefined;
  private reject: (error: AppError) => void = () => undefined;

  constructor(listeners: readonly (DownloadListener | undefined)[], startTimeoutMs: number, onStartTimeout: () => void) {
    this.listeners = new Set(listeners.filter((listener) => listener !== undefined));
    this.startTimer = setTimeout(onStartTimeout, startTimeoutMs);
    this.promise = new Promise<LoadedModelInfo>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Failures also reach queued jobs; this keeps an unobserved load from being an unhandled rejection.
    this.promise.catch(() => undefined);
  }

  listen(listener: DownloadListener): void {
    this.listeners.add(listener);
  }

  download(progress: DownloadProgress): void {
    for (const listener of this.listeners) listener(progress);
  }

  /** The worker said hello: it started in time, whatever its load takes. */
  started(): void {
    clearTimeout(this.startTimer);
  }

  settle(outcome: { info: LoadedModelInfo } | { error: AppError }): void {
    clearTimeout(this.startTimer);
    if ('info' in outcome) this.resolve(outcome.info);
    else this.reject(outcome.error);
  }
}
