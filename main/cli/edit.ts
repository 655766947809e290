import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { appDataDir } from '../common/app-data-dir.js';
import { isFile } from '../common/path-kind.js';
import { createLogger } from '../common/logger.js';
import { projectFile } from '../editor/documents.js';
import { initialOf } from '../editor/editor-service.js';
import { startEditor, type RunningEditor } from '../editor/start-editor.js';
import { DEFAULT_TEMPLATE, templateDir } from '../editor/templates.js';
import { HttpError } from '../server/http-error.js';
import { UnreadableProjectError } from '../project/load.js';
import { isLoopbackHost } from '../server/editor/start-editor-server.js';
import { openBrowser } from './browser.js';
import { EXIT, UsageError } from './cli-error.js';
import { downloadReporter } from './download-reporter.js';
import type { Output } from './output.js';
import { modelEnvironment, parsePort } from './serve-options.js';
import { untilInterrupted } from './signals.js';

export const EDIT_HELP = `Usage: demo-desktop edit [project.json | folder] [options]

Opens the visual editor in your browser: build and change a demo by clicking, see it run live,
save a readable project.json. Without a file it starts a new project from a template (one of the
examples). Prints "Running on <url>" when ready, then opens a one-time sign-in link (or prints it
when there is no display); press Enter for a new link. The editor listens on this computer only.

Options:
  --template <name>      Template of a new project (default ${DEFAULT_TEMPLATE}; see examples/)
  -p, --port <n>         Port (default 7870, or the next free one; 0 picks any free port)
  --host <name>          127.0.0.1 (default), localhost or ::1; the editor reads and writes your
                         files and runs code, so any other address is refused
  --no-browser           Print the sign-in link; open nothing
  --data-dir <dir>       Where the recent projects list is kept (default $DEMO_DESKTOP_DATA, else
                         ~/.local/share/demo-desktop or your platform's application data folder)
  --offline              Never download models; use the cache and local files only
  --cache-dir <dir>      Model cache (default ~/.cache/demo-desktop/models, or $DEMO_DESKTOP_CACHE)
  --hub-endpoint <url>   Hugging Face Hub endpoint or mirror (default https://huggingface.co, or $HF_ENDPOINT)
  --allow-outside-project
                         Accept model paths and JS modules outside the project folder
  -h, --help             Show this help`;

const OPTIONS = {
  template: { type: 'string' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'no-browser': { type: 'boolean' },
  'data-dir': { type: 'string' },
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'hub-endpoint': { type: 'string' },
  'allow-outside-project': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const DEFAULT_EDIT_PORT = 7870;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

function settingsOf(values: Values, positionals: readonly string[]): Parameters<typeof startEditor>[0] {
  const [file, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`edit takes at most one project file; unexpected: ${extra.join(' ')}`, 'edit');
  const host = values.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new UsageError(
      `--host ${host} is refused: the editor reads and writes your files and runs code, so it listens on this computer only (127.0.0.1, localhost or ::1). To share a demo, use "demo-desktop serve".`,
      'edit',
    );
  }
  if (file !== undefined && values.template !== undefined) {
    throw new UsageError(`--template starts a new project, so it goes without a file (got ${file} too)`, 'edit');
  }
  const port = parsePort(values.port);
  return {
    initial: initialOf(file, values.template ?? DEFAULT_TEMPLATE),
    host,
    port: port ?? DEFAULT_EDIT_PORT,
    explicitPort: port !== undefined,
    environment: modelEnvironment(values, 'edit'),
    allowOutsideProject: values['allow-outside-project'] === true,
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : appDataDir(),
  };
}

/**
 * Whether this process may read its terminal: a background job (`demo-desktop edit &`) that reads
 * it is stopped by SIGTTIN (and a SIGTTIN handler turns that into a busy loop). On Linux the
 * process's group is compared with the terminal's foreground group (/proc/self/stat); elsewhere a
 * terminal is assumed to be ours, as dev servers that read keys do.
 */
function mayReadTerminal(): boolean {
  if (!process.stdin.isTTY) return true;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const [, , pgrp, , , tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return pgrp === tpgid;
  } catch {
    return true;
  }
}

/** Each line typed on stdin (Enter) prints a fresh sign-in link. Returns a function that stops listening. */
function newLinksOnEnter(editor: RunningEditor, io: Output): () => void {
  const { stdin } = process;
  const onData = (chunk: Buffer): void => {
    for (const _line of chunk.toString().split('\n').slice(1)) io.out(`Editor: ${editor.loginUrl()}`);
  };
  stdin.on('data', onData);
  return () => {
    stdin.off('data', onData);
    stdin.pause();
  };
}

export async function editCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  if (values.help) {
    io.out(EDIT_HELP);
    return EXIT.ok;
  }
  const settings = settingsOf(values, positionals);
  const initial = 'file' in settings.initial ? { file: await projectFile(settings.initial.file) } : settings.initial;
  if ('template' in initial) {
    // A template that is not there is a typo: refused here, not shown as a 404 in the browser.
    await templateDir(initial.template).catch((error: unknown) => {
      throw error instanceof HttpError && error.status === 404 ? new UsageError(`--template: ${error.message}`, 'edit') : error;
    });
  }
  if ('file' in initial) {
    if (!(await isFile(initial.file))) {
      throw new UnreadableProjectError(
        'NOT_FOUND',
        `No file ${initial.file}. For a new project run "demo-desktop edit" without a file (--template chooses the example it starts from).`,
      );
    }
  }
  const logger = createLogger('demo-desktop');
  const editor = await startEditor({ ...settings, initial }, { logger, onDownload: downloadReporter((line) => io.err(line)) });
  const interrupted = untilInterrupted(io);
  io.out(`Running on ${editor.origin}`);
  const url = editor.loginUrl();
  const opened = values['no-browser'] ? { opened: false as const, reason: '--no-browser' } : await openBrowser(url);
  if (opened.opened) io.err('Opened the editor in your browser.');
  else {
    if (!values['no-browser']) io.err(`Could not open a browser (${opened.reason}): open the editor link below.`);
    io.out(`Editor: ${url}`);
  }
  const reads = mayReadTerminal();
  io.err(`The link signs in once, within 5 minutes${reads ? '; press Enter for a new one' : ''}. Press Ctrl-C to stop.`);
  const stopLinks = reads ? newLinksOnEnter(editor, io) : () => undefined;
  await interrupted;
  stopLinks();
  await editor.close();
  io.err('Stopped.');
  return EXIT.ok;
}
