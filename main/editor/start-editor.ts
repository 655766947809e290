import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import { packageRoot } from '../common/package-root.js';
import { modelEnvironment } from '../engine/model-environment.js';
import type { DownloadProgress, ModelEnvironment } from '../runtimes/runtime.js';
import { startEditorServer, type EditorServerOptions, type RunningEditorServer } from '../server/editor/start-editor-server.js';
import { EditorService, type EditorServiceOptions } from './editor-service.js';
import { PreviewSession } from './preview-session.js';
import { RecentProjects } from './recent-projects.js';

/**
 * The composition root of `demo-desktop edit`: the editor's server (its page and API, loopback
 * only) and its live preview (a demo server on another port that only the editor's page may
 * frame). close() stops both, the preview's workers and its data folder.
 */

export interface EditorSettings {
  readonly initial: EditorServiceOptions['initial'];
  readonly host: string;
  readonly port: number;
  /** false: `port` is a wish, the next free one above it will do. */
  readonly explicitPort: boolean;
  readonly environment: Partial<ModelEnvironment>;
  readonly allowOutsideProject: boolean;
  /** The app's data folder (recent projects). */
  readonly dataDir: string;
  /** The built renderer; default the package's dist/renderer. */
  readonly rendererDir?: string;
  /** Templates folder; default the package's examples/. */
  readonly templatesDir?: string;
}

export interface RunningEditor {
  /** `http://127.0.0.1:PORT` */
  readonly origin: string;
  readonly previewOrigin: string;
  /** A fresh one-time login URL (`<origin><page>?token=...`; page default /editor). */
  loginUrl(page?: string): string;
  /** What the editor page opens with from now on (the desk's "Edit a copy" of a template, or a file). */
  setDocument(initial: EditorSettings['initial']): void;
  close(): Promise<void>;
}

export interface StartEditorOptions {
  readonly logger: Logger;
  readonly appToken?: string;
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
  readonly portAttempts?: number;
  /** How long a sign-in token stays good unused (default 5 minutes). */
  readonly tokenTtlMs?: number;
  /** More pages and APIs on the editor's server, behind its sign-in (the desk's home screen). */
  readonly routes?: EditorServerOptions['routes'];
  /** Where `/` leads (default /editor). */
  readonly landing?: string;
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

async function listenEditor(
  settings: EditorSettings,
  service: EditorService,
  options: StartEditorOptions,
  rendererDir: string,
): Promise<RunningEditorServer> {
  const attempts = settings.explicitPort || settings.port === 0 ? 1 : (options.portAttempts ?? 100);
  for (let i = 0; ; i++) {
    try {
      return await startEditorServer({
        backend: service,
        host: settings.host,
        port: settings.port + i,
        rendererDir,
        logger: options.logger,
        ...(options.appToken ? { appToken: options.appToken } : {}),
        ...(options.tokenTtlMs !== undefined ? { tokenTtlMs: options.tokenTtlMs } : {}),
        ...(options.routes ? { routes: options.routes } : {}),
        ...(options.landing ? { landing: options.landing } : {}),
      });
    } catch (error) {
      if (isAddressInUse(error) && i + 1 < attempts) continue;
      if (!isAddressInUse(error)) throw error;
      throw new AppError(
        'INVALID_INPUT',
        `Port ${settings.port + i} on ${settings.host} is already in use. Pick another with --port, or use --port 0 for any free port.`,
        { cause: error },
      );
    }
  }
}

/**
 * The loopback spellings of the editor's origin that may frame the preview: 127.0.0.1 and localhost.
 * Not [::1]: CSP's host grammar has no IPv6 literals (Chromium reports the source as invalid on
 * every load), and the editor listens on 127.0.0.1.
 */
function loopbackOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

export async function startEditor(settings: EditorSettings, options: StartEditorOptions): Promise<RunningEditor> {
  const environment = modelEnvironment(settings.environment);
  const rendererDir = settings.rendererDir ?? path.join(packageRoot(), 'dist', 'renderer');
  const pathOptions = { allowOutsideProject: settings.allowOutsideProject };
  const service = new EditorService({
    initial: settings.initial,
    recent: new RecentProjects(settings.dataDir),
    cacheDir: environment.cacheDir,
    pathOptions,
    dataDir: settings.dataDir,
    ...(settings.templatesDir ? { templatesDir: settings.templatesDir } : {}),
  });
  const server = await listenEditor(settings, service, options, rendererDir);
  let preview: PreviewSession;
  try {
    preview = await PreviewSession.start({
      frameAncestors: loopbackOrigins(server.port),
      rendererDir,
      environment: settings.environment,
      pathOptions,
      logger: options.logger,
      ...(options.onDownload ? { onDownload: options.onDownload } : {}),
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  service.attachPreview(preview);
  if ('file' in settings.initial) await service.open(settings.initial.file).catch(() => undefined);
  return {
    origin: server.origin,
    previewOrigin: preview.origin,
    loginUrl: (page) => server.loginUrl(page),
    setDocument: (initial) => service.setInitial(initial),
    close: async () => {
      await server.close();
      await preview.close();
    },
  };
}
