import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { RecentProject } from '../../preload/shared/editor/editor-api.js';
import { AppError } from '../../preload/shared/errors.js';
import type { DeskLike, StartDeskOptions } from './desk-like.js';
import type { DesktopServer, ServeProjectFile } from './desktop-serve.js';

export interface ProjectDeskOptions extends StartDeskOptions {
  /** Serves one project.json (desktop-serve.ts). */
  readonly serve: ServeProjectFile;
  /** Asks the user for a project file (the Open dialog): the home screen until main/desk's arrives. */
  readonly chooseProject: () => Promise<string | null>;
  readonly recent: { list(): Promise<readonly RecentProject[]>; touch(file: string, name: string): Promise<void> };
}

/**
 * A stand-in desk with projects only (no app server, so no home screen and no editor), so the
 * Electron app runs until main/desk's desk is wired into main/index.ts: one demo server per
 * project real path, one window each, the server stopped when its window closes.
 */
export function startProjectDesk(options: ProjectDeskOptions): DeskLike {
  const servers = new Map<string, Promise<DesktopServer>>();
  const stop = (key: string): Promise<void> => {
    const served = servers.get(key);
    servers.delete(key);
    return served ? served.then((server) => server.close()).catch(() => undefined) : Promise.resolve();
  };
  options.windowHost.onClosed((key) => {
    stop(key).catch(() => undefined);
  });
  const openProject = async (projectFile: string): Promise<void> => {
    const key = await realpath(projectFile).catch(() => {
      throw new AppError('NOT_FOUND', `${projectFile} does not exist; check the path, or open another project.`);
    });
    let served = servers.get(key);
    if (served === undefined) {
      served = options.serve(key);
      servers.set(key, served);
      served.catch(() => servers.delete(key));
    }
    const server = await served;
    const title = path.basename(path.dirname(key));
    await options.recent.touch(key, title);
    await options.windowHost.show({ key, kind: 'project', url: server.url, title: `${title} — demo-desktop` });
  };
  return {
    openProject,
    openHome: async () => {
      const file = await options.chooseProject();
      if (file !== null) await openProject(file);
    },
    openEditor: () =>
      Promise.reject(
        new AppError(
          'UNSUPPORTED',
          'The editor opens in the app once the desk (main/desk) is wired in; run `demo-desktop edit` meanwhile.',
        ),
      ),
    recentProjects: () => options.recent.list(),
    stopProjects: async () => {
      await Promise.all([...servers.keys()].map(stop));
    },
    close: () => Promise.resolve(),
  };
}
