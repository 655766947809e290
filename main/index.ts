import { fileURLToPath } from 'node:url';
import { createLogger } from './common/logger.js';
import { startDesktop } from './shell/desktop.js';
import { desktopServe } from './shell-policy/desktop-serve.js';

// Composition root of the Electron app (dist/main/index.js): builds the services, starts the shell.
const logger = createLogger('demo-desktop');
startDesktop({
  serve: desktopServe(logger),
  logger,
  preload: fileURLToPath(new URL('../preload/index.cjs', import.meta.url)),
});
