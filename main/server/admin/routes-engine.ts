import type { Engine } from '../../engine/types.js';
import type { DeviceReport } from '../../gpu/device-report.js';
import { callerPriority } from '../gradio/context.js';
import { SESSION_HASH } from '../gradio/requests.js';
import { HttpError } from '../http-error.js';
import type { OwnerAuth } from '../owner/owner-auth.js';
import { sendJson, sendText } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { assertAdmin } from './admin-auth.js';
import type { DeviceCache } from './device-cache.js';
import { PROMETHEUS_CONTENT_TYPE, renderPrometheus } from './prometheus.js';

/**
 * demo-desktop's own engine API (camelCase, not Gradio's).
 *
 *   GET /api/estimate/{apiName}[?session_hash=]
 *                                 public: { rank, queueSize, slotFree, coldStart, etaMs, etaRangeMs, runMs }
 *                                 "before you submit", for
 *                                 this caller: the app's window (app token) ranks as the app, a
 *                                 session_hash counts that session's waiting jobs (round-robin)
 *   GET /api/engine/metrics       admin:  { queue: {queued, running}, events: {apiName: KeyMetrics} }
 *   GET /metrics                  admin, or public when project.json says metrics.public:
 *                                 Prometheus text format (see prometheus.ts)
 *
 * Admin means a local request carrying the per-launch admin token (admin-auth.ts).
 */

export interface EngineRoutesOptions {
  readonly engine: Engine;
  readonly adminToken: string;
  /** The app window's token: its estimates rank it as the app (high priority). */
  readonly appToken: string | undefined;
  /** The owner's sign-in: its estimates rank it as the app too. */
  readonly owner: OwnerAuth | undefined;
  readonly devices: DeviceCache;
  /** project.json `metrics.public` (asked per request): /metrics without the token (still Host-checked). */
  readonly metricsPublic: () => boolean;
  /**
   * A share link's surface: only the public estimate, and /metrics while project.json makes it
   * public; the admin routes do not exist there (404), whatever token a request carries.
   */
  readonly publicOnly?: boolean;
}

/** How long /metrics waits for device detection before answering without device gauges. */
const DEVICE_WAIT_MS = 2_000;

async function deviceReportWithin(devices: DeviceCache, ms: number): Promise<DeviceReport | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([devices.report().catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerEngineRoutes(router: Router, options: EngineRoutesOptions): void {
  const { engine, adminToken } = options;
  router.add('GET', /^\/api\/estimate\/(?<api>[A-Za-z_][A-Za-z0-9_]*)\/?$/, (rc) => {
    const event = engine.app.events.find((e) => e.apiName === rc.params.api && e.apiVisibility !== 'private');
    if (!event) throw new HttpError(404, `No endpoint /${rc.params.api ?? ''}. See GET /gradio_api/info.`);
    const sessionId = rc.query.get('session_hash') ?? undefined;
    if (sessionId !== undefined && !SESSION_HASH.test(sessionId)) {
      throw new HttpError(
        400,
        'session_hash must be 1-128 letters, digits, "_" or "-" (the session_hash your client joins the queue with).',
      );
    }
    const caller = { priority: callerPriority(options, rc.req), ...(sessionId !== undefined ? { sessionId } : {}) };
    const { rank, queueSize, slotFree, coldStart, etaMs, etaRangeMs, runMs } = engine.estimate(event.index, caller);
    // Only what a visitor needs to decide whether to wait; nothing about other callers or the machine.
    sendJson(rc.res, 200, {
      rank,
      queueSize,
      slotFree,
      coldStart,
      etaMs,
      etaRangeMs: etaRangeMs && { lowMs: etaRangeMs.lowMs, highMs: etaRangeMs.highMs },
      runMs: runMs && { meanMs: runMs.meanMs, lowMs: runMs.lowMs, highMs: runMs.highMs, samples: runMs.samples },
    });
  });
  const sendMetrics = async (rc: RequestContext): Promise<void> => {
    const devices = await deviceReportWithin(options.devices, DEVICE_WAIT_MS);
    sendText(rc.res, 200, renderPrometheus({ queue: engine.queueStatus(), events: engine.metrics(), devices }), PROMETHEUS_CONTENT_TYPE);
  };
  if (options.publicOnly) {
    router.add('GET', /^\/metrics\/?$/, async (rc) => {
      if (!options.metricsPublic()) throw new HttpError(404, 'Not Found');
      await sendMetrics(rc);
    });
    return;
  }
  router.add('GET', /^\/api\/engine\/metrics\/?$/, (rc) => {
    assertAdmin(rc.req, adminToken);
    sendJson(rc.res, 200, { queue: engine.queueStatus(), events: engine.metrics() });
  });
  router.add('GET', /^\/metrics\/?$/, async (rc) => {
    if (!options.metricsPublic()) assertAdmin(rc.req, adminToken);
    await sendMetrics(rc);
  });
}
