import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import { EXIT, ReportedError, UsageError } from './cli-error.js';
import type { Output } from './output.js';
import { closest, optionsIn } from './suggest.js';
import { systemErrorLine } from './system-error.js';
import { packageVersion } from '../common/package-root.js';

export const HELP = `demo-desktop: run and share local ML demos from a project.json

Usage:
  demo-desktop                           Start the app: the home screen (recent projects, templates, this machine)
  demo-desktop open <project.json>       Open a demo in a window of its own (see below)
  demo-desktop serve <project.json>      Serve a demo and its Gradio-compatible API on 127.0.0.1
  demo-desktop validate <project.json>   Check a project file and list every problem
  demo-desktop tune <project.json>       Measure capacity on this machine and choose the queue settings (--write)
  demo-desktop flags export <project.json> --format csv|jsonl|hf --out <path>
                                         Export the flags of a project's runs (a CSV, JSONL, a datasets folder)
  demo-desktop edit [project.json]       Build or change a demo in the visual editor (browser)
  demo-desktop share-server --domain <d> Run a share server of your own (public links for shared demos)
  demo-desktop worker <project.json> --queue redis://host:port/db
                                         Run a demo's functions for fronts sharing a Redis queue (scale-out)
  demo-desktop --version                 Print the version
  demo-desktop --help                    Show this help

Run "demo-desktop <command> --help" for a command's options.
Without a command: -p/--port <n> (the app's port), --no-browser (print the home screen's link),
--data-dir <dir>, --offline, --cache-dir <dir>, --hub-endpoint <url>.
Environment: DEMO_DESKTOP_CACHE (model cache), DEMO_DESKTOP_DATA (recent projects, the running app), DEMO_DESKTOP_OFFLINE=1,
HF_ENDPOINT, DEMO_DESKTOP_LOG=debug.`;

type Command = (argv: readonly string[], io: Output) => Promise<number>;

/** Loaded on demand: `validate` and `--help` never load the engine, the server or native modules. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  open: async () => (await import('./open.js')).openCommand,
  serve: async () => (await import('./serve.js')).serveCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  tune: async () => (await import('./tune.js')).tuneCommand,
  flags: async () => (await import('./flags.js')).flagsCommand,
  edit: async () => (await import('./edit.js')).editCommand,
  'share-server': async () => (await import('./share-server.js')).shareServerCommand,
  worker: async () => (await import('./worker.js')).workerCommand,
};

const loadHome = async (): Promise<Command> => (await import('./home.js')).homeCommand;

/** Runs one CLI invocation; resolves with the exit code. Never throws. */
export async function main(argv: readonly string[], io: Output): Promise<number> {
  const [first, ...rest] = argv;
  try {
    const topic = first === 'help' && rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    if (topic) return await (await topic())(['--help'], io); // `demo-desktop help serve`, as git and npm take it
    if (first === '--help' || first === '-h' || first === 'help') {
      // Computed per machine (what is installed, whether there is a display); loads no engine.
      const { windowHelpLine } = await import('./window-kind.js');
      io.out(`${HELP}\n\n${windowHelpLine()}`);
      return EXIT.ok;
    }
    if (first === '--version' || first === '-v') {
      io.out(packageVersion());
      return EXIT.ok;
    }
    // No command (or only options): the app itself, its home screen.
    if (first === undefined || first.startsWith('-')) return await (await loadHome())(argv, io);
    const load = COMMANDS[first];
    if (!load) {
      if (/\.json$/i.test(first) || existsSync(first)) {
        // A project given without a command, the way `python app.py` runs an app.
        const inFolder = path.join(first, 'project.json');
        const project = !/\.json$/i.test(first) && existsSync(inFolder) ? inFolder : first;
        throw new UsageError(`"${first}" is not a command: to run a project, demo-desktop open ${project} (or serve, validate, edit)`);
      }
      const guess = closest(first, Object.keys(COMMANDS));
      throw new UsageError(
        `unknown command "${first}"${guess ? ` (did you mean "${guess}"?)` : ''}; the commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    }
    return await (
      await load()
    )(rest, io);
  } catch (error) {
    return report(await withSuggestion(error, first), io, first);
  }
}

/**
 * node:util's "Unknown option '--no-brower'. To specify a positional argument starting with a '-',
 * ..." becomes "unknown option --no-brower (did you mean --no-browser?)", the options being those
 * the command's own help lists.
 */
async function withSuggestion(error: unknown, first: string | undefined): Promise<unknown> {
  const command = first !== undefined && !first.startsWith('-') ? first : undefined;
  const plain = plainValueError(error, command);
  if (plain) return plain;
  if (errorCode(error) !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return error;
  const option = /^Unknown option '([^']+)'/.exec((error as Error).message)?.[1];
  if (option === undefined) return error;
  const load = command === undefined ? loadHome : COMMANDS[command];
  let help = '';
  if (load) await (await load())(['--help'], { out: (line) => void (help += `${line}\n`), err: () => undefined });
  const guess = closest(option, optionsIn(help));
  return new UsageError(`unknown option ${option}${guess ? ` (did you mean ${guess}?)` : ''}`, command);
}

/**
 * node:util's three lines for `--port -1` or `--port --offline` ("argument is ambiguous. Did you
 * forget ...") and its "Option '-p, --port <value>' argument missing" become one line that says
 * what the option needs and how to write a value that starts with a dash.
 */
function plainValueError(error: unknown, command: string | undefined): UsageError | undefined {
  if (errorCode(error) !== 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return undefined;
  const message = (error as Error).message;
  const option = /^Option '(?:-\w, )?(--[\w-]+)(?: <value>)?' argument (?:is ambiguous|missing)/.exec(message)?.[1];
  if (option === undefined) return undefined;
  return new UsageError(
    `${option} needs a value (${option} <value>); a value that starts with a dash is written ${option}=<value>`,
    command,
  );
}

function report(error: unknown, io: Output, command: string | undefined): number {
  if (error instanceof ReportedError) return error.exitCode;
  if (error instanceof UsageError || isParseArgsError(error)) {
    const which = error instanceof UsageError && error.command ? error.command : command && command in COMMANDS ? command : undefined;
    io.err(`Error: ${(error as Error).message}`);
    io.err(`Run "demo-desktop ${which ? `${which} ` : ''}--help" for usage.`);
    return EXIT.usage;
  }
  if (error instanceof AppError) {
    io.err(`Error (${error.code}): ${error.message}`);
    // By name: main/project/load.ts (UnreadableProjectError) is not loaded for --help.
    return error.code === 'INVALID_PROJECT' || error.name === 'UnreadableProjectError' ? EXIT.usage : EXIT.failure;
  }
  const system = systemErrorLine(error);
  if (system !== undefined) {
    io.err(`Error: ${system}`);
    return EXIT.failure;
  }
  io.err(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.failure;
}

/** node:util parseArgs errors (unknown option, missing value) are usage errors. */
function isParseArgsError(error: unknown): boolean {
  return errorCode(error)?.startsWith('ERR_PARSE_ARGS_') === true;
}

/** A Node error's `code` (`ERR_PARSE_ARGS_...`), or undefined. */
function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
