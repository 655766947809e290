import {
  costResponse,
  EDITOR_API,
  editorDocument,
  modelsResponse,
  previewResponse,
  recentResponse,
  sessionResponse,
  templatesResponse,
  tuneReportResponse,
  validateResponse,
  type ContractSchema,
  type CostResponse,
  type DocumentSource,
  type EditorDocument,
  type EditorTemplate,
  type ModelsResponse,
  type PreviewResponse,
  type RecentProject,
  type TuneReportResponse,
  type ValidateResponse,
} from '../../../preload/shared/editor/editor-api.js';
import type { JsonObject } from '../state/editor-state.js';
import { EditorApiError } from './editor-api-error.js';

/**
 * The editor page's only way to the server: one function per /api/editor route, each answer
 * checked with the contract's zod schema (preload/shared/editor/editor-api.ts), so a server that
 * drifted from the contract fails here with the route's name, not later in a component.
 * The session cookie rides along (same origin); nothing else is sent.
 */
export interface EditorClient {
  /** What the editor opens with: the file `demo-desktop edit` was given, or a new project. */
  session(): Promise<EditorDocument>;
  templates(): Promise<readonly EditorTemplate[]>;
  recent(): Promise<readonly RecentProject[]>;
  forgetRecent(path: string): Promise<readonly RecentProject[]>;
  create(template: string): Promise<EditorDocument>;
  open(path: string): Promise<EditorDocument>;
  save(request: SaveCall): Promise<EditorDocument>;
  validate(project: JsonObject, source: DocumentSource): Promise<ValidateResponse>;
  preview(project: JsonObject, source: DocumentSource, signal?: AbortSignal): Promise<PreviewResponse>;
  /** The event's measured run time and what the queue settings of `project` (as it is now) imply. */
  cost(apiName: string, project: JsonObject, signal?: AbortSignal): Promise<CostResponse>;
  models(): Promise<ModelsResponse>;
  /** The latest `demo-desktop tune` report of an event of the saved file at `path` (null: never tuned). */
  tuneReport(path: string, apiName: string, signal?: AbortSignal): Promise<TuneReportResponse['report']>;
}

/** POST /save: `path` null saves where the document came from; a path is Save As. */
export interface SaveCall {
  readonly project: JsonObject;
  readonly path: string | null;
  readonly source: DocumentSource;
  /** Save As onto another existing file: the server refuses (409) unless this is true. */
  readonly overwrite?: boolean;
}

export function createEditorClient(base: string = EDITOR_API): EditorClient {
  const get = <T>(route: string, schema: ContractSchema<T>, signal?: AbortSignal): Promise<T> =>
    call(`${base}${route}`, { method: 'GET' }, schema, signal);
  const post = <T>(route: string, body: unknown, schema: ContractSchema<T>, signal?: AbortSignal): Promise<T> =>
    call(
      `${base}${route}`,
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
      schema,
      signal,
    );
  return {
    session: async () => (await get('/session', sessionResponse)).document,
    templates: async () => (await get('/templates', templatesResponse)).templates,
    recent: async () => (await get('/recent', recentResponse)).projects,
    forgetRecent: async (path) => (await post('/recent/forget', { path }, recentResponse)).projects,
    create: (template) => post('/new', { template }, editorDocument),
    open: (path) => post('/open', { path }, editorDocument),
    save: ({ project, path, source, overwrite = false }) => post('/save', { path, project, source, overwrite }, editorDocument),
    validate: (project, source) => post('/validate', { project, source }, validateResponse),
    preview: (project, source, signal) => post('/preview', { project, source }, previewResponse, signal),
    cost: (apiName, project, signal) => post('/cost', { event: apiName, project }, costResponse, signal),
    models: () => get('/models', modelsResponse),
    tuneReport: async (path, apiName, signal) => (await post('/tune-report', { path, event: apiName }, tuneReportResponse, signal)).report,
  };
}

async function call<T>(url: string, init: RequestInit, schema: ContractSchema<T>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', signal: signal ?? null });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new EditorApiError('unreachable', url, 0, 'Could not reach the editor server. Is `demo-desktop edit` still running?');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new EditorApiError('refused', url, response.status, detailOf(body) ?? response.statusText);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'unexpected shape';
    throw new EditorApiError('bad-answer', url, response.status, `The editor server's answer does not match the contract (${where}).`);
  }
  return parsed.data;
}

/** The server's error bodies are `{ detail: string }` (main/server/responses.ts). */
function detailOf(body: unknown): string | null {
  if (body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string') return body.detail;
  return null;
}
