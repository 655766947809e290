import type { Logger } from '../common/logger.js';
import type { RestartPolicy } from './restart-policy.js';
import type { DownloadProgress } from './runtime.js';
import type { CallHandler } from './worker-calls.js';
import type { OutputLimits } from './worker-output.js';
import type { WorkerSpec } from './worker-protocol.js';
import type { WorkerState } from './worker-state.js';
import type { WorkerTransport } from './worker-transport.js';

export interface WorkerHostOptions {
  readonly spec: WorkerSpec;
  readonly logger?: Logger;
  /** How the worker is started and reached (default: a child process of this one, worker-process.ts). */
  readonly transport?: WorkerTransport;
  /** Answers `ctx.models.x(...)` / `ctx.call(...)` from JS functions in the worker. */
  readonly handleCall?: CallHandler;
  /** How long a cancelled job may take to stop before the worker is killed (default 2000 ms). */
  readonly cancelGraceMs?: number;
  readonly restartPolicy?: Partial<RestartPolicy>;
  /** V8 heap limit of the child in MiB (native allocations, e.g. onnxruntime's, are not covered). */
  readonly memoryLimitMb?: number;
  /**
   * Kill the child when its resident memory passes this many MiB (native memory included), failing
   * its jobs with LIMIT_EXCEEDED naming `limits.memoryMb` and the functions that were running.
   */
  readonly watchMemoryMb?: number;
  /** How often the resident memory is read (default 100 ms on Linux, 1 s elsewhere). */
  readonly memoryWatchIntervalMs?: number;
  /** How much of the child's stdout/stderr reaches the log (lines are logged at info). */
  readonly output?: Partial<OutputLimits>;
  /** How long a clean shutdown may take before the child is killed (default 1000 ms). */
  readonly shutdownTimeoutMs?: number;
  /** How long a new process may take to start listening (not to load its model) (default 30 s). */
  readonly startTimeoutMs?: number;
  readonly onStateChange?: (state: WorkerState) => void;
  /** Download progress of every load, lazy loads and restarts included. */
  readonly onDownload?: (progress: DownloadProgress) => void;
}
