import path from 'node:path';
import { EDITOR_PAGE, type RecentProject } from '../../preload/shared/editor/editor-api.js';
import { AppError } from '../../preload/shared/errors.js';
import { HOME_PAGE, type DeskOpenRequest, type Opened } from '../../preload/shared/home/home-api.js';
import type { ServeSettings } from '../cli/serve-options.js';
import { serveProject } from '../cli/serve-project.js';
import type { Logger } from '../common/logger.js';
import { packageRoot } from '../common/package-root.js';
import { modelEnvironment } from '../engine/model-environment.js';
import { RecentProjects } from '../editor/recent-projects.js';
import { startEditor, type RunningEditor } from '../editor/start-editor.js';
import { DEFAULT_TEMPLATE } from '../editor/templates.js';
import { MachineInfoSource } from '../home/machine-info.js';
import type { DownloadProgress, ModelEnvironment } from '../runtimes/runtime.js';
import { registerDeskRoutes } from '../server/home/routes-desk.js';
import { registerHomeRoutes } from '../server/home/routes-home.js';
import type { Store } from '../store/open-store.js';
import { openServingStore } from '../store/serving-history.js';
import { HomeService, type HomeServiceOptions } from './home-service.js';
import { findRunningDesk, newInstanceSecret, removeInstanceFile, writeInstanceFile } from './instance-file.js';
import { ProjectRegistry, type ServedLike } from './project-registry.js';
import type { ShownIn, WindowHost } from './window-host.js';

/**
 * The desk: the running app, the same in Electron and without it. One local app server (the
 * editor's server, main/server/editor/, with the home page and /api/home, /api/desk added: one
 * sign-in for both pages), the registry of served projects (one demo server per project file),
 * the editor with its live preview, and the instance file through which a second `demo-desktop`
 * hands its request over. Windows are the WindowHost's business; the desk only asks it to show
 * pages and hears when a project's window closed.
 */

export interface DeskSettings {
  /** The app's data folder: recent projects and the instance file. */
  readonly dataDir: string;
  /** The app server's port: a wish (the next free one above it will do) unless explicitPort. */
  readonly port: number;
  readonly explicitPort: boolean;
  /** First port tried for served projects (default 7860, then the next free one; 0: any free port). */
  readonly projectPort?: number;
  readonly environment: Partial<ModelEnvironment>;
  readonly allowOutsideProject?: boolean;
  /** The built renderer; default the package's dist/renderer. */
  readonly rendererDir?: string;
  /** Templates folder; default the package's examples/. */
  readonly templatesDir?: string;
  /** false: record no history (open no database). Default: one store in dataDir shared by every served project. */
  readonly history?: boolean;
}

export interface DeskOptions {
  readonly windowHost: WindowHost;
  readonly logger: Logger;
  /** The Electron window's per-launch secret (x-demo-desktop-app); stands for a session on every page. */
  readonly appToken?: string;
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
  readonly tokenTtlMs?: number;
  /** Serves one project; default serveProject (cli/serve-project.ts) with the desk's settings. */
  readonly serve?: (file: string) => Promise<ServedLike>;
  readonly machine?: MachineInfoSource;
}

export interface Desk {
  /** `http://127.0.0.1:PORT` of the app server. */
  readonly origin: string;
  /** The instance file this desk wrote (removed by close). */
  readonly instanceFile: string;
  /** A fresh one-time sign-in URL of a page (default the home page: `<origin>/home?token=...`). */
  loginUrl(page?: string): string;
  /** Shows the home screen's window. */
  showHome(): Promise<Opened>;
  /** Serves a project file (once per real path), records it as recent and shows its window. */
  openProject(file: string): Promise<Opened>;
  /** Shows the editor on a new project copied from a template. */
  editTemplate(id: string): Promise<Opened>;
  /** Shows the editor on a project file (none: on a new project from the default template). */
  editProject(file?: string): Promise<Opened>;
  /** Recent projects, newest first, missing files marked. */
  recentProjects(): Promise<RecentProject[]>;
  /** Stops every served project's demo server and its workers (the app server keeps running). */
  stopProjects(): Promise<void>;
  /** What `POST /api/desk/open` does: `{path}` (absolute) or `{home: true}`. */
  handOff(request: DeskOpenRequest): Promise<Opened>;
  /** Real paths of the projects being served. */
  projects(): string[];
  /** Stops the project servers (and their workers), the app server and the preview, then removes the instance file. */
  close(): Promise<void>;
}

const HOME_TITLE = 'demo-desktop';
const EDITOR_TITLE = 'Editor · demo-desktop';
export const DEFAULT_DESK_PORT = 7880;

function defaultServe(settings: DeskSettings, options: DeskOptions, store: Store | undefined): (file: string) => Promise<ServedLike> {
  const port = settings.projectPort ?? 7860;
  return (file) => {
    const serve: ServeSettings = {
      file,
      host: '127.0.0.1',
      port,
      explicitPort: false,
      environment: settings.environment,
      allowOutsideProject: settings.allowOutsideProject === true,
      history: store !== undefined,
    };
    return serveProject(serve, {
      logger: options.logger,
      ...(store ? { store } : {}),
      ...(options.appToken ? { appToken: options.appToken } : {}),
      ...(options.onDownload ? { onDownload: options.onDownload } : {}),
    });
  };
}

async function refuseSecondDesk(dataDir: string): Promise<void> {
  const running = await findRunningDesk(dataDir);
  if (running) {
    throw new AppError(
      'INVALID_INPUT',
      `demo-desktop is already running for ${dataDir} (pid ${running.pid}, ${running.origin}). ` +
        'Run "demo-desktop" again to show its home screen, or pass another --data-dir.',
    );
  }
}

/** The desk's own windows (home, editor); `editor` is there once the app server runs. */
function deskWindows(
  host: WindowHost,
  late: { editor?: RunningEditor },
): Pick<HomeServiceOptions, 'showHome' | 'editTemplate'> & { editFile: (file: string | undefined) => Promise<Opened> } {
  const running = (): RunningEditor => {
    if (!late.editor) throw new AppError('INTERNAL', 'The desk is still starting.');
    return late.editor;
  };
  const show = async (key: 'home' | 'editor', page: string, title: string): Promise<Opened> => {
    const url = running().loginUrl(page);
    const shownIn: ShownIn = await host.show({ key, kind: key, url, title });
    return { url, name: title, shownIn };
  };
  return {
    showHome: () => show('home', HOME_PAGE, HOME_TITLE),
    editTemplate: (id) => {
      running().setDocument({ template: id });
      return show('editor', EDITOR_PAGE, EDITOR_TITLE);
    },
    editFile: (file) => {
      running().setDocument(file === undefined ? { template: DEFAULT_TEMPLATE } : { file: path.resolve(file) });
      return show('editor', EDITOR_PAGE, EDITOR_TITLE);
    },
  };
}

/** The editor's server and preview, with the home page and the desk's routes added; `/` leads home. */
function startAppServer(settings: DeskSettings, options: DeskOptions, service: HomeService, secret: string): Promise<RunningEditor> {
  const { templatesDir } = settings;
  const rendererDir = settings.rendererDir ?? path.join(packageRoot(), 'dist', 'renderer');
  return startEditor(
    {
      initial: { template: DEFAULT_TEMPLATE },
      host: '127.0.0.1',
      port: settings.port,
      explicitPort: settings.explicitPort,
      environment: settings.environment,
      allowOutsideProject: settings.allowOutsideProject === true,
      dataDir: settings.dataDir,
      rendererDir,
      ...(templatesDir ? { templatesDir } : {}),
    },
    {
      logger: options.logger,
      landing: HOME_PAGE,
      routes: (router, auth) => {
        registerHomeRoutes(router, { auth, backend: service, rendererDir });
        registerDeskRoutes(router, { backend: service, secret });
      },
      ...(options.appToken ? { appToken: options.appToken } : {}),
      ...(options.onDownload ? { onDownload: options.onDownload } : {}),
      ...(options.tokenTtlMs !== undefined ? { tokenTtlMs: options.tokenTtlMs } : {}),
    },
  );
}

export async function startDesk(settings: DeskSettings, options: DeskOptions): Promise<Desk> {
  await refuseSecondDesk(settings.dataDir);
  const recent = new RecentProjects(settings.dataDir);
  // One database for the data folder, shared by every project this desk serves (docs/store.md).
  const owned = options.serve || settings.history === false ? null : openServingStore(settings.dataDir, options.logger);
  const serve = options.serve ?? defaultServe(settings, options, owned?.store);
  const registry = new ProjectRegistry({ host: options.windowHost, recent, serve, logger: options.logger });
  const secret = newInstanceSecret();
  const late: { editor?: RunningEditor } = {};
  const { editFile, ...windows } = deskWindows(options.windowHost, late);
  const service = new HomeService({
    recent,
    registry,
    machine: options.machine ?? new MachineInfoSource(),
    cacheDir: modelEnvironment(settings.environment).cacheDir,
    dataDir: settings.dataDir,
    logger: options.logger,
    ...windows,
    ...(settings.templatesDir ? { templatesDir: settings.templatesDir } : {}),
  });
  const editor = await startAppServer(settings, options, service, secret).catch(async (error: unknown) => {
    await owned?.close();
    throw error;
  });
  late.editor = editor;
  const instanceFile = await writeInstanceFile(settings.dataDir, { pid: process.pid, origin: editor.origin, secret }).catch(
    async (error: unknown) => {
      await editor.close();
      await owned?.close();
      throw error;
    },
  );
  return {
    origin: editor.origin,
    instanceFile,
    loginUrl: (page = HOME_PAGE) => editor.loginUrl(page),
    showHome: () => service.handOff({ home: true }),
    openProject: (file) => registry.open(path.resolve(file)),
    editTemplate: (id) => service.editTemplate(id),
    editProject: editFile,
    recentProjects: () => service.recent(),
    stopProjects: () => registry.close(),
    handOff: (request) => service.handOff(request),
    projects: () => registry.keys(),
    close: async () => {
      await registry.close();
      await editor.close();
      await owned?.close();
      await removeInstanceFile(settings.dataDir, secret);
    },
  };
}
