import { existsSync } from 'node:fs';
import { realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { normalize } from '../../preload/shared/project/normalize.js';
import { isFolder } from '../common/path-kind.js';
import { appDataDir } from '../common/app-data-dir.js';
import { silentLogger } from '../common/logger.js';
import { loadProject } from '../project/load.js';
import { flagExportRow } from '../store/flag-export.js';
import { FlagRepository } from '../store/flag-repository.js';
import { FLAG_EXPORT_FORMATS, flagsCsv, flagsJsonl, writeFlagsFolder, type FlagExportFormat } from '../store/flag-writers.js';
import { HistoryRepository } from '../store/history-repository.js';
import { openStore, STORE_FILE_NAME } from '../store/open-store.js';
import { EXIT, UsageError } from './cli-error.js';
import type { Output } from './output.js';

export const FLAGS_HELP = `Usage: demo-desktop flags export <project.json> --format csv|jsonl|hf --out <path> [--data-dir <dir>]

Exports the flags people gave this project's runs (the Flag button under a demo's outputs), one
row per flag: the run's inputs and outputs by component, then flag (the reason), note, flagged_at,
run_id, event, outcome, error, caller and the run's times.

Formats:
  csv     one CSV file (RFC 4180: quoted fields, CRLF); a file value is its name
  jsonl   one JSON object per line; a file value is {file, sha256, mime, size}
  hf      a folder for Hugging Face datasets: data.jsonl, files/<sha256>/<name> (the paths
          data.jsonl names, relative to the folder) and README.md (a dataset card whose
          configs name data.jsonl): datasets.load_dataset("<folder>") reads it

Options:
  --format <f>       csv, jsonl or hf (required)
  --out <path>       the file (csv, jsonl) or folder (hf) to write, in a folder that exists; an
                     existing one is refused
  --data-dir <dir>   the data folder whose database holds the history (default: the app's,
                     $DEMO_DESKTOP_DATA or the platform's place)
  -h, --help         Show this help`;

export async function flagsCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h' },
      format: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    allowPositionals: true,
  });
  if (values.help) {
    io.out(FLAGS_HELP);
    return EXIT.ok;
  }
  const [action, file, ...extra] = positionals;
  if (action !== 'export') throw new UsageError(`flags has one action, export (got ${JSON.stringify(action ?? '')})`, 'flags');
  if (!file)
    throw new UsageError(
      'flags export needs a project file, e.g. demo-desktop flags export project.json --format csv --out flags.csv',
      'flags',
    );
  if (extra.length > 0) throw new UsageError(`flags export takes one project file; unexpected: ${extra.join(' ')}`, 'flags');
  const format = values.format as FlagExportFormat | undefined;
  if (!format || !FLAG_EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`--format must be one of ${FLAG_EXPORT_FORMATS.join(', ')} (got ${JSON.stringify(values.format ?? '')})`, 'flags');
  }
  if (!values.out) throw new UsageError('--out <path> is required: where to write the export', 'flags');
  const out = path.resolve(values.out);
  if (existsSync(out)) throw new UsageError(`--out ${out} already exists: choose a new path (nothing is overwritten)`, 'flags');
  const parent = path.dirname(out);
  if (!(await isFolder(parent)))
    throw new UsageError(`--out ${out}: ${parent} is not a folder that exists; create it first or choose another path`, 'flags');
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : appDataDir();
  if (!existsSync(path.join(dataDir, STORE_FILE_NAME))) {
    const instead = values['data-dir'] ? 'check --data-dir' : "pass --data-dir (the folder the demo's runs were recorded in)";
    io.err(`No history in ${dataDir} (no ${STORE_FILE_NAME}): run the demo with this data folder first, or ${instead}.`);
    return EXIT.failure;
  }
  const loaded = await loadProject(file);
  const project = await realpath(loaded.file);
  const store = openStore({ dataDir, logger: silentLogger });
  try {
    const history = new HistoryRepository(store);
    const rows = new FlagRepository(store.db).allFlags(project).flatMap((flag) => {
      const run = history.get(flag.runId);
      return run ? [flagExportRow(flag, run, normalize(loaded.project))] : [];
    });
    try {
      if (format === 'hf') {
        const written = await writeFlagsFolder(out, rows, (sha) => store.files.path(sha), loaded.project.name);
        io.out(`Wrote ${rows.length} flag(s) and ${written.files} file(s) to ${out} (data.jsonl, files/, README.md).`);
      } else {
        await writeFile(out, format === 'csv' ? flagsCsv(rows) : flagsJsonl(rows), { flag: 'wx' });
        io.out(`Wrote ${rows.length} flag(s) to ${out}.`);
      }
    } catch (error) {
      io.err(`Cannot write ${out}: ${(error as Error).message}. Choose a path in a folder you can write (--out).`);
      return EXIT.failure;
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
