import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command line of a bench script: `--help`/`-h` prints its usage text to stdout and exits 0;
 * an unknown option, a missing value or a bad number prints one line to stderr and exits 2,
 * instead of a stack trace (the project's rule: --help on every command, clear errors for bad input).
 */

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/** The values node:util's parseArgs returns for these options (strict, no positionals), --help's included. */
export type ArgValues<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O & typeof HELP; strict: true; allowPositionals: false }>
>['values'];

export interface CommandSpec<O extends Options> {
  /** How the command is named in error lines: what the user typed (`bench:ab`, `bench/one-caller.ts`). */
  readonly command: string;
  /** Printed by --help: the command line, what it measures, every option with its default. */
  readonly usage: string;
  /** node:util parseArgs options; --help/-h is added. */
  readonly options: O;
}

/** Bad input on the command line: reported as one line, exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What to do with a command line: run with these values, or print and exit. */
export type CommandLine<T> =
  | { readonly kind: 'run'; readonly value: T }
  | { readonly kind: 'exit'; readonly code: 0 | 2; readonly stdout: string; readonly stderr: string };

/** node:util parseArgs's own errors: ERR_PARSE_ARGS_UNKNOWN_OPTION, ..._INVALID_OPTION_VALUE, ..._UNEXPECTED_POSITIONAL. */
function isParseError(error: unknown): error is Error {
  const code: unknown = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Parses `args` against the spec's options, then `read` turns the values into the command's own
 * (throwing UsageError, e.g. through positiveNumber, for a bad value). Pure: prints nothing.
 * --help wins over any other option, a bad one included.
 */
export function readCommandLine<O extends Options, T>(
  spec: CommandSpec<O>,
  args: readonly string[],
  read: (values: ArgValues<O>) => T,
): CommandLine<T> {
  const options = { ...spec.options, ...HELP };
  const loose = parseArgs({ args: [...args], options, strict: false, allowPositionals: true });
  if (loose.values.help === true)
    return { kind: 'exit', code: 0, stdout: spec.usage.endsWith('\n') ? spec.usage : `${spec.usage}\n`, stderr: '' };
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false });
    return { kind: 'run', value: read(values) };
  } catch (error) {
    if (!(error instanceof UsageError) && !isParseError(error)) throw error;
    return { kind: 'exit', code: 2, stdout: '', stderr: `${spec.command}: ${error.message} (see --help)\n` };
  }
}

/** readCommandLine on this process's arguments; prints and exits unless the command is to run. */
export function commandLine<O extends Options, T>(spec: CommandSpec<O>, read: (values: ArgValues<O>) => T): T {
  const line = readCommandLine(spec, process.argv.slice(2), read);
  if (line.kind === 'run') return line.value;
  process.stdout.write(line.stdout);
  process.stderr.write(line.stderr);
  process.exit(line.code);
}

function number(name: string, text: string, integer: boolean): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)))
    throw new UsageError(`--${name} takes a positive ${integer ? 'integer' : 'number'}, got "${text}"`);
  return n;
}

/** `text` as a number above 0, else UsageError (`--seconds takes a positive number, got "x"`). */
export const positiveNumber = (name: string, text: string): number => number(name, text, false);

/** `text` as a whole number above 0, else UsageError. */
export const positiveInteger = (name: string, text: string): number => number(name, text, true);

/** A comma-separated list of whole numbers above 0 (`1,8,64`), else UsageError. */
export function positiveIntegers(name: string, text: string): number[] {
  const list = text.split(',').map((part) => Number(part.trim()));
  if (text.trim() === '' || list.some((n) => !Number.isInteger(n) || n < 1))
    throw new UsageError(`--${name} takes positive integers, e.g. 1,8,64, got "${text}"`);
  return list;
}
