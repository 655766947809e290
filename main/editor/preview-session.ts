import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { CostResponse, PreviewResponse } from '../../preload/shared/editor/editor-api.js';
import { checkProject } from '../../preload/shared/project/check.js';
import { normalize } from '../../preload/shared/project/normalize.js';
import type { Project } from '../../preload/shared/project/schema.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { ReloadableEngine } from '../engine/reloadable-engine.js';
import type { PathOptions } from '../project/project-paths.js';
import type { DownloadProgress, ModelEnvironment } from '../runtimes/runtime.js';
import type { HostSettings } from '../runtimes/runtime-pool.js';
import { createDataDir, removeStaleDataDirs } from '../server/data-dirs.js';
import { startServer, type RunningServer } from '../server/start-server.js';
import { checkJson } from './documents.js';
import { eventCost, type CostInput } from './event-cost.js';

/**
 * The editor's live preview: a demo server of its own on 127.0.0.1 (another port), serving the
 * unsaved document through the real engine and scheduler with the normal runner page, which the
 * editor's page shows in a frame (the server lets only the editor's origin frame it). It starts
 * with a placeholder project, so its origin is known before the page loads (the page's CSP names
 * it); each `update` reloads the same server's engine (ReloadableEngine), restarting only what
 * changed. Errors are shown to the previewer whatever the project's `showError` says.
 */

export interface PreviewOptions {
  /** Origins that may frame the preview (the editor's). */
  readonly frameAncestors: readonly string[];
  readonly rendererDir?: string;
  readonly environment?: Partial<ModelEnvironment>;
  readonly pathOptions?: PathOptions;
  readonly logger?: Logger;
  readonly host?: HostSettings;
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
}

const PLACEHOLDER: unknown = {
  version: 1,
  name: 'Preview',
  functions: {},
  ui: {
    type: 'blocks',
    title: 'Preview',
    children: [{ type: 'markdown', value: 'Press **Run** in the editor to preview the project here.' }],
  },
};

function checked(json: unknown): Project {
  const { project, issues } = checkProject(json);
  if (!project) throw new Error(`invalid preview project: ${issues.map((issue) => issue.message).join('; ')}`);
  return project;
}

export class PreviewSession {
  private revision = 0;
  /** Reloads run one at a time, in the order they were asked for. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly engine: ReloadableEngine,
    private readonly server: RunningServer,
    private readonly dataDir: string,
    private readonly options: PreviewOptions,
  ) {}

  static async start(options: PreviewOptions): Promise<PreviewSession> {
    // Folders of previews and servers that were killed (and so could not clean up) go first.
    await removeStaleDataDirs().catch(() => undefined);
    const dataDir = await createDataDir();
    const logger = options.logger ?? silentLogger;
    const engine = new ReloadableEngine(
      { file: path.join(dataDir, 'project.json'), dir: dataDir, project: checked(PLACEHOLDER) },
      {
        logger,
        ...(options.environment ? { environment: options.environment } : {}),
        ...(options.host ? { host: options.host } : {}),
        ...(options.onDownload ? { onDownload: options.onDownload } : {}),
      },
    );
    try {
      const server = await startServer({
        engine,
        host: '127.0.0.1',
        port: 0,
        dataDir,
        showError: true,
        frameAncestors: options.frameAncestors,
        logger,
        ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
      });
      return new PreviewSession(engine, server, dataDir, options);
    } catch (error) {
      await engine.dispose();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** `http://127.0.0.1:PORT`, the origin the editor's page may frame. */
  get origin(): string {
    return this.server.url.replace(/\/$/, '');
  }

  /** The engine serving the preview (tests look at its workers). */
  get runtimes(): ReloadableEngine['runtimes'] {
    return this.engine.runtimes;
  }

  /**
   * Runs `json` (relative paths from `base`) in the preview: its issues and no URL when it is not
   * valid (the preview keeps showing the last valid version), else the URL, a new revision and
   * what had to restart.
   */
  update(json: unknown, base: string | null): Promise<PreviewResponse> {
    const next = this.queue.then(() => this.reload(json, base));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async reload(json: unknown, base: string | null): Promise<PreviewResponse> {
    const issues = await checkJson(json, base, this.options.pathOptions);
    const nothing = { models: [], modules: [] };
    if (issues.length > 0) return { url: null, revision: this.revision, issues, restarted: nothing };
    const dir = base ?? this.dataDir;
    const restarted = await this.engine.reload({ file: path.join(dir, 'project.json'), dir, project: checked(json) });
    this.revision++;
    return { url: this.server.url, revision: this.revision, issues: [], restarted };
  }

  /**
   * POST /cost: the event's measured run time in the preview, and what the queue settings of
   * `json` (the document as it is now) imply; the preview's own settings when the document is not
   * valid. An event the preview lacks is measured as nothing yet, not refused.
   */
  cost(apiName: string, burst = 20, json?: unknown): CostResponse {
    const inPreview = this.engine.app.events.some((event) => event.apiName === apiName);
    const runMs = inPreview ? this.engine.runPercentiles(apiName) : null;
    const project = (json === undefined ? undefined : checkProject(json).project) ?? this.engine.loaded.project;
    const settings = costSettings(project, apiName);
    return {
      apiName,
      inPreview,
      runMs,
      implications: settings ? eventCost({ ...settings, runMs: runMs?.p50 ?? null, burst }) : [],
    };
  }

  async close(): Promise<void> {
    await this.queue;
    await this.server.close();
    await this.engine.dispose();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** What an event's queue settings are, as the scheduler reads them (normalized); null: no such event. */
function costSettings(project: Project, apiName: string): Omit<CostInput, 'runMs' | 'burst'> | null {
  const event = normalize(project).events.find((candidate) => candidate.apiName === apiName);
  if (!event) return null;
  const fn = project.functions[event.fn];
  const model = fn?.kind === 'model' ? project.models[fn.model] : undefined;
  return {
    limit: event.concurrencyLimit,
    batch: event.batch,
    maxBatchSize: event.maxBatchSize,
    maxSize: project.queue.maxSize,
    batchable: fn?.kind === 'js' || model?.runtime === 'onnx',
  };
}
