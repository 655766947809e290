import path from 'node:path';
import type { EditorDocument } from '../../preload/shared/editor/editor-api.js';
import { formatProject } from '../../preload/shared/project/format-project.js';
import { asRecord, asString } from '../../preload/shared/project/raw-json.js';
import { isInside } from '../project/project-paths.js';
import { checkText, parseText, readText, type DocumentOptions } from './documents.js';
import { templateDir } from './templates.js';

/**
 * POST /new: a copy of a template, not saved yet; its relative paths resolve in the template's
 * folder until it is saved. A model path that leads out of the template's folder (the tiny models
 * that ship with demo-desktop, `../../models/...`) becomes absolute, so it still points at the same
 * files wherever the project is saved; the template's own files (JS modules) are copied on save.
 */

/** The project with out-of-folder model paths made absolute, or undefined when none leads out. */
function anchorModelPaths(json: unknown, dir: string): unknown {
  const models = asRecord(asRecord(json)?.models);
  if (!models) return undefined;
  let moved = false;
  const next: Record<string, unknown> = {};
  for (const [name, model] of Object.entries(models)) {
    const source = asRecord(asRecord(model)?.source);
    const local = asString(source?.path);
    const absolute = local === undefined ? undefined : path.resolve(dir, local);
    if (absolute === undefined || isInside(dir, absolute) || path.isAbsolute(local ?? '')) {
      next[name] = model;
      continue;
    }
    moved = true;
    next[name] = { ...asRecord(model), source: { ...source, path: absolute } };
  }
  return moved ? { ...asRecord(json), models: next } : undefined;
}

export async function newDocument(template: string, options: DocumentOptions = {}): Promise<EditorDocument> {
  const dir = await templateDir(template, options.templatesDir);
  const original = await readText(path.join(dir, 'project.json'));
  const parsed = parseText(original);
  const anchored = 'json' in parsed ? anchorModelPaths(parsed.json, dir) : undefined;
  const text = anchored === undefined ? original : formatProject(anchored);
  return { path: null, template, text, issues: await checkText(text, dir, options) };
}
