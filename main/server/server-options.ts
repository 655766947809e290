import type { Logger } from '../common/logger.js';
import type { Engine } from '../engine/types.js';
import type { MetricsHistoryOptions } from '../metrics-history/metrics-history.js';
import type { ShareController } from '../sharing/share-controller.js';
import type { HistoryRecorder } from '../store/history-recorder.js';
import { DEFAULT_BODY_GUARD, type BodyGuardSettings } from './body-guard.js';
import type { GradioContext } from './gradio/context.js';
import type { GradioQueue } from './gradio/gradio-queue.js';
import { DEFAULT_SESSION_TIMING, RECONNECT_MS, type SessionTiming } from './gradio/queue-session.js';
import type { StreamLimitSettings } from './gradio/stream-limits.js';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './gradio/upload-limits.js';
import type { HistoryRouteDeps } from './history/routes-history.js';
import type { ShareSurface } from './start-server.js';

/**
 * What `startServer` takes (start-server.ts), and the settings derived from it: upload limits,
 * stream and body limits, the session streams' timing, each the option or its default.
 */

export interface StartServerOptions {
  readonly engine: Engine;
  /** Default 127.0.0.1: the demo is not reachable from the network unless asked for. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The built React runner, served at GET / and below; without it GET / explains how to build it. */
  readonly rendererDir?: string;
  /**
   * Origins whose pages may show the runner page in a frame (CSP `frame-ancestors`): the editor's,
   * for its live preview. Default none: no page may frame it (X-Frame-Options DENY).
   */
  readonly frameAncestors?: readonly string[];
  /** Uploads (`<dataDir>/uploads`), served outputs (`<dataDir>/outputs`) and per-job folders (`<dataDir>/runs`). */
  readonly dataDir: string;
  readonly logger?: Logger;
  /** Show internal error messages to API callers (Gradio's show_error). Default true. */
  readonly showError?: boolean;
  /** Extra Host header values to accept besides loopback names, e.g. a share tunnel's host. */
  readonly allowedHosts?: readonly string[];
  /** Largest uploaded file in bytes (Gradio's max_file_size); default 100 MiB. One more byte gets 413. */
  readonly maxFileSize?: number;
  /** Files in one upload request; default 1,000 (Gradio's). One more gets 413. */
  readonly maxFilesPerUpload?: number;
  /** Upload requests received at once, all clients together; default 32. One more gets 429. */
  readonly maxConcurrentUploads?: number;
  /** Upload requests received at once from one client (network address); default 8. One more gets 429. */
  readonly maxConcurrentUploadsPerClient?: number;
  /** Disk all uploads may use together (kept and arriving); default 4 GiB. A byte more gets 507. */
  readonly maxUploadBytes?: number;
  /** Disk one client's uploads may use, its sessions' files included; default 1 GiB. A byte more gets 507. */
  readonly maxUploadBytesPerClient?: number;
  /**
   * How long an upload nothing uses is kept: after it arrived if no call used it, after its
   * session's last job otherwise; default 10 minutes. A session whose client disconnects loses its
   * uploads at once; a running job's files are never deleted.
   */
  readonly uploadRetentionMs?: number;
  /**
   * A secret the desktop window sends in the `x-demo-desktop-app` header; its jobs run before
   * API callers and share-link visitors. Without it every caller has the same priority.
   */
  readonly appToken?: string;
  /** Keep-alive interval of SSE streams; default 15 s (Gradio's). Tests shorten it. */
  readonly heartbeatMs?: number;
  /**
   * The secret the admin routes (/api/engine/metrics, /api/engine/devices, /metrics) require, as
   * `Authorization: Bearer <token>` or in the app-window header. Default: 32 random bytes (hex),
   * new on every launch. The desktop passes its appToken here too, so its window is admin.
   */
  readonly adminToken?: string;
  /** Limit of JSON request bodies (join, run, call, cancel) in bytes; default 10 MiB. */
  readonly maxBodyBytes?: number;
  /** Open SSE streams of all kinds together; default 1,000 (one more gets 503). */
  readonly maxStreams?: number;
  /**
   * Open SSE streams from one client address (loopback callers share 127.0.0.1); default 200 (one
   * more gets 429). Heartbeats yield to result streams (StreamLimits).
   */
  readonly maxStreamsPerClient?: number;
  /** Heartbeats one client address may hold for sessions that have not called yet; default 32. */
  readonly maxUnknownHeartbeatsPerClient?: number;
  /** A request body must bring `minBodyBytesPerSecond` over every window of this length or be cut (408); default 10 s. */
  readonly bodyTimeoutMs?: number;
  /** Slowest accepted request body, in bytes per second averaged over `bodyTimeoutMs`; default 1,024. */
  readonly minBodyBytesPerSecond?: number;
  /** Open `/queue/data` streams per session; default 4 (one more gets 429). */
  readonly maxStreamsPerSession?: number;
  /**
   * How long a session's `/queue/data` stream stays open once its events are done, so a client
   * calling again soon reuses it; default 1,000 ms. 0 closes at once, as Gradio does.
   */
  readonly streamLingerMs?: number;
  /**
   * How long after a `close_stream` a join is held back (it may have crossed the close); default
   * 50 ms. Tests widen it so "held back" and "answered at once" differ by more than a loaded
   * machine's jitter.
   */
  readonly streamCrossingMs?: number;
  /**
   * How long a status message (`estimation`, `process_starts`) may wait to leave in one write with
   * its session's next message; default 40 ms (DEFAULT_SESSION_TIMING). 0 sends each at once.
   */
  readonly statusHoldMs?: number;
  /**
   * With project.json `queue.cancelOnDisconnect: false`: how long a disconnected session's jobs and
   * results wait for its client to reconnect; default 10 minutes (RECONNECT_MS).
   */
  readonly reconnectMs?: number;
  /** How long an unused owner link (`ownerLoginUrl`) stays good; default 5 minutes. */
  readonly ownerLinkTtlMs?: number;
  /**
   * Makes this demo's share controller from its public half: the owner's Share panel API
   * (`/api/share*`, routes-share.ts) is then on the local surface. serveProject passes one.
   */
  readonly sharing?: (surface: ShareSurface) => ShareController;
  /**
   * The store history is read from, and this project's key in it (its project.json's real path,
   * as the recorder writes it): the History routes (main/server/history/). None: they say history is off.
   */
  readonly historyStore?: HistoryRouteDeps['history'];
  /**
   * Metrics over time (main/metrics-history/): sampled into this store every `sampleMs` while the
   * server runs, shown to the owner at /dashboard. Without it there is no history (the API says so).
   */
  readonly metricsHistory?: Pick<MetricsHistoryOptions, 'store' | 'sampleMs' | 'probe' | 'rollupMs' | 'retention'>;
  /** Records every finished job (main/store/history-recorder.ts); none: nothing is remembered. */
  readonly history?: HistoryRecorder;
  /**
   * Where the Gradio routes' jobs and messages live, made from the server's context: by default
   * this process (LocalGradioQueue: the engine's scheduler, per-session buffers); `serve --queue`
   * passes a shared queue's front (main/server/queue-front/), so that any front answers any session.
   */
  readonly queue?: (ctx: GradioContext) => GradioQueue;
}

export function uploadLimits(options: StartServerOptions): UploadLimits {
  const d = DEFAULT_UPLOAD_LIMITS;
  return {
    maxFileSize: options.maxFileSize ?? d.maxFileSize,
    maxFilesPerUpload: options.maxFilesPerUpload ?? d.maxFilesPerUpload,
    maxConcurrentUploads: options.maxConcurrentUploads ?? d.maxConcurrentUploads,
    maxConcurrentUploadsPerClient: options.maxConcurrentUploadsPerClient ?? d.maxConcurrentUploadsPerClient,
    maxUploadBytes: options.maxUploadBytes ?? d.maxUploadBytes,
    maxUploadBytesPerClient: options.maxUploadBytesPerClient ?? d.maxUploadBytesPerClient,
    uploadRetentionMs: options.uploadRetentionMs ?? d.uploadRetentionMs,
  };
}

/** The stream limits and the slow-body guard: the options, or their defaults (docs/api.md, Limits). */
export function requestLimits(options: StartServerOptions): { streams: StreamLimitSettings; body: BodyGuardSettings } {
  return {
    streams: {
      total: options.maxStreams ?? 1_000,
      perClient: options.maxStreamsPerClient ?? 200,
      unknownHeartbeatsPerClient: options.maxUnknownHeartbeatsPerClient ?? 32,
    },
    body: {
      windowMs: options.bodyTimeoutMs ?? DEFAULT_BODY_GUARD.windowMs,
      minBytesPerSecond: options.minBodyBytesPerSecond ?? DEFAULT_BODY_GUARD.minBytesPerSecond,
    },
  };
}

/** The session streams' timing: the options, or their defaults (queue-session.ts). */
export function sessionTiming(options: StartServerOptions): SessionTiming {
  return {
    ...DEFAULT_SESSION_TIMING,
    lingerMs: options.streamLingerMs ?? DEFAULT_SESSION_TIMING.lingerMs,
    crossingMs: options.streamCrossingMs ?? DEFAULT_SESSION_TIMING.crossingMs,
    statusHoldMs: options.statusHoldMs ?? DEFAULT_SESSION_TIMING.statusHoldMs,
    // A getter, as the server's allowedPaths: the editor's preview engine changes its project while the server runs.
    get reconnectMs() {
      return options.engine.loaded.project.queue.cancelOnDisconnect ? null : (options.reconnectMs ?? RECONNECT_MS);
    },
  };
}
