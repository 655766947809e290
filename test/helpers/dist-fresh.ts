import { statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * vitest's globalSetup under `vitest run --mode dist` (npm test), where the tests start the CLI and
 * the engine's workers from dist/ instead of through tsx: refuses to run them against a dist/ that
 * is missing a file or older than its source, so the tests never test yesterday's build by accident.
 */
export function staleOutputs(root: string = REPO_ROOT): string[] {
  const file = join(root, 'tsconfig.build.json');
  const { config } = ts.readConfigFile(file, (path) => ts.sys.readFile(path)) as { config: unknown };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root);
  const stale: string[] = [];
  for (const source of parsed.fileNames) {
    const rel = relative(root, source);
    const output = join(root, 'dist', rel.replace(/\.ts$/, '.js'));
    const built = statSync(output, { throwIfNoEntry: false });
    if (!built || built.mtimeMs < statSync(source).mtimeMs) stale.push(rel);
  }
  return stale;
}

export default function setup(): void {
  const stale = staleOutputs();
  if (stale.length === 0) return;
  const shown = stale.slice(0, 5).join(', ') + (stale.length > 5 ? ` and ${stale.length - 5} more` : '');
  throw new Error(
    `vitest --mode dist runs the CLI and workers from dist/, but dist/ is older than (or lacks) ${shown}: ` +
      'run `npm run build:emit` first, or run vitest without --mode dist to use the sources.',
  );
}
