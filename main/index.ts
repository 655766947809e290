import { fileURLToPath } from 'node:url';
import { appDataDir } from './common/app-data-dir.js';
import { createLogger } from './common/logger.js';
import { DEFAULT_DESK_PORT, startDesk } from './desk/start-desk.js';
import { MachineInfoSource } from './home/machine-info.js';
import { startDesktop } from './shell/desktop.js';
import type { DeskLike } from './shell-policy/desk-like.js';
import { desktopServe } from './shell-policy/desktop-serve.js';

// Composition root of the Electron app (dist/main/index.js): the desk (main/desk: the app server
// with the home screen and the editor, one demo server per project) shown in Electron windows.
const logger = createLogger('demo-desktop');
const dataDir = appDataDir();
const machine = new MachineInfoSource();

startDesktop({
  startDesk: async ({ windowHost, appToken }): Promise<DeskLike> => {
    const desk = await startDesk(
      { dataDir, port: DEFAULT_DESK_PORT, explicitPort: false, environment: {} },
      // The window's token is each demo server's admin token too, so its pages may read the
      // engine's metrics and devices (shell-policy/desktop-serve.ts).
      { windowHost, logger, appToken, machine, serve: desktopServe(logger, appToken) },
    );
    return {
      openProject: async (file) => {
        await desk.openProject(file);
      },
      openHome: async () => {
        await desk.showHome();
      },
      openEditor: async (file) => {
        await desk.editProject(file);
      },
      recentProjects: () => desk.recentProjects(),
      stopProjects: () => desk.stopProjects(),
      close: () => desk.close(),
    };
  },
  machineInfo: () => machine.info(),
  logger,
  preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
  dataDir,
});
