import path from 'node:path';
import type { RecentProject } from '../../preload/shared/editor/editor-api.js';
import type {
  DeskOpenRequest,
  HomeRecentProject,
  HomeTemplate,
  MachineInfo,
  Opened,
  ProjectCapacity,
} from '../../preload/shared/home/home-api.js';
import type { StoredTuneReport } from '../../preload/shared/tune/tune-report.js';
import type { Logger } from '../common/logger.js';
import { latestTuneReports } from '../store/tune-reports.js';
import type { RecentProjects } from '../editor/recent-projects.js';
import { examplesDir, listTemplates, templateDir } from '../editor/templates.js';
import { checkHardware } from '../home/hardware-check.js';
import type { MachineInfoSource } from '../home/machine-info.js';
import { projectNeeds } from '../home/template-needs.js';
import type { HomeBackend } from '../server/home/home-backend.js';
import { HttpError } from '../server/http-error.js';
import type { ProjectRegistry } from './project-registry.js';

/**
 * What the home screen does, behind its routes: the recent list, the templates with their
 * hardware check, this machine, and opening things (a project file, a template as it is, the
 * editor on a copy of a template) through the desk's registry and window host.
 */

export interface HomeServiceOptions {
  readonly recent: RecentProjects;
  readonly registry: ProjectRegistry;
  readonly machine: MachineInfoSource;
  /** The model cache: Hub models found there count as downloaded. */
  readonly cacheDir: string;
  readonly templatesDir?: string;
  /** Shows the editor on a new project from a template (the desk's editor window). */
  readonly editTemplate: (id: string) => Promise<Opened>;
  /** Shows the home screen (a hand-off with `{home: true}`). */
  readonly showHome: () => Promise<Opened>;
  /** The app's data folder, whose database holds the tune reports; absent: no capacity shown. */
  readonly dataDir?: string;
  readonly logger: Logger;
}

const capacityOf = (stored: StoredTuneReport): ProjectCapacity[] =>
  stored.report.capacity ? [{ ...stored.report.capacity, event: stored.event, measuredAt: stored.measuredAt, stale: stored.stale }] : [];

export class HomeService implements HomeBackend {
  constructor(private readonly options: HomeServiceOptions) {}

  private get dir(): string {
    return this.options.templatesDir ?? examplesDir();
  }

  recent(): Promise<HomeRecentProject[]> {
    return this.withCapacity(this.options.recent.list());
  }

  async forgetRecent(file: string): Promise<HomeRecentProject[]> {
    await this.options.recent.forget(file);
    return this.recent();
  }

  /** Each project's latest tune reports (main/store/tune-reports.ts); a database that cannot be read shows none. */
  private async withCapacity(listing: Promise<RecentProject[]>): Promise<HomeRecentProject[]> {
    const projects = await listing;
    return Promise.all(
      projects.map(async (project) => {
        if (project.missing || !this.options.dataDir) return { ...project, capacity: [] };
        const reports = await latestTuneReports(this.options.dataDir, project.path, this.options.logger).catch((error: unknown) => {
          this.options.logger.warn('tune reports not read', { error: error instanceof Error ? error.message : String(error) });
          return [];
        });
        return { ...project, capacity: reports.flatMap(capacityOf) };
      }),
    );
  }

  async templates(): Promise<HomeTemplate[]> {
    const [templates, facts] = await Promise.all([
      listTemplates({ cacheDir: this.options.cacheDir, dir: this.dir }),
      this.options.machine.facts(),
    ]);
    return Promise.all(
      templates.map(async (template) => {
        const needs = await projectNeeds(path.join(this.dir, template.id, 'project.json'), this.options.cacheDir);
        return { ...template, check: checkHardware(needs, facts) };
      }),
    );
  }

  machine(): Promise<MachineInfo> {
    return this.options.machine.info();
  }

  open(file: string): Promise<Opened> {
    return this.options.registry.open(file);
  }

  async openTemplate(id: string): Promise<Opened> {
    return this.options.registry.open(path.join(await templateDir(id, this.dir), 'project.json'));
  }

  async editTemplate(id: string): Promise<Opened> {
    await templateDir(id, this.dir); // 404 with the known templates when there is no such one
    return this.options.editTemplate(id);
  }

  /** A second `demo-desktop` runs in another folder: its path must be absolute to mean the same file here. */
  async handOff(request: DeskOpenRequest): Promise<Opened> {
    if (!('path' in request)) return this.options.showHome();
    if (!path.isAbsolute(request.path)) throw new HttpError(400, `Send an absolute path (got "${request.path}").`);
    return this.open(request.path);
  }
}
