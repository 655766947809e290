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
  saveRequest,
  TuneReportResponse,
  tuneReportRequest,
  validateRequest,
} from '../../../preload/shared/editor/editor-api.js';

/**
 * What the editor's routes need from the editor (main/editor/ implements it): the routes check
 * who asks and the wire shapes; everything about files, templates and the preview is behind this.
 * Methods throw HttpError for answers other than 200 (404 no such file, 409 the file exists).
 */
export interface EditorBackend {
  /** What the page opens with: the file `demo-desktop edit` was given, or a new project. */
  session(): Promise<EditorDocument>;
  open(path: string): Promise<EditorDocument>;
  create(template: string): Promise<EditorDocument>;
  save(request: z.infer<typeof saveRequest>): Promise<EditorDocument>;
  validate(request: z.infer<typeof validateRequest>): Promise<EditorIssue[]>;
  templates(): Promise<EditorTemplate[]>;
  recent(): Promise<RecentProject[]>;
  forgetRecent(path: string): Promise<RecentProject[]>;
  preview(request: z.infer<typeof previewRequest>): Promise<PreviewResponse>;
  /** The event's measured run time in the preview and what the document's queue settings imply. */
  cost(request: z.infer<typeof costRequest>): CostResponse;
  models(): Promise<z.infer<typeof modelsResponse>>;
  /** The latest tune report of an event of a saved project (null: never tuned). */
  tuneReport(request: z.infer<typeof tuneReportRequest>): Promise<TuneReportResponse>;
  /** The live preview's origin (`http://127.0.0.1:PORT`), which the page may frame; null before it runs. */
  previewOrigin(): string | null;
}
