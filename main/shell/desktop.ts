import { randomBytes } from 'node:crypto';
import { app, dialog, session, type WebContents } from 'electron';
import type { Logger } from '../common/logger.js';
import { registerIpc } from '../ipc/register-ipc.js';
import { DEEP_LINK_SCHEME, parseDeepLink, parseShellArgs, projectFileArg } from '../shell-policy/argv.js';
import type { DeskLike, MachineInfoSource, StartDesk } from '../shell-policy/desk-like.js';
import { LaunchQueue, routeLaunch, type LaunchTarget } from '../shell-policy/launch-routing.js';
import { runQuitPlan } from '../shell-policy/quit-plan.js';
import { WindowStateStore } from '../shell-policy/window-state.js';
import { ElectronWindowHost } from './electron-window-host.js';
import { ShellActions } from './shell-actions.js';
import { secureContents, secureSession } from './window.js';

export interface DesktopOptions {
  /** Starts main/desk's desk (the app server, served projects, recent list) over the given WindowHost. */
  readonly startDesk: StartDesk;
  /** main/home's machine info, for the `machine:get-devices` channel. */
  readonly machineInfo: MachineInfoSource;
  readonly logger: Logger;
  /** Absolute path of the bundled preload script (dist/preload/index.cjs). */
  readonly preload: string;
  /** The app's data folder (main/common/app-data-dir.ts): window-state.json lives there. */
  readonly dataDir: string;
}

/** How long one quit step (quit-plan.ts) may take before the next starts anyway. */
const QUIT_STEP_TIMEOUT_MS = 15_000;

/**
 * The Electron app: one instance (a second launch hands its argv over), the desk started on
 * `ready`, one window per key through the Electron WindowHost, native menus, file association and
 * deep links, and the ordered quit. Every decision is a pure, tested module of main/shell-policy/;
 * this file only connects them to Electron's events.
 *
 *   start ──► ready ──► desk started ──► launches (argv, second instances, open-file, open-url) ──► quit plan
 */
export function startDesktop(options: DesktopOptions): void {
  const { logger } = options;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const fail = (title: string, message: string): void => {
    logger.error(title, { error: message });
    dialog.showErrorBox(title, message);
  };
  const launches = new LaunchQueue((message) => fail('Could not open that', message));
  listenForLaunches(launches);
  const host = new ElectronWindowHost(options.preload, new WindowStateStore(options.dataDir), logger, {
    changed: () => actions?.refreshMenu(),
    // The OS's recent documents (Dock, Jump List) too, however the project was opened.
    projectShown: (file) => app.addRecentDocument(file),
  });
  const lastInput = new WeakMap<WebContents, number>();
  const windowOrigin = (contents: WebContents): string => host.entryFor(contents)?.origin ?? 'null';
  app.on('web-contents-created', (_event, contents) =>
    secureContents(
      contents,
      () => windowOrigin(contents),
      () => host.registry.origins(),
      (at) => lastInput.set(contents, at),
      logger,
    ),
  );
  let actions: ShellActions | undefined;
  let desk: DeskLike | undefined;
  registerQuit(() => desk, host, logger);

  app
    .whenReady()
    .then(async () => {
      const appToken = randomBytes(32).toString('hex');
      secureSession(session.defaultSession, {
        appOrigins: () => host.registry.origins(),
        cspModes: () => host.cspModes(),
        appToken,
        lastUserInputAt: (contents) => lastInput.get(contents),
        logger,
      });
      desk = await options.startDesk({ windowHost: host, appToken, logger });
      actions = new ShellActions(desk, host, options.machineInfo, fail);
      registerIpc(
        actions.ipcHandlers(),
        (contents) => {
          const entry = host.entryFor(contents);
          return entry && { key: entry.key, origin: entry.origin };
        },
        (channel, error) => logger.error('IPC handler failed', { channel, error: String(error) }),
      );
      actions.refreshMenu();
      const target: LaunchTarget = {
        openProject: (file) => actions?.openProject(file) ?? Promise.resolve(),
        openHome: () => desk?.openHome() ?? Promise.resolve(),
      };
      const own = routeLaunch(parseShellArgs(process.argv, { packaged: app.isPackaged, cwd: process.cwd() }));
      // macOS delivers a double-clicked project as open-file before `ready`, with no argv: no home screen too.
      if (!(own.kind === 'open-home' && launches.hasPending)) await launches.push(own);
      await launches.start(target);
    })
    .catch((error: unknown) => {
      fail('Could not start demo-desktop', error instanceof Error ? error.message : String(error));
      app.quit();
    });
}

/** Second instances, files the OS opens with the app, deep links; all go through the queue. */
function listenForLaunches(launches: LaunchQueue): void {
  // Windows and Linux start the app with the link in argv; macOS sends open-url. Only the packaged
  // app registers the scheme, so a development checkout never takes over the user's links.
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    void launches.push(routeLaunch(parseShellArgs(argv, { packaged: app.isPackaged, cwd: workingDirectory })));
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void launches.push(routeLaunch(projectFileArg(file, { packaged: app.isPackaged, cwd: process.cwd() })));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    void launches.push(routeLaunch(parseDeepLink(url)));
  });
}

/**
 * Quit: windows, tunnels, projects, app server (quit-plan.ts), each step even if one before failed.
 * No tray: closing the last window quits, except on macOS, where the app stays in the dock and
 * clicking it shows the home screen again.
 */
function registerQuit(desk: () => DeskLike | undefined, host: ElectronWindowHost, logger: Logger): void {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (host.registry.all().length === 0)
      desk()
        ?.openHome()
        .catch((error: unknown) => logger.error('could not show the home screen', { error: String(error) }));
  });
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    const current = desk();
    runQuitPlan(
      {
        windows: () => host.close(),
        // Share-link tunnels have no implementation yet; they stop here, after the windows.
        tunnels: () => Promise.resolve(),
        projects: () => current?.stopProjects() ?? Promise.resolve(),
        'app-server': () => current?.close() ?? Promise.resolve(),
      },
      {
        stepTimeoutMs: QUIT_STEP_TIMEOUT_MS,
        onStep: (outcome) => {
          if (!outcome.ok) logger.error('a quit step failed; going on', { step: outcome.step, error: outcome.error });
        },
      },
    )
      .catch(() => undefined)
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}
