import { app, dialog, session, type BrowserWindow } from 'electron';
import { AppError } from '../../preload/shared/errors.js';
import { DisposableStack } from '../common/disposable.js';
import type { Logger } from '../common/logger.js';
import { registerIpc } from '../ipc/register-ipc.js';
import { appInfo } from '../shell-policy/app-info.js';
import { parseShellArgs } from '../shell-policy/argv.js';
import { originOf } from '../shell-policy/content-security-policy.js';
import type { DesktopServer, ServeProjectFile } from '../shell-policy/desktop-serve.js';
import { createMainWindow, secureContents, secureSession } from './window.js';

export interface DesktopOptions {
  /** Serves a project.json on 127.0.0.1 (the engine; see shell-policy/desktop-serve.ts). */
  readonly serve: ServeProjectFile;
  readonly logger: Logger;
  /** Absolute path of the bundled preload script (dist/preload/index.cjs). */
  readonly preload: string;
}

/**
 * The Electron app's lifecycle: one instance (a second `open` hands its project to the first), one
 * window showing the served project, and an orderly quit that closes the server and its workers.
 *
 *   start ──► ready ──► serving ──► quitting ──► closed
 *                │          ▲  │
 *                └─ dialog ─┘  └─ open another project: serve it, load it, close the old server
 */
export function startDesktop(options: DesktopOptions): void {
  const { logger } = options;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const stack = new DisposableStack();
  let server: DesktopServer | undefined;
  let window: BrowserWindow | undefined;
  // No server yet: 'null' matches no URL, so nothing may load or call IPC.
  let origin = 'null';
  let pendingFile: string | undefined;

  const fail = (title: string, error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    logger.error(title, { error: message });
    dialog.showErrorBox(title, message);
  };

  /** Serves `file` and shows it; the previous project keeps running until the new one is up. */
  const open = async (file: string): Promise<void> => {
    const next = await options.serve(file);
    const previous = server;
    server = next;
    origin = originOf(next.url) ?? 'null';
    window ??= createMainWindow(options.preload);
    try {
      await window.loadURL(next.url);
    } finally {
      await previous?.close();
    }
  };

  const chooseAndOpen = async (): Promise<string | null> => {
    const choice = await dialog.showOpenDialog({
      title: 'Open a project',
      properties: ['openFile'],
      filters: [{ name: 'demo-desktop project', extensions: ['json'] }],
    });
    const [file] = choice.filePaths;
    if (choice.canceled || file === undefined) return null;
    await open(file);
    return file;
  };

  const openFromArgs = async (argv: readonly string[], cwd: string): Promise<void> => {
    const args = parseShellArgs(argv, { packaged: app.isPackaged, cwd });
    if (args.kind === 'error') throw new AppError('INVALID_INPUT', args.message);
    if (args.kind === 'open') await open(args.projectFile);
    else if (!server && (await chooseAndOpen()) === null) app.quit();
  };

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
    openFromArgs(argv, workingDirectory).catch((error: unknown) => fail('Could not open the project', error));
  });
  // macOS: a project dropped on the dock icon or opened from Finder (may come before `ready`).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (!app.isReady()) pendingFile = file;
    else open(file).catch((error: unknown) => fail('Could not open the project', error));
  });
  app.on('web-contents-created', (_event, contents) => secureContents(contents, () => origin, logger));
  app.on('window-all-closed', () => app.quit());

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    stack
      .dispose()
      .catch((error: unknown) => logger.error('shutdown failed', { error: String(error) }))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      secureSession(
        session.defaultSession,
        () => origin,
        () => server?.appToken,
      );
      stack.add(
        registerIpc(
          {
            'app:get-info': () => Promise.resolve(appInfo(app.getVersion(), process.platform, server?.url ?? '')),
            'project:open-dialog': async () => ({ file: await chooseAndOpen() }),
          },
          () => origin,
          (channel, error) => logger.error('IPC handler failed', { channel, error: String(error) }),
        ),
      );
      stack.defer(() => server?.close());
      if (pendingFile !== undefined) await open(pendingFile);
      else await openFromArgs(process.argv, process.cwd());
    })
    .catch((error: unknown) => {
      fail('Could not start demo-desktop', error);
      app.quit();
    });
}
