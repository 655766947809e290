import type { MetricsHistoryAnswer } from '../../../preload/shared/metrics/metrics-api.js';
import type { MetricsHistory } from '../../metrics-history/metrics-history.js';
import { RESOLUTIONS, type Resolution } from '../../metrics-history/metrics-row.js';
import { sendLoginPage, type LoginHelp } from '../editor/editor-page.js';
import { HttpError } from '../http-error.js';
import { assertOwner, type OwnerAuth } from '../owner/owner-auth.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { sendDashboardPage } from './dashboard-page.js';

/**
 * Metrics over time, for the owner only (the local surface; a share link has neither route):
 *
 *   GET /dashboard                    the dashboard page (renderer/dashboard/)
 *   GET /api/metrics/history?from&to&event&resolution
 *                                     { project, sampleMs, now, resolution, bucketMs, events, rows }
 *                                     from/to: ms since the epoch (default the last 15 minutes);
 *                                     resolution: raw | minute | hour | auto (default: the finest
 *                                     that gives at most ~1,500 points per event)
 *   GET /api/metrics/history?since=t  live polling: the raw rows from t on
 */

export interface MetricsRoutesOptions {
  /** Null when the server keeps no history (no store); the routes then say so. */
  readonly history: MetricsHistory | null;
  readonly owner: OwnerAuth | undefined;
  readonly adminToken: string;
  readonly rendererDir: string | undefined;
}

const DASHBOARD_LOGIN_HELP: LoginHelp = {
  title: 'demo-desktop: dashboard',
  heading: 'The dashboard is for the person running this demo',
  howHtml: `Open it from the demo's window in demo-desktop (the Dashboard link), or sign in first with the owner link
that <code>demo-desktop serve</code> printed. The demo itself works without one: go to <a href="/">the demo</a>.`,
};

const MAX_POINTS = 1_500;
const DEFAULT_SPAN_MS = 15 * 60_000;

function timeParam(rc: RequestContext, name: string, fallback: number): number {
  const raw = rc.query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new HttpError(400, `${name} must be a time in ms since the epoch (a whole number), not "${raw}".`);
  }
  return value;
}

/** The bucket length for a resolution; auto picks the finest with at most MAX_POINTS buckets. */
export function bucketFor(resolution: string, spanMs: number, sampleMs: number): { resolution: Resolution; bucketMs: number } {
  if (resolution === 'auto') {
    if (spanMs / sampleMs <= MAX_POINTS) return { resolution: 'raw', bucketMs: 0 };
    if (spanMs / RESOLUTIONS.minute <= MAX_POINTS) return { resolution: 'minute', bucketMs: RESOLUTIONS.minute };
    return { resolution: 'hour', bucketMs: RESOLUTIONS.hour };
  }
  if (!(resolution in RESOLUTIONS)) {
    throw new HttpError(400, `resolution must be raw, minute, hour or auto, not "${resolution}".`);
  }
  return { resolution: resolution as Resolution, bucketMs: RESOLUTIONS[resolution as Resolution] };
}

function answerHistory(rc: RequestContext, history: MetricsHistory): void {
  const now = Date.now();
  const since = rc.query.get('since');
  const to = timeParam(rc, 'to', now + 1);
  const from = since !== null ? timeParam(rc, 'since', 0) : timeParam(rc, 'from', to - DEFAULT_SPAN_MS);
  if (from >= to) throw new HttpError(400, `from (${from}) must be before to (${to}).`);
  const event = rc.query.get('event') ?? undefined;
  const { resolution, bucketMs } =
    since !== null
      ? { resolution: 'raw' as const, bucketMs: 0 }
      : bucketFor(rc.query.get('resolution') ?? 'auto', to - from, history.sampleMs);
  const rows = history.repository.query({
    project: history.project,
    from,
    to,
    bucketMs,
    ...(event !== undefined && event !== '' ? { event } : {}),
  });
  const answer: MetricsHistoryAnswer = {
    project: history.project,
    sampleMs: history.sampleMs,
    now,
    resolution,
    bucketMs,
    events: history.events(),
    rows: rows.map(({ project: _project, ...row }) => row),
  };
  sendJson(rc.res, 200, answer);
}

export function registerMetricsRoutes(router: Router, options: MetricsRoutesOptions): void {
  const { history, owner, adminToken } = options;
  router.add('GET', /^\/dashboard\/?$/, async (rc) => {
    if (owner?.isOwner(rc.req) !== true) {
      sendLoginPage(rc.res, 'This page shows how the demo has been doing; only its owner may see it.', DASHBOARD_LOGIN_HELP);
      return;
    }
    await sendDashboardPage(rc.res, options.rendererDir);
  });
  router.add('GET', /^\/api\/metrics\/history\/?$/, (rc) => {
    assertOwner(rc.req, owner, adminToken);
    if (!history) throw new HttpError(404, 'This server keeps no metrics history (it runs without a store, e.g. with --no-history).');
    answerHistory(rc, history);
  });
}
