import type { Logger } from '../common/logger.js';
import { serveProject } from '../cli/serve-project.js';

/** A project being served on 127.0.0.1 for the app window. */
export interface DesktopServer {
  /** The page to load, e.g. http://127.0.0.1:53124/ */
  readonly url: string;
  /**
   * The per-launch secret the app's windows send so their jobs run first (shell-policy/app-token.ts);
   * it is also the admin token, so the window may read /api/engine/metrics and /api/engine/devices.
   */
  readonly appToken: string;
  /** Stops the server and the engine (its worker processes); the shell awaits it before quitting. */
  close(): Promise<void>;
}

/** What the desktop shell needs from the engine: serve one project.json, resolve once it listens. */
export type ServeProjectFile = (projectFile: string) => Promise<DesktopServer>;

/**
 * The engine's `serveProject` with the desktop's settings: loopback only, an ephemeral port so the
 * window never collides with a `demo-desktop serve` already on 7860, and the shell's per-launch
 * app token (one for every server of this run, since the session sends it to each app origin).
 */
export function desktopServe(logger: Logger, appToken: string): ServeProjectFile {
  return async (file) => {
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
