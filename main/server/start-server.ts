import { randomBytes, randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { silentLogger, type Logger } from '../common/logger.js';
import type { Engine } from '../engine/types.js';
import { API_PREFIX } from './gradio/config-schema.js';
import { CallStore } from './gradio/call-store.js';
import type { GradioContext } from './gradio/context.js';
import type { GradioQueue } from './gradio/gradio-queue.js';
import { LocalGradioQueue } from './gradio/local-queue.js';
import { FileStore } from './gradio/file-store.js';
import { SessionRegistry } from './gradio/queue-session.js';
import { registerCallRoutes } from './gradio/routes-call.js';
import { registerFileRoutes } from './gradio/routes-files.js';
import { registerMetaRoutes } from './gradio/routes-meta.js';
import { registerQueueRoutes } from './gradio/routes-queue.js';
import { registerRunRoutes } from './gradio/routes-run.js';
import { StreamLimits } from './gradio/stream-limits.js';
import { Uploads } from './gradio/uploads.js';
import { DeviceCache } from './admin/device-cache.js';
import { registerDeviceRoutes } from './admin/routes-devices.js';
import { registerEngineRoutes } from './admin/routes-engine.js';
import { DEFAULT_JSON_LIMIT } from './body.js';
import type { BodyGuardSettings } from './body-guard.js';
import { HostGuard } from './host-guard.js';
import { createRequestHandler } from './request-handler.js';
import { Router } from './router.js';
import { StaticFiles } from './static-files.js';
import { EDITOR_HTML } from './editor/editor-page.js';
import { HOME_HTML } from './home/home-page.js';
import { OWNER_LOGIN_PATH, OwnerAuth } from './owner/owner-auth.js';
import { registerOwnerRoutes } from './owner/routes-owner.js';
import { registerShareRoutes } from './share/routes-share.js';
import type { ShareController } from '../sharing/share-controller.js';
import { registerHistoryRoutes, type HistoryRouteDeps } from './history/routes-history.js';
import { MetricsHistory } from '../metrics-history/metrics-history.js';
import { DASHBOARD_HTML } from './metrics/dashboard-page.js';
import { registerMetricsRoutes } from './metrics/routes-metrics.js';
import { requestLimits, sessionTiming, uploadLimits, type StartServerOptions } from './server-options.js';

export type { StartServerOptions } from './server-options.js';

/** The HTTP server: Gradio's client protocol plus the demo page, bound to loopback by default. */

export interface RunningServer {
  /** `http://host:port/`, the BASE clients connect to. */
  readonly url: string;
  readonly port: number;
  /** Add hosts (a tunnel's public name) at run time. */
  readonly hostGuard: HostGuard;
  /** The admin secret in force (the option, or the one generated for this launch). */
  readonly adminToken: string;
  /** What a share link may reach, for the share gate (main/server/share/): the demo and nothing else. */
  readonly share: ShareSurface;
  /** A fresh one-time link that makes the browser that opens it the owner's window (owner-auth.ts). */
  ownerLoginUrl(): string;
  /** The share controller `options.sharing` made, if any. */
  readonly sharing?: ShareController;
  /** Ends streams, cancels this server's jobs, closes every connection; leaves no handles open. */
  close(): Promise<void>;
}

/**
 * The running demo's public half: the same context (scheduler, sessions, files, limits) and the
 * same route registration as the local server, with the local-only routes left out.
 */
export interface ShareSurface {
  /** Registers the demo's public routes (Gradio API, public estimate, /metrics only when project.json makes it public). */
  registerRoutes(router: Router): void;
  readonly staticFiles: StaticFiles;
  readonly bodyGuard: BodyGuardSettings;
  readonly logger: Logger;
  /** The served file folders, to know which paths a response handed to a visitor. */
  readonly files: Pick<FileStore, 'uploadRoot' | 'outputRoot'>;
  /** Options of the local server's http.Server (header timeouts), for the gate's own. */
  readonly serverOptions: typeof SERVER_TIMEOUTS;
}

/** Slow headers are cut after this (Node's default is 60 s), checked every 5 s: slowloris gets ~20-25 s, as slow bodies do. */
const SERVER_TIMEOUTS = { headersTimeout: 20_000, connectionsCheckingInterval: 5_000 };

/** project.json `allowedPaths` as absolute paths (judged by real path when an output names them). */
function allowedPaths(engine: Engine): string[] {
  return engine.loaded.project.allowedPaths.map((entry) => path.resolve(engine.loaded.dir, entry));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * The routes of one surface: `local` (this computer: everything, admin routes behind the admin
 * token) or `share` (a share link's visitors: the demo only, never the admin routes, and the app
 * window's token means nothing).
 */
function registerRoutes(
  router: Router,
  ctx: GradioContext,
  surface: 'local' | 'share',
  adminToken: string,
  history: HistoryRouteDeps['history'],
): void {
  const shared = surface === 'share';
  // A visitor can never be the app window or the owner: the context they see has no app token and no owner sign-in,
  // and its runs are recorded as a visitor's.
  const routeCtx: GradioContext = shared
    ? (Object.create(ctx, { appToken: { value: undefined }, owner: { value: undefined }, surface: { value: 'share' } }) as GradioContext)
    : ctx;
  registerOwnerRoutes(router, routeCtx.owner);
  registerHistoryRoutes(router, {
    surface,
    owner: routeCtx.owner,
    adminToken,
    engine: ctx.engine,
    files: ctx.files,
    uploads: ctx.uploads,
    history,
  });
  registerMetaRoutes(router, routeCtx);
  registerQueueRoutes(router, routeCtx);
  registerFileRoutes(router, routeCtx);
  registerRunRoutes(router, routeCtx);
  registerCallRoutes(router, routeCtx);
  const devices = new DeviceCache();
  registerEngineRoutes(router, {
    engine: ctx.engine,
    adminToken,
    appToken: routeCtx.appToken,
    owner: routeCtx.owner,
    devices,
    // Read per request: the editor's preview engine changes its project while the server runs.
    metricsPublic: () => ctx.engine.loaded.project.metrics.public,
    publicOnly: shared,
  });
  if (!shared) registerDeviceRoutes(router, devices, adminToken);
}

async function shutdown(server: Server, ctx: GradioContext): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await ctx.queue.close();
  ctx.streams.endAll();
  server.closeAllConnections();
  await closed;
  // The jobs' history records (their file copies) are queued before their uploads go.
  await ctx.history?.settled();
  await ctx.uploads.close();
}

/** What a client on this computer connects to when the server listens on every address. */
const WILDCARD_HOSTS: Readonly<Record<string, string>> = { '0.0.0.0': '127.0.0.1', '::': '[::1]' };

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = (options.logger ?? silentLogger).child('server');
  const files = await FileStore.create({
    uploadDir: path.join(options.dataDir, 'uploads'),
    outputDir: path.join(options.dataDir, 'outputs'),
    runDir: path.join(options.dataDir, 'runs'),
    incomingDir: path.join(options.dataDir, 'incoming'),
  });
  const limits = requestLimits(options);
  const upload = uploadLimits(options);
  const uploads = new Uploads({ files, limits: upload, logger });
  const timing = sessionTiming(options);
  let port = options.port ?? 0;
  const owner = new OwnerAuth({
    port: () => port,
    ...(options.appToken !== undefined ? { appToken: options.appToken } : {}),
    ...(options.ownerLinkTtlMs !== undefined ? { tokenTtlMs: options.ownerLinkTtlMs } : {}),
  });
  let queue: GradioQueue | undefined;
  const ctx: GradioContext = {
    engine: options.engine,
    files,
    // Made once below, from this context (a getter: the context is what it is made from).
    get queue(): GradioQueue {
      queue ??= options.queue?.(ctx) ?? new LocalGradioQueue(() => ctx);
      return queue;
    },
    uploads,
    // A session whose client is gone (or that is forgotten) takes its uploads with it.
    sessions: new SessionRegistry(undefined, timing, (hash) => uploads.endSession(hash)),
    calls: new CallStore(),
    jobs: new Set(),
    streams: new StreamLimits(limits.streams, (hash) => ctx.sessions.has(hash)),
    showError: options.showError ?? true,
    maxFileSize: upload.maxFileSize,
    appId: randomInt(2 ** 47),
    heartbeatMs: options.heartbeatMs ?? 15_000,
    get allowedPaths() {
      return allowedPaths(options.engine);
    },
    logger,
    appToken: options.appToken,
    owner,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_JSON_LIMIT,
    maxStreamsPerSession: options.maxStreamsPerSession ?? 4,
    surface: 'local',
    history: options.history,
  };
  const adminToken = options.adminToken ?? randomBytes(32).toString('hex');
  const router = new Router();
  registerRoutes(router, ctx, 'local', adminToken, options.historyStore);
  const metrics = options.metricsHistory ? new MetricsHistory({ ...options.metricsHistory, engine: options.engine, logger }).start() : null;
  // Local surface only: a share link's visitors never reach the dashboard or its API.
  registerMetricsRoutes(router, { history: metrics, owner, adminToken, rendererDir: options.rendererDir });
  const hostGuard = new HostGuard(() => port, options.allowedHosts ?? []);
  // The editor's and the home screen's pages are served only by their own server (main/server/editor/), never by a demo server.
  const staticFiles = await StaticFiles.open(options.rendererDir, {
    frameAncestors: options.frameAncestors ?? [],
    hidden: [EDITOR_HTML, HOME_HTML, DASHBOARD_HTML],
  });
  const bodyGuard = limits.body;
  const handler = createRequestHandler({ router, hostGuard, staticFiles, apiPrefixes: [API_PREFIX, '/api'], logger, bodyGuard });
  const server = createServer(SERVER_TIMEOUTS, handler);
  port = await listen(server, port, host);
  // Bound to every address (0.0.0.0, ::), clients on this computer use loopback: the Host guard
  // refuses "0.0.0.0" (browsers let any site reach it), so a printed http://0.0.0.0:PORT would answer 403.
  const shownHost = WILDCARD_HOSTS[host] ?? (host.includes(':') ? `[${host}]` : host);
  const url = `http://${shownHost}:${port}/`;
  logger.debug('listening', { url }); // the CLI prints `Running on <url>` itself
  let closing: Promise<void> | null = null;
  const share: ShareSurface = {
    registerRoutes: (shareRouter) => registerRoutes(shareRouter, ctx, 'share', adminToken, options.historyStore),
    staticFiles,
    bodyGuard,
    logger,
    files,
    serverOptions: SERVER_TIMEOUTS,
  };
  const sharing = options.sharing?.(share);
  // Local surface only: the share surface's router is built by registerRoutes above, without these.
  if (sharing) registerShareRoutes(router, { controller: sharing, owner, adminToken });
  return {
    url,
    port,
    hostGuard,
    adminToken,
    ownerLoginUrl: () => `${url.slice(0, -1)}${OWNER_LOGIN_PATH}?token=${owner.issueToken()}`,
    share,
    ...(sharing ? { sharing } : {}),
    // The share ends first (its gate serves through this server's context); a failing stop must not keep the server up.
    close: () =>
      (closing ??= (sharing?.stop().catch(() => undefined) ?? Promise.resolve())
        .then(() => shutdown(server, ctx))
        .then(() => metrics?.stop())),
  };
}
