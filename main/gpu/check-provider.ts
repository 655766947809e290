import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createExecFileRunner, firstLine, type CommandRunner } from './command-runner.js';
import { CHECK_MARKER, PROVIDER_CHECK_SCRIPT } from './provider-check-script.js';

/**
 * The active check behind "supported ≠ usable": opens a tiny session with one execution provider in
 * a child process and runs it once. A provider whose driver is missing fails session creation; one
 * that crashes the process (native abort, segfault) or hangs is reported the same way, as unusable
 * with the reason, and the caller never goes down with it.
 */

export interface ProviderCheck {
  readonly usable: boolean;
  readonly reason: string;
  readonly elapsedMs: number;
}

export interface CheckProviderOptions {
  readonly signal?: AbortSignal | undefined;
  /** The child is killed after this long (default 30 s: a first GPU session compiles shaders). */
  readonly timeoutMs?: number;
  /** Runs the child; the default is execFile with ELECTRON_RUN_AS_NODE=1 so it also works under Electron. */
  readonly runner?: CommandRunner;
  /** The Node (or Electron) executable; default process.execPath. */
  readonly nodePath?: string;
  /** An ONNX model with one float32 [batch, width] input; default the committed tiny cost model. */
  readonly modelPath?: string;
  readonly inputName?: string;
  readonly width?: number;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

const TINY_MODEL = join('models', 'tiny', 'cost', 'model.onnx');

/** The committed tiny model, found by walking up from this module (works from main/ and dist/main/). */
export function tinyModelPath(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, TINY_MODEL);
    if (existsSync(candidate)) return candidate.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
    if (dirname(dir) === dir) return null;
  }
}

/** onnxruntime errors start with a C++ source location; the sentence at the end is what users need. */
function shortReason(message: string): string {
  const line = message.split('\n')[0] ?? '';
  const marker = line.lastIndexOf(' was false. ');
  return (marker >= 0 ? line.slice(marker + ' was false. '.length) : line).trim().slice(0, 300);
}

function defaultRunner(): CommandRunner {
  return createExecFileRunner({ env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
}

/** Checks one execution provider. Resolves with a status for every failure; rejects only on abort. */
export async function checkProvider(provider: string, options: CheckProviderOptions = {}): Promise<ProviderCheck> {
  const started = Date.now();
  const done = (usable: boolean, reason: string): ProviderCheck => ({ usable, reason, elapsedMs: Date.now() - started });
  const modelPath = options.modelPath ?? tinyModelPath();
  if (modelPath === null) return done(false, `${provider}: the test model ${TINY_MODEL} was not found.`);
  let ortPath: string;
  try {
    ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
  } catch {
    return done(false, `${provider}: onnxruntime-node is not installed.`);
  }
  const config = { ortPath, modelPath, provider, inputName: options.inputName ?? 'x', width: options.width ?? 128 };
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const runner = options.runner ?? defaultRunner();
  const outcome = await runner.run(options.nodePath ?? process.execPath, ['-e', PROVIDER_CHECK_SCRIPT, JSON.stringify(config)], {
    timeoutMs,
    signal: options.signal,
  });
  switch (outcome.kind) {
    case 'ok': {
      const line = outcome.stdout.split('\n').find((text) => text.startsWith(CHECK_MARKER));
      const result = parseResult(line?.slice(CHECK_MARKER.length));
      if (result === null)
        return done(false, `${provider}: the check ended without a result (${firstLine(outcome.stderr) || 'no output'}).`);
      return result.ok ? done(true, `${provider}: a test session ran.`) : done(false, `${provider}: ${shortReason(result.message)}`);
    }
    case 'timeout':
      return done(false, `${provider}: the test session did not finish within ${timeoutMs} ms.`);
    case 'not-found':
      return done(false, `${provider}: the check process could not start: ${outcome.message}`);
    case 'failed': {
      const how = typeof outcome.exit === 'string' ? `killed by ${outcome.exit}` : `exit code ${outcome.exit ?? 'unknown'}`;
      const detail = firstLine(outcome.stderr);
      return done(false, `${provider}: the check process failed (${how})${detail ? `: ${detail}` : ''}.`);
    }
  }
}

function parseResult(json: string | undefined): { ok: true } | { ok: false; message: string } | null {
  if (json === undefined) return null;
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    if (record.ok === true) return { ok: true };
    if (record.ok === false) return { ok: false, message: typeof record.message === 'string' ? record.message : 'unknown error' };
    return null;
  } catch {
    return null;
  }
}
