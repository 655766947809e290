import path from 'node:path';
import type { z } from 'zod';
import type {
  CostResponse,
  costRequest,
  EditorDocument,
  EditorIssue,
  EditorTemplate,
  PreviewResponse,
  RecentProject,
  modelsResponse,
  previewRequest,
  TuneReportResponse,
  tuneReportRequest,
  validateRequest,
} from '../../preload/shared/editor/editor-api.js';
import { silentLogger } from '../common/logger.js';
import { latestTuneReports } from '../store/tune-reports.js';
import type { PathOptions } from '../project/project-paths.js';
import type { EditorBackend } from '../server/editor/editor-backend.js';
import { HttpError } from '../server/http-error.js';
import { baseDir, checkJson, openDocument } from './documents.js';
import { listCachedModels } from './model-cache.js';
import { newDocument } from './new-document.js';
import type { PreviewSession } from './preview-session.js';
import type { RecentProjects } from './recent-projects.js';
import { projectName, saveDocument, type SaveInput } from './save-document.js';
import { listTemplates } from './templates.js';

/** What the editor works on, behind its routes: documents, templates, recent projects, the preview. */

export interface EditorServiceOptions {
  /** What `demo-desktop edit` was given: a file to open, or the template of a new project. */
  readonly initial: { readonly file: string } | { readonly template: string };
  readonly recent: RecentProjects;
  /** The model cache (`--cache-dir`): listed by GET /models, and templates whose models are there work offline. */
  readonly cacheDir: string;
  readonly pathOptions?: PathOptions;
  /** Templates folder (default: the package's examples/). */
  readonly templatesDir?: string;
  /** The app's data folder, whose database holds `demo-desktop tune`'s reports; absent: none. */
  readonly dataDir?: string;
}

export class EditorService implements EditorBackend {
  private previewSession: PreviewSession | undefined;
  private initial: EditorServiceOptions['initial'];

  constructor(private readonly options: EditorServiceOptions) {
    this.initial = options.initial;
  }

  /** What GET /session answers from now on: the desk opens the editor on a template or a file. */
  setInitial(initial: EditorServiceOptions['initial']): void {
    this.initial = initial;
  }

  private get documentOptions(): PathOptions & { templatesDir?: string } {
    return { ...this.options.pathOptions, ...(this.options.templatesDir ? { templatesDir: this.options.templatesDir } : {}) };
  }

  /** The preview starts after the editor's server (it needs the editor's origin); routes wait for it. */
  attachPreview(session: PreviewSession): void {
    this.previewSession = session;
  }

  previewOrigin(): string | null {
    return this.previewSession?.origin ?? null;
  }

  private get running(): PreviewSession {
    if (!this.previewSession) throw new HttpError(503, 'The preview is still starting; try again in a moment.');
    return this.previewSession;
  }

  session(): Promise<EditorDocument> {
    const { initial } = this;
    return 'file' in initial ? openDocument(initial.file, this.documentOptions) : newDocument(initial.template, this.documentOptions);
  }

  async open(file: string): Promise<EditorDocument> {
    const document = await openDocument(file, this.documentOptions);
    await this.remember(document);
    return document;
  }

  create(template: string): Promise<EditorDocument> {
    return newDocument(template, this.documentOptions);
  }

  async save(request: SaveInput): Promise<EditorDocument> {
    const document = await saveDocument(request, this.documentOptions);
    await this.remember(document);
    return document;
  }

  async validate(request: z.infer<typeof validateRequest>): Promise<EditorIssue[]> {
    return checkJson(request.project, await baseDir(request.source, this.documentOptions), this.options.pathOptions);
  }

  templates(): Promise<EditorTemplate[]> {
    return listTemplates({ cacheDir: this.options.cacheDir, ...(this.options.templatesDir ? { dir: this.options.templatesDir } : {}) });
  }

  recent(): Promise<RecentProject[]> {
    return this.options.recent.list();
  }

  async forgetRecent(file: string): Promise<RecentProject[]> {
    await this.options.recent.forget(file);
    return this.options.recent.list();
  }

  async preview(request: z.infer<typeof previewRequest>): Promise<PreviewResponse> {
    return this.running.update(request.project, await baseDir(request.source, this.documentOptions));
  }

  cost(request: z.infer<typeof costRequest>): CostResponse {
    return this.running.cost(request.event, request.burst, request.project);
  }

  async tuneReport(request: z.infer<typeof tuneReportRequest>): Promise<TuneReportResponse> {
    if (!this.options.dataDir) return { report: null };
    const reports = await latestTuneReports(this.options.dataDir, path.resolve(request.path), silentLogger);
    return { report: reports.find((stored) => stored.event === request.event) ?? null };
  }

  async models(): Promise<z.infer<typeof modelsResponse>> {
    return { cacheDir: this.options.cacheDir, models: await listCachedModels(this.options.cacheDir) };
  }

  /** Opened or saved: first in the recent list (a failure to write it does not fail the open or save). */
  private async remember(document: EditorDocument): Promise<void> {
    if (document.path === null) return;
    await this.options.recent.touch(document.path, projectName(document.text, document.path)).catch(() => undefined);
  }
}

/** `demo-desktop edit <file>` opens the file; relative paths are relative to where the command runs. */
export function initialOf(file: string | undefined, template: string): EditorServiceOptions['initial'] {
  return file === undefined ? { template } : { file: path.resolve(file) };
}
