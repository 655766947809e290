import { randomBytes } from 'node:crypto';
import type { Logger } from '../common/logger.js';
import { serveProject } from '../cli/serve-project.js';

/** A project being served on 127.0.0.1 for the app window. */
export interface DesktopServer {
  /** The page to load, e.g. http://127.0.0.1:53124/ */
  readonly url: string;
  /**
   * The per-run secret the window sends so its jobs run first (shell-policy/app-token.ts); it is
   * also the admin token, so the window may read /api/engine/metrics and /api/engine/devices.
   */
  readonly appToken: string;
  /** Stops the server and the engine (its worker processes); the shell awaits it before quitting. */
  close(): Promise<void>;
}

/** What the desktop shell needs from the engine: serve one project.json, resolve once it listens. */
export type ServeProjectFile = (projectFile: string) => Promise<DesktopServer>;

/**
 * The engine's `serveProject` with the desktop's settings: loopback only, and an ephemeral port so
 * the window never collides with a `demo-desktop serve` already on 7860.
 */
export function desktopServe(logger: Logger): ServeProjectFile {
  return async (file) => {
    const appToken = randomBytes(24).toString('hex');
    const served = await serveProject(
      { file, host: '127.0.0.1', port: 0, explicitPort: false, environment: {} },
      {
        logger,
        appToken,
        adminToken: appToken,
      },
    );
    return { url: served.url, appToken, close: () => served.close() };
  };
}
