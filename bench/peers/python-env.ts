import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { messageOf } from './errors.js';

/**
 * What the chosen Python has of what the peers need (bench/peers/probe.py), said as what is
 * missing and how to install it. Nothing is installed here, and nothing is fetched.
 */

export const PIP_COMMAND = 'pip install "gradio==6.25.*" "ray[serve]==2.58.*" onnxruntime';
/** The versions issue 17 compares against; others run, with a warning. */
export const EXPECTED = { gradio: '6.25.', 'ray.serve': '2.58.' } as const;

export const PEERS_DIR = import.meta.dirname;

export interface PythonEnv {
  /** null: the Python could not be run at all. */
  readonly python: string | null;
  readonly executable: string;
  readonly modules: Readonly<Record<string, string | null>>;
  /** One row through Python's onnxruntime, median ms (when asked with a model and it could). */
  readonly rowMs?: number;
  /** Why the probe failed, when it did. */
  readonly problem?: string;
}

/** Environment of every Python process: no bytecode files in the checkout, no telemetry. */
export function pythonEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...base,
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    GRADIO_ANALYTICS_ENABLED: 'False',
    HF_HUB_OFFLINE: '1',
    HF_HUB_DISABLE_TELEMETRY: '1',
    RAY_USAGE_STATS_ENABLED: '0',
  };
  // Gradio's default concurrency limit is what is compared; Ray must start a cluster of its own.
  delete env.GRADIO_DEFAULT_CONCURRENCY_LIMIT;
  delete env.RAY_ADDRESS;
  return env;
}

function run(python: string, args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, [...args], { cwd: PEERS_DIR, env, timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${python} ${args.join(' ')}: ${error.message}${stderr ? `\n${stderr.slice(-2000)}` : ''}`));
      else resolve(stdout);
    });
  });
}

export async function probePython(python: string, model: string | null): Promise<PythonEnv> {
  try {
    const args = ['probe.py', ...(model ? ['--model', model] : [])];
    const line = (await run(python, args, 180_000, pythonEnv(process.env))).trim().split('\n').at(-1) ?? '';
    return JSON.parse(line) as PythonEnv;
  } catch (error) {
    return { python: null, executable: python, modules: {}, problem: messageOf(error) };
  }
}

/** The modules a peer needs that this Python lacks. */
export function missingFor(env: PythonEnv, peer: 'gradio' | 'ray'): string[] {
  const needs = [peer === 'gradio' ? 'gradio' : 'ray.serve', 'onnxruntime', 'numpy'];
  return needs.filter((module) => !env.modules[module]);
}

/** Lines for the report: what is missing and the command to install it, or version warnings. */
export function envNotes(env: PythonEnv, wanted: readonly ('gradio' | 'ray')[], selfCheck: boolean): string[] {
  const skipped = selfCheck ? 'would be skipped outside --self-check' : 'skipped';
  if (env.python === null)
    return [
      `Python: "${env.executable}" could not be run (${env.problem ?? '?'}).`,
      `The gradio and ray rows need a Python with: ${PIP_COMMAND}; then --python PATH or DEMO_DESKTOP_PEERS_PYTHON.`,
    ];
  const notes: string[] = [];
  for (const peer of wanted) {
    const missing = missingFor(env, peer);
    if (missing.length > 0)
      notes.push(`${peer}: ${skipped}, ${env.executable} (Python ${env.python}) lacks ${missing.join(', ')}. Install with: ${PIP_COMMAND}`);
  }
  for (const [module, prefix] of Object.entries(EXPECTED)) {
    const version = env.modules[module];
    if (version && !version.startsWith(prefix))
      notes.push(`${module} is ${version}, not ${prefix}x: the issue's figures are for ${prefix}x.`);
  }
  return notes;
}

/** `python -m py_compile` of bench/peers/*.py, bytecode kept out of the checkout; null when they compile. */
export async function compilePeers(python: string, files: readonly string[], cacheDir: string): Promise<string | null> {
  try {
    await run(python, ['-m', 'py_compile', ...files.map((file) => join(PEERS_DIR, file))], 60_000, {
      ...pythonEnv(process.env),
      PYTHONPYCACHEPREFIX: cacheDir,
    });
    return null;
  } catch (error) {
    return messageOf(error);
  }
}
