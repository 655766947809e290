import { parseArgs } from 'node:util';
import { PeersError } from './errors.js';

/** Command-line options of `npm run bench:peers`. */

export type PeerName = 'ours' | 'gradio' | 'ray';
export const PEER_NAMES: readonly PeerName[] = ['ours', 'gradio', 'ray'];

export interface PeersOptions {
  readonly callers: readonly number[];
  readonly rounds: number;
  /** Measured time of one cell at one caller count, split across the rounds. */
  readonly durationMs: number;
  /** Warm-up of each cell before its first measured slice at a caller count. */
  readonly warmupMs: number;
  /** Gradio sessions (clients) the callers of a Gradio-protocol cell share, at most. */
  readonly clients: number;
  readonly width: number;
  /** Forced model depth, skipping calibration. */
  readonly depth: number | null;
  readonly targetMs: number;
  readonly python: string;
  readonly only: readonly PeerName[];
  /** Also the official @gradio/client rows (ours and Gradio). */
  readonly official: boolean;
  /** Gradio's event concurrency_limit: "default" (Gradio's own, 1), "none" or a number. */
  readonly gradioConcurrencyLimit: string;
  /** Ray Serve's max_ongoing_requests; null for Ray's default (5). */
  readonly rayMaxOngoing: number | null;
  /** demo-desktop serve with --no-history (default: as shipped, history recorded). */
  readonly noHistory: boolean;
  readonly selfCheck: boolean;
  readonly startTimeoutMs: number;
  readonly out: string;
}

export const HELP = `Usage: npm run bench:peers -- [options]

The bench's 5 ms ONNX model (the cost model of \`npm run bench\`: width 256, depth calibrated to
about 5 ms a row here) served side by side, in one run, by:
  raw      onnxruntime-node in this process, no server (the bench's raw loop)
  ours     demo-desktop serve <project.json> of this checkout, as shipped (history on)
  gradio   Gradio (bench/peers/gradio_app.py: gr.Blocks, JSON in, JSON out, queue defaults)
  ray      Ray Serve (bench/peers/ray_app.py: one deployment, POST /infer, Ray's defaults)
The Python servers load the same model file with Python's onnxruntime (one session, default
options). ours and gradio are driven by the bench's plain keep-alive Gradio-protocol client
(bench/plain-client.ts: the same queue/join + queue/data exchange against both) and, unless
--no-official, by the official @gradio/client; ray by a plain keep-alive POST client. The
clients run in processes of their own. Cells are measured in interleaved rounds, in one run.
Per cell: req/s, p50/p99, the ratio to the raw loop, ours over it, and the CPU per request of the
server's whole process tree (from /proc: every process and thread, user + system) and of the
client process. Every server first answers one check row, compared with the raw loop's output.
Only 127.0.0.1 is used. Writes .bench/peers.json and prints a Markdown table.

Without Python, gradio, ray[serve] or onnxruntime, it says what is missing and how to install it
(pip install "gradio==6.25.*" "ray[serve]==2.58.*" onnxruntime), runs the raw and ours rows, and
exits 0.

Options:
  --callers LIST        caller counts (default 1,8,64; quick 1,64)
  --rounds N            interleaved rounds per caller count (default 3; quick 1)
  --duration-ms N       measured time of each cell at each caller count, split across the
                        rounds (default 6000; quick 1500)
  --warmup-ms N         warm-up of each cell before its first slice at a caller count
                        (default 1000; quick 300)
  --clients N           Gradio sessions the callers of a Gradio-protocol cell share (default 8)
  --width N             model width (default 256, as npm run bench)
  --depth N             model depth; skips calibration
  --target-ms N         calibrate the depth to about N ms a row in the raw loop (default 5)
  --python PATH         the Python to run the peers with (default $DEMO_DESKTOP_PEERS_PYTHON,
                        then python3)
  --only LIST           which servers: any of ours,gradio,ray (default all; raw always runs)
  --no-official         leave out the @gradio/client rows
  --gradio-concurrency-limit N|none
                        the Gradio event's concurrency_limit (default: Gradio's default, 1;
                        GRADIO_DEFAULT_CONCURRENCY_LIMIT is removed from its environment)
  --ray-max-ongoing N   the Ray deployment's max_ongoing_requests (default: Ray Serve's, 5)
  --no-history          run ours with --no-history (default: as shipped, every run recorded)
  --start-timeout-s N   how long a server may take to start (default 180: Ray is slow to start)
  --self-check          prove the harness without Python: the "gradio" target is a second
                        demo-desktop serve (an event "infer" with Gradio's default limit 1) and
                        the "ray" target a Node stand-in (bench/peers/fake-ray-server.ts) that
                        answers the Ray app's route; both started, stopped and measured through the
                        same code as the Python servers; also py_compile of bench/peers/*.py
  --quick               short run (see the defaults above)
  --out FILE            JSON results (default .bench/peers.json)
  -h, --help            this help

Example, with a virtual environment of the peers:
  python3 -m venv ~/.venvs/peers
  ~/.venvs/peers/bin/pip install "gradio==6.25.*" "ray[serve]==2.58.*" onnxruntime
  npm run bench:peers -- --python ~/.venvs/peers/bin/python
`;

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new PeersError('BAD_OPTION', `--${name} takes a positive number, got "${value}"`);
  return n;
}

function integerList(value: string, name: string): number[] {
  const list = value.split(',').map((part) => Number(part.trim()));
  if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new PeersError('BAD_OPTION', `--${name} takes positive integers, e.g. 1,8,64`);
  return list;
}

function peerList(value: string): PeerName[] {
  const names = value.split(',').map((part) => part.trim());
  const unknown = names.filter((name) => !(PEER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0)
    throw new PeersError('BAD_OPTION', `--only takes any of ${PEER_NAMES.join(',')}; got "${unknown.join(',') || value}"`);
  return PEER_NAMES.filter((name) => names.includes(name));
}

function concurrencyLimit(value: string | undefined): string {
  if (value === undefined || value === 'none') return value ?? 'default';
  if (!Number.isInteger(Number(value)) || Number(value) < 1)
    throw new PeersError('BAD_OPTION', `--gradio-concurrency-limit takes a positive integer or "none", got "${value}"`);
  return value;
}

/** Parses argv; null when --help was asked for. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): PeersOptions | null {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      callers: { type: 'string' },
      rounds: { type: 'string' },
      'duration-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      clients: { type: 'string' },
      width: { type: 'string' },
      depth: { type: 'string' },
      'target-ms': { type: 'string' },
      python: { type: 'string' },
      only: { type: 'string' },
      'no-official': { type: 'boolean', default: false },
      'gradio-concurrency-limit': { type: 'string' },
      'ray-max-ongoing': { type: 'string' },
      'no-history': { type: 'boolean', default: false },
      'start-timeout-s': { type: 'string' },
      'self-check': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const quick = values.quick;
  const rayMaxOngoing = values['ray-max-ongoing'];
  return {
    callers: values.callers ? integerList(values.callers, 'callers') : quick ? [1, 64] : [1, 8, 64],
    rounds: Math.round(positive(values.rounds, 'rounds', quick ? 1 : 3)),
    durationMs: positive(values['duration-ms'], 'duration-ms', quick ? 1500 : 6000),
    warmupMs: positive(values['warmup-ms'], 'warmup-ms', quick ? 300 : 1000),
    clients: Math.round(positive(values.clients, 'clients', 8)),
    width: Math.round(positive(values.width, 'width', 256)),
    depth: values.depth === undefined ? null : Math.round(positive(values.depth, 'depth', 1)),
    targetMs: positive(values['target-ms'], 'target-ms', 5),
    python: values.python ?? (env.DEMO_DESKTOP_PEERS_PYTHON?.trim() ? env.DEMO_DESKTOP_PEERS_PYTHON : 'python3'),
    only: values.only ? peerList(values.only) : PEER_NAMES,
    official: !values['no-official'],
    gradioConcurrencyLimit: concurrencyLimit(values['gradio-concurrency-limit']),
    rayMaxOngoing: rayMaxOngoing === undefined ? null : Math.round(positive(rayMaxOngoing, 'ray-max-ongoing', 5)),
    noHistory: values['no-history'],
    selfCheck: values['self-check'],
    startTimeoutMs: positive(values['start-timeout-s'], 'start-timeout-s', 180) * 1000,
    out: values.out ?? '.bench/peers.json',
  };
}
