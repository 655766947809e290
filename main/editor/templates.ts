import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EditorTemplate } from '../../preload/shared/editor/editor-api.js';
import { asRecord, asString } from '../../preload/shared/project/raw-json.js';
import { bundledPath } from '../common/package-root.js';
import { HttpError } from '../server/http-error.js';

/**
 * Templates of new projects: the examples that ship with demo-desktop (`examples/<id>/project.json`),
 * each with its name and description from its project.json and whether it works offline (no
 * Hugging Face model that is not in the local cache yet).
 */

export const DEFAULT_TEMPLATE = 'greet';
const TEMPLATE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function examplesDir(): string {
  return bundledPath('examples');
}

export interface TemplateOptions {
  /** Where the templates are (default: the package's examples/). */
  readonly dir?: string;
  /** The model cache: a Hub model found there does not need a download. */
  readonly cacheDir: string;
}

/** The folder of template `id`; 404 when there is no such template. */
export async function templateDir(id: string, dir: string = examplesDir()): Promise<string> {
  const folder = path.join(dir, id);
  const found =
    TEMPLATE_ID.test(id) &&
    (await stat(path.join(folder, 'project.json')).then(
      (s) => s.isFile(),
      () => false,
    ));
  if (!found) {
    const known = (await templateIds(dir)).join(', ') || 'none';
    throw new HttpError(404, `No template "${id}" (templates: ${known}).`);
  }
  return folder;
}

async function templateIds(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const ids = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory() && TEMPLATE_ID.test(entry.name))
      .map(async (entry) =>
        (await stat(path.join(dir, entry.name, 'project.json')).then(
          (s) => s.isFile(),
          () => false,
        ))
          ? entry.name
          : undefined,
      ),
  );
  return ids.filter((id) => id !== undefined).sort();
}

/** Hub models of a project that are not in the cache: using them downloads them. */
async function downloads(json: unknown, cacheDir: string): Promise<boolean> {
  for (const model of Object.values(asRecord(asRecord(json)?.models) ?? {})) {
    const hub = asString(asRecord(asRecord(model)?.source)?.hub);
    if (hub === undefined) continue;
    const cached = await stat(path.join(cacheDir, hub)).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!cached) return true;
  }
  return false;
}

export async function listTemplates(options: TemplateOptions): Promise<EditorTemplate[]> {
  const dir = options.dir ?? examplesDir();
  const templates = await Promise.all(
    (await templateIds(dir)).map(async (id): Promise<EditorTemplate | undefined> => {
      try {
        const json: unknown = JSON.parse(await readFile(path.join(dir, id, 'project.json'), 'utf8'));
        const record = asRecord(json);
        return {
          id,
          name: asString(record?.name) ?? id,
          description: asString(record?.description) ?? '',
          offline: !(await downloads(json, options.cacheDir)),
        };
      } catch {
        return undefined; // an example that does not parse is no template
      }
    }),
  );
  return templates.filter((template) => template !== undefined);
}
