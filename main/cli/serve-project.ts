import { randomBytes } from 'node:crypto';
import { realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import { createEngine } from '../engine/create-engine.js';
import type { Engine } from '../engine/types.js';
import { loadProject, type LoadedProject } from '../project/load.js';
import type { DownloadProgress } from '../runtimes/runtime.js';
import { createDataDir, removeStaleDataDirs } from '../server/data-dirs.js';
import type { GradioContext } from '../server/gradio/context.js';
import { FrontEngine } from '../server/queue-front/front-engine.js';
import { blobOptionsFromEnv } from '../blobs/queue-blob-store.js';
import { connectRedisFront, type RedisFront } from '../server/queue-front/redis-front.js';
import { startServer, type ShareSurface } from '../server/start-server.js';
import { appDataDir } from '../common/app-data-dir.js';
import { packageRoot } from '../common/package-root.js';
import type { HistoryRecorder } from '../store/history-recorder.js';
import type { Store } from '../store/open-store.js';
import { openServingStore, projectRecorder, type OwnedStore } from '../store/serving-history.js';
import { ShareController } from '../sharing/share-controller.js';
import { writeAdminTokenFile } from './admin-token-file.js';
import type { ServeSettings } from './serve-options.js';

/**
 * The composition root of a served project, shared by `serve`, `open` and the desktop shell:
 * project → engine (workers, eager models) → HTTP server on 127.0.0.1. `close()` undoes it in
 * reverse order: server, engine (every worker process), the data folder (uploads, outputs; named
 * after this process, so the next start can remove it if this one is killed: data-dirs.ts).
 */

export interface ServedProject {
  readonly url: string;
  readonly port: number;
  readonly engine: Engine;
  /** The secret of the admin routes (/api/engine/*, /metrics); `serve --print-token` prints it. */
  readonly adminToken: string;
  /** The file (mode 0600, removed on close) that holds adminToken; `serve` prints its path. */
  readonly adminTokenFile: string;
  /** A fresh one-time link that makes the browser opening it the demo's owner (Share, the whole history, the dashboard). */
  ownerLoginUrl(): string;
  /** The demo's public half, for a share gate (main/server/share/share-gate.ts). */
  readonly share: ShareSurface;
  /** Shares the demo through a tunnel: `serve --share` and the owner's Share panel (main/sharing/). */
  readonly sharing: ShareController;
  close(): Promise<void>;
}

export interface ServeProjectOptions {
  readonly logger: Logger;
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
  readonly signal?: AbortSignal;
  /** Secret header value of the app's own window (its jobs run first); see startServer. */
  readonly appToken?: string;
  /** Secret of the admin routes; default a fresh random one per launch (32 bytes, hex, as startServer's). */
  readonly adminToken?: string;
  /** Tries this many ports upward from the requested one when it is taken (not for explicit ports). */
  readonly portAttempts?: number;
  /** How long an unused owner link stays good; default 5 minutes (`serve` prints one and gives it a day). */
  readonly ownerLinkTtlMs?: number;
  /**
   * The data folder's store, shared (the desk's): history goes there and close() leaves it open.
   * Without it, serveProject opens `settings.dataDir`'s own (and closes it), unless `settings.history` is false.
   */
  readonly store?: Store;
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/** The store history goes to (the given one, or the data folder's own, opened here) and the project's recorder. */
async function historyFor(
  settings: ServeSettings,
  options: ServeProjectOptions,
  projectFile: string,
): Promise<{
  owned: OwnedStore | null;
  history: HistoryRecorder | undefined;
  historyStore: { store: Store; project: string } | undefined;
}> {
  if (settings.history === false) return { owned: null, history: undefined, historyStore: undefined };
  const owned = options.store || !settings.dataDir ? null : openServingStore(settings.dataDir, options.logger);
  const store = options.store ?? owned?.store;
  if (!store) return { owned, history: undefined, historyStore: undefined };
  // The History routes read the rows the recorder writes: the same key, the project.json's real path.
  const project = await realpath(projectFile).catch(() => projectFile);
  return { owned, history: await projectRecorder(store, projectFile, options.logger), historyStore: { store, project } };
}

/**
 * The engine of this server: the project's own (workers, eager models), or with `--queue` a
 * front's, which runs nothing (its jobs go to the shared queue, workers run them).
 */
async function engineFor(
  settings: ServeSettings,
  options: ServeProjectOptions,
  loaded: LoadedProject,
): Promise<{ engine: Engine; front: RedisFront | null }> {
  if (settings.queue !== undefined) {
    const front = await connectRedisFront(settings.queue, {}, options.logger, {}, blobOptionsFromEnv());
    return { engine: new FrontEngine(loaded), front };
  }
  const engine = await createEngine({
    loaded,
    environment: settings.environment,
    logger: options.logger,
    ...(options.onDownload ? { onDownload: options.onDownload } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { engine, front: null };
}

export async function serveProject(settings: ServeSettings, options: ServeProjectOptions): Promise<ServedProject> {
  const loaded = await loadProject(settings.file, { allowOutsideProject: settings.allowOutsideProject === true });
  const { engine, front } = await engineFor(settings, options, loaded);
  // Folders of servers that were killed (and so could not clean up) go first; live ones stay.
  const stale = await removeStaleDataDirs();
  if (stale.length > 0) options.logger.info('removed the data folders of servers that are no longer running', { folders: stale });
  const dataDir = await createDataDir();
  let owned: OwnedStore | null = null;
  const cleanup = async (): Promise<void> => {
    try {
      await engine.dispose();
      await front?.close();
      await owned?.close();
    } finally {
      // Even when a worker or the store fails to close, the folder goes: no next start is promised.
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  let history: HistoryRecorder | undefined;
  let historyStore: { store: Store; project: string } | undefined;
  try {
    // A front keeps no history: its jobs run on workers, and every front would record a share of them.
    if (!front) ({ owned, history, historyStore } = await historyFor(settings, options, loaded.file));
  } catch (error) {
    await cleanup();
    throw error;
  }
  const adminToken = options.adminToken ?? randomBytes(32).toString('hex');
  const adminTokenFile = await writeAdminTokenFile(dataDir, adminToken).catch(async (error: unknown) => {
    await cleanup();
    throw error;
  });
  const attempts = settings.explicitPort || settings.port === 0 ? 1 : (options.portAttempts ?? 100);
  for (let i = 0; i < attempts; i++) {
    try {
      const server = await startServer({
        engine,
        host: settings.host,
        allowedHosts: settings.allowedHosts ?? [],
        port: settings.port + i,
        dataDir,
        rendererDir: join(packageRoot(), 'dist', 'renderer'),
        showError: loaded.project.showError,
        ...(options.appToken ? { appToken: options.appToken } : {}),
        adminToken,
        logger: options.logger,
        ...(options.ownerLinkTtlMs !== undefined ? { ownerLinkTtlMs: options.ownerLinkTtlMs } : {}),
        ...(history ? { history } : {}),
        ...(historyStore ? { historyStore } : {}),
        // Metrics over time go to the same store (the dashboard); --no-history turns both off.
        ...(historyStore ? { metricsHistory: { store: historyStore.store } } : {}),
        ...(front ? { queue: (ctx: GradioContext) => front.gradioQueue(ctx) } : {}),
        sharing: (surface) => new ShareController({ surface, dataDir: settings.dataDir ?? appDataDir(), logger: options.logger }),
      });
      const sharing = server.sharing;
      if (!sharing) throw new AppError('INTERNAL', 'The demo server made no share controller.');
      return {
        url: server.url,
        port: server.port,
        engine,
        adminToken,
        adminTokenFile,
        share: server.share,
        sharing,
        ownerLoginUrl: () => server.ownerLoginUrl(),
        close: async () => {
          await server.close();
          await cleanup();
        },
      };
    } catch (error) {
      if (isAddressInUse(error) && i + 1 < attempts) continue;
      await cleanup();
      if (!isAddressInUse(error)) throw error;
      const port = settings.port + i;
      throw new AppError(
        'INVALID_INPUT',
        `Port ${port} on ${settings.host} is already in use${attempts > 1 ? ` (as were the ${attempts - 1} before it)` : ''}. ` +
          'Pick another with --port, or use --port 0 for any free port.',
        { cause: error },
      );
    }
  }
  throw new AppError('INTERNAL', 'No port was tried.');
}
