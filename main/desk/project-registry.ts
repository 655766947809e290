import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Opened } from '../../preload/shared/home/home-api.js';
import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import type { RecentProjects } from '../editor/recent-projects.js';
import { projectName } from '../editor/save-document.js';
import { HttpError } from '../server/http-error.js';
import type { WindowHost } from './window-host.js';

/**
 * The projects a desk serves: one demo server per project file (by its real path, so a link or a
 * second spelling of the path is the same project). `open` checks the file, serves it when it is
 * not served yet (a second open only shows its window again), puts it first in the recent list
 * and asks the WindowHost to show it. When the host reports that a project's window closed, the
 * server the desk started for it stops (its workers with it).
 */

/** What the registry needs of a served project (cli/serve-project.ts ServedProject). */
export interface ServedLike {
  readonly url: string;
  /** A one-time link that signs the window in as the demo's owner (server/owner/); the window opens it when there is one. */
  ownerLoginUrl?(): string;
  close(): Promise<void>;
}

export interface ProjectRegistryOptions {
  readonly host: WindowHost;
  readonly recent: RecentProjects;
  /** Serves one project file (checked and loaded by it); default: the CLI's serveProject. */
  readonly serve: (file: string) => Promise<ServedLike>;
  readonly logger: Logger;
}

interface Entry {
  readonly name: string;
  readonly served: Promise<ServedLike>;
}

const CHOOSE = 'Choose a project.json (or a folder that has one)';

/** The project file a path names: the file itself, or project.json in a folder; 404/400 with what to do. */
export async function resolveProjectFile(given: string): Promise<string> {
  const absolute = path.resolve(given);
  const info = await stat(absolute).catch(() => undefined);
  const file = info?.isDirectory() ? path.join(absolute, 'project.json') : absolute;
  const found = info?.isDirectory()
    ? await stat(file).then(
        (s) => s.isFile(),
        () => false,
      )
    : info?.isFile() === true;
  if (!found) {
    const what = info?.isDirectory() ? `The folder ${absolute} has no project.json` : `There is no file ${absolute}`;
    throw new HttpError(404, `${what}. ${CHOOSE}; "demo-desktop edit" makes a new one.`);
  }
  if (!/\.json$/i.test(file)) throw new HttpError(400, `${file} is not a .json file. ${CHOOSE}.`);
  return realpath(file);
}

export class ProjectRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly unsubscribe: () => void;

  constructor(private readonly options: ProjectRegistryOptions) {
    this.unsubscribe = options.host.onClosed((key) => {
      if (this.entries.has(key)) void this.release(key);
    });
  }

  /** Real paths of the projects being served, in the order they were opened. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Serves `given` (once per real path), records it as recent and shows its window. */
  async open(given: string): Promise<Opened> {
    const file = await resolveProjectFile(given);
    const entry = this.entries.get(file) ?? (await this.start(file));
    const served = await entry.served;
    await this.options.recent.touch(file, entry.name).catch((error: unknown) => {
      this.options.logger.warn('could not update the recent projects', { error: String(error) });
    });
    const url = served.ownerLoginUrl?.() ?? served.url;
    const shownIn = await this.options.host.show({ key: file, kind: 'project', url, title: entry.name });
    return { url: served.url, name: entry.name, shownIn };
  }

  private async start(file: string): Promise<Entry> {
    const text = await readFile(file, 'utf8');
    const served = this.options.serve(file).catch((error: unknown) => {
      this.entries.delete(file);
      throw cannotOpen(file, error);
    });
    const entry = { name: projectName(text, file), served };
    this.entries.set(file, entry);
    return entry;
  }

  /** Stops the server of one project (its window closed); nothing when it is not served. */
  async release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const served = await entry.served.catch(() => undefined);
    await served?.close();
    this.options.logger.info('stopped a project whose window closed', { project: key });
  }

  /** Stops every project server (and so its workers), one after another. */
  async close(): Promise<void> {
    this.unsubscribe();
    for (const key of [...this.entries.keys()]) await this.release(key);
  }
}

/** A failed serve as an answer that names the file and says what to do. */
function cannotOpen(file: string, error: unknown): Error {
  if (error instanceof HttpError) return error;
  const message = (error instanceof Error ? error.message : String(error)).trim();
  if (error instanceof AppError && error.code === 'INVALID_PROJECT') {
    // ProjectValidationError's message already starts with the file and lists every problem.
    return new HttpError(
      400,
      `${message}\nFix it in the editor ("demo-desktop edit ${file}"); "demo-desktop validate" lists the same problems.`,
    );
  }
  const status = error instanceof AppError && error.code === 'NOT_FOUND' ? 404 : 500;
  return new HttpError(status, `Cannot open ${file}: ${message}`);
}
