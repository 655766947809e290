import { z } from 'zod';
import { storedTuneReport } from '../tune/tune-report.js';

/**
 * The editor's HTTP API (`/api/editor/*`), shared by the server (main/server/editor/) and the
 * editor page (renderer/editor/): one zod schema per request and answer, so both sides validate
 * the same shapes. Every route is local-only and needs the editor session cookie (or the Electron
 * window's per-launch header); docs/editor.md lists them.
 *
 * Errors travel as `{ detail }` with an HTTP status (400 a bad request, 401 no editor session,
 * 403 refused: not local, foreign Host or Origin, 404 no such file or template, 409 the file
 * exists and `overwrite` was not set).
 */

export const EDITOR_API = '/api/editor';
/** The editor page: `GET /editor?token=...` once (from `demo-desktop edit`), then `GET /editor`. */
export const EDITOR_PAGE = '/editor';

const issue = z.object({ path: z.string(), message: z.string(), value: z.unknown().optional() });
export type EditorIssue = z.infer<typeof issue>;

/**
 * Where a document's relative paths (JS modules, model files) resolve: the folder of the file it
 * was opened from or saved to; for a new project not saved yet, its template's folder.
 */
export const documentSource = z.object({
  /** Absolute path of the project.json it was opened from or saved to; null for a new project. */
  path: z.string().min(1).nullable(),
  /** The template (an example's id) a new project was made from; null otherwise. */
  template: z.string().min(1).nullable().default(null),
});
export type DocumentSource = z.infer<typeof documentSource>;

const noSource = { path: null, template: null };

/** A project as the editor holds it: where it is saved (null: never saved) and its text on disk. */
export const editorDocument = z.object({
  /** Absolute path of the project.json, or null for a new project not saved yet. */
  path: z.string().nullable(),
  /** The template a new project was made from (until it is saved); null for a file. */
  template: z.string().nullable().default(null),
  /** The file's exact text (what Save writes back when nothing changed: byte-identical). */
  text: z.string(),
  /** Every problem, from the same checks `validate` runs (schema, references, files on disk). */
  issues: z.array(issue),
});
export type EditorDocument = z.infer<typeof editorDocument>;

/** GET /session: what the editor opens with (the file `demo-desktop edit` was given, or a new project). */
export const sessionResponse = z.object({ document: editorDocument });

/** POST /open → EditorDocument. A relative path is relative to the folder `demo-desktop edit` runs in. */
export const openRequest = z.object({ path: z.string().min(1) });
/** POST /new → EditorDocument: a copy of a template (an example), not saved yet. */
export const newRequest = z.object({ template: z.string().min(1) });
/**
 * POST /save → EditorDocument (as saved: its path, the exact text written, its issues).
 * `path` null saves where the document came from (`source.path`); a path is Save As. The file is
 * written atomically, formatted stably (2-space JSON, keys in schema order, final newline), or
 * left byte-identical when the project equals what the file already holds. Saving a new project
 * copies its template's other files (JS modules) next to it, never overwriting one.
 */
export const saveRequest = z.object({
  path: z.string().min(1).nullable(),
  project: z.record(z.string(), z.unknown()),
  source: documentSource.default(noSource),
  /** Save As onto an existing file other than the document's own: refused (409) unless true. */
  overwrite: z.boolean().default(false),
});
/** POST /validate: schema, references and the files the project names (relative to `source`). */
export const validateRequest = z.object({ project: z.record(z.string(), z.unknown()), source: documentSource.default(noSource) });
export const validateResponse = z.object({ issues: z.array(issue) });

export const template = z.object({ id: z.string(), name: z.string(), description: z.string(), offline: z.boolean() });
/** GET /templates */
export const templatesResponse = z.object({ templates: z.array(template) });

export const recentProject = z.object({
  path: z.string(),
  name: z.string(),
  /** ISO time it was last opened or saved. */
  openedAt: z.string(),
  /** The file is gone (moved or deleted) since. */
  missing: z.boolean(),
});
/** GET /recent: newest first, at most 20. */
export const recentResponse = z.object({ projects: z.array(recentProject) });
/** POST /recent/forget → recentResponse: drops one entry (e.g. a missing file). */
export const forgetRecentRequest = z.object({ path: z.string().min(1) });

/** POST /preview: run the unsaved document through the real engine. */
export const previewRequest = z.object({ project: z.record(z.string(), z.unknown()), source: documentSource.default(noSource) });
export const previewResponse = z.object({
  /** BASE of the preview's Gradio app (the runner page connects to it), or null when invalid. */
  url: z.string().nullable(),
  /** Counts the reloads of the preview: a new number means the page in the frame should reload. */
  revision: z.number().int(),
  issues: z.array(issue),
  /** What the reload had to restart (a label edit restarts nothing). */
  restarted: z.object({ models: z.array(z.string()), modules: z.array(z.string()) }),
});

/**
 * POST /cost: an event's measured run time in the preview and what its queue settings imply, for
 * the document as it is now (the preview may still run an older version: it reloads only while
 * shown). `event` is the event's API name; `burst`: how many users arrive at once in the sentences.
 */
export const costRequest = z.object({
  event: z.string().min(1),
  project: z.record(z.string(), z.unknown()),
  burst: z.number().int().min(1).max(100_000).default(20),
});
/**
 * An event the preview does not run yet (added or renamed since the preview last ran) is a normal
 * answer, not an error: `inPreview: false`, nothing measured.
 */
export const costResponse = z.object({
  apiName: z.string(),
  /** Whether the preview's project has this event; false until the preview runs a version with it. */
  inPreview: z.boolean(),
  runMs: z.object({ p50: z.number(), p95: z.number(), samples: z.number().int() }).nullable(),
  /** Plain sentences, e.g. "at most 1 at a time: a burst of 20 users waits ~14 s". */
  implications: z.array(z.string()),
});

export const cachedModel = z.object({
  /** The Hub repo id, e.g. "Xenova/t5-small". */
  id: z.string(),
  /** Files in the cache (every revision together) and their bytes on disk. */
  files: z.number().int(),
  bytes: z.number().int(),
});
/** GET /models: the local model cache (`--cache-dir`). */
export const modelsResponse = z.object({ cacheDir: z.string(), models: z.array(cachedModel) });

/**
 * POST /tune-report {path, event} → the latest `demo-desktop tune` report of that event of the
 * saved project file (main/store/tune-reports.ts), or null when it was never tuned.
 */
export const tuneReportRequest = z.object({ path: z.string().min(1), event: z.string().min(1) });
export const tuneReportResponse = z.object({ report: storedTuneReport.nullable() });
export type TuneReportResponse = z.infer<typeof tuneReportResponse>;

/** Any of the schemas above, for the renderer (which may not import zod itself) to validate with. */
export type ContractSchema<T> = z.ZodType<T>;

export type ValidateResponse = z.infer<typeof validateResponse>;

export type EditorTemplate = z.infer<typeof template>;
export type RecentProject = z.infer<typeof recentProject>;
export type PreviewResponse = z.infer<typeof previewResponse>;
export type CostResponse = z.infer<typeof costResponse>;
export type CachedModel = z.infer<typeof cachedModel>;
export type ModelsResponse = z.infer<typeof modelsResponse>;
export type SaveRequest = z.input<typeof saveRequest>;
export type ValidateRequest = z.input<typeof validateRequest>;
export type PreviewRequest = z.input<typeof previewRequest>;
export type CostRequest = z.input<typeof costRequest>;
