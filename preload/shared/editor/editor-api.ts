import { z } from 'zod';

/**
 * The editor's HTTP API (`/api/editor/*`), shared by the server (main/server/editor/) and the
 * editor page (renderer/editor/): one zod schema per request and answer, so both sides validate
 * the same shapes. Every route is local-only and needs the editor session cookie (or the Electron
 * window's per-launch header); docs/editor.md lists them.
 */

export const EDITOR_API = '/api/editor';

const issue = z.object({ path: z.string(), message: z.string(), value: z.unknown().optional() });

/** A project as the editor holds it: where it is saved (null: never saved) and its text on disk. */
export const editorDocument = z.object({
  /** Absolute path of the project.json, or null for a new project not saved yet. */
  path: z.string().nullable(),
  /** The file's exact text (what Save writes back when nothing changed: byte-identical). */
  text: z.string(),
  /** Every problem, from the same checks `validate` runs (schema, references, files on disk). */
  issues: z.array(issue),
});
export type EditorDocument = z.infer<typeof editorDocument>;

/**
 * GET /document: what the editor starts with: the project `demo-desktop edit <file>` opened, or a
 * new project (from the default template, path null) when it was started without one.
 */
export const documentResponse = editorDocument;

/** POST /open */
export const openRequest = z.object({ path: z.string().min(1) });
/** POST /new: a copy of a template (an example), not saved yet. */
export const newRequest = z.object({ template: z.string().min(1) });
/** POST /save: `path` null saves where the document came from; a path is Save As. */
export const saveRequest = z.object({ path: z.string().min(1).nullable(), project: z.record(z.string(), z.unknown()) });
/** POST /validate */
export const validateRequest = z.object({ project: z.record(z.string(), z.unknown()) });
export const validateResponse = z.object({ issues: z.array(issue) });

export const template = z.object({ id: z.string(), name: z.string(), description: z.string(), offline: z.boolean() });
export const templatesResponse = z.object({ templates: z.array(template) });

export const recentProject = z.object({
  path: z.string(),
  name: z.string(),
  /** ISO time it was last opened or saved. */
  openedAt: z.string(),
  /** The file is gone (moved or deleted) since. */
  missing: z.boolean(),
});
export const recentResponse = z.object({ projects: z.array(recentProject) });

/** POST /preview: run the unsaved document through the real engine. */
export const previewRequest = z.object({ project: z.record(z.string(), z.unknown()) });
export const previewResponse = z.object({
  /** BASE of the preview's Gradio app (the runner page connects to it), or null when invalid. */
  url: z.string().nullable(),
  issues: z.array(issue),
  /** What the reload had to restart (a label edit restarts nothing). */
  restarted: z.object({ models: z.array(z.string()), modules: z.array(z.string()) }),
});

/** GET /cost?event=<apiName>: measured run time and what the queue settings imply. */
export const costResponse = z.object({
  apiName: z.string(),
  runMs: z.object({ p50: z.number(), p95: z.number(), samples: z.number().int() }).nullable(),
  /** Plain sentences, e.g. "at most 1 at a time: a burst of 20 users waits ~14 s". */
  implications: z.array(z.string()),
});

/** Any of the schemas above, for the renderer (which may not import zod itself) to validate with. */
export type ContractSchema<T> = z.ZodType<T>;

export type ValidateResponse = z.infer<typeof validateResponse>;
export type EditorTemplate = z.infer<typeof template>;
export type RecentProject = z.infer<typeof recentProject>;
export type PreviewResponse = z.infer<typeof previewResponse>;
export type CostResponse = z.infer<typeof costResponse>;
