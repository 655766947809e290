import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog } from 'electron';
import { appDataDir } from './common/app-data-dir.js';
import { createLogger } from './common/logger.js';
import { RecentProjects } from './editor/recent-projects.js';
import { startDesktop } from './shell/desktop.js';
import { desktopServe } from './shell-policy/desktop-serve.js';
import { startProjectDesk } from './shell-policy/project-desk.js';

// Composition root of the Electron app (dist/main/index.js): builds the services, starts the shell.
// Until main/desk and main/home are merged, a projects-only desk (no home screen, no editor) and
// the machine info Node knows stand in for them; the lead swaps in `startDesk` and `machineInfo`.
const logger = createLogger('demo-desktop');
const dataDir = appDataDir();
startDesktop({
  startDesk: ({ windowHost, appToken }) =>
    Promise.resolve(
      startProjectDesk({
        windowHost,
        appToken,
        logger,
        serve: desktopServe(logger, appToken),
        recent: new RecentProjects(dataDir),
        chooseProject: async () => {
          const choice = await dialog.showOpenDialog({
            title: 'Open a project',
            properties: ['openFile'],
            filters: [{ name: 'demo-desktop project', extensions: ['json'] }],
          });
          const file = choice.canceled ? undefined : choice.filePaths[0];
          // No home screen to fall back to yet: cancelling the first dialog ends the app.
          if (file === undefined && BrowserWindow.getAllWindows().length === 0) app.quit();
          return file ?? null;
        },
      }),
    ),
  machineInfo: () =>
    Promise.resolve({
      platform: process.platform,
      arch: process.arch,
      cpu: { model: os.cpus()[0]?.model ?? 'unknown', cores: os.availableParallelism() },
      memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
      gpus: [],
      providers: [],
    }),
  logger,
  preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
  dataDir,
});
