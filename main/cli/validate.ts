import { parseArgs } from 'node:util';
import { AppError } from '../../preload/shared/errors.js';
import { loadProject } from '../project/load.js';
import { normalize } from '../../preload/shared/project/normalize.js';
import { formatIssue, ProjectValidationError } from '../../preload/shared/project/validation-error.js';
import { EXIT, UsageError } from './cli-error.js';
import type { Output } from './output.js';

export const VALIDATE_HELP = `Usage: demo-desktop validate <project.json>

Checks a project file: JSON syntax, the schema, references between events, functions and
models, and the files it names. Every problem is listed at once with its JSON path.

Exit status: 0 when the project is valid, 2 when it is not (or cannot be read).

Options:
  --allow-outside-project   Accept model paths and JS modules outside the project folder
                            (refused by default; symbolic links are followed to judge)
  -h, --help                Show this help`;

export async function validateCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { help: { type: 'boolean', short: 'h' }, 'allow-outside-project': { type: 'boolean' } },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(VALIDATE_HELP);
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('validate needs a project file, e.g. demo-desktop validate project.json', 'validate');
  if (extra.length > 0) throw new UsageError(`validate takes one file; unexpected: ${extra.join(' ')}`, 'validate');
  try {
    const loaded = await loadProject(file, { allowOutsideProject: values['allow-outside-project'] === true });
    const app = normalize(loaded.project);
    const { models, functions } = loaded.project;
    io.out(
      `✓ ${loaded.file} is valid: ${Object.keys(models).length} model(s), ${Object.keys(functions).length} function(s), ` +
        `${app.events.length} event(s) (${app.events.map((e) => `/${e.apiName}`).join(', ')}).`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof ProjectValidationError) {
      io.err(`✗ ${error.file} has ${error.issues.length} problem(s):`);
      for (const issue of error.issues) {
        io.err(`  ${formatIssue(issue)}`);
      }
      return EXIT.usage;
    }
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      io.err(`✗ ${error.message}`);
      return EXIT.usage;
    }
    throw error;
  }
}
