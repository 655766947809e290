import type { MachineInfo } from './machine.js';
import type { BatchMode } from './project.js';
import type { LoadResult } from './load.js';
import type { Calibration } from './calibrate.js';
import type { ModelSize } from './model.js';

/** Bench results → JSON shape, the Markdown table, and the verdict on each target. */

/**
 * `http`: through @gradio/client; `http-plain`: through the plain keep-alive client (plain-client.ts), same protocol;
 * `raw-aa`: the raw loop measured again as a cell (`--aa`), whose paired ratio should read ~100%.
 */
export type PathName = 'raw' | 'raw-aa' | 'engine' | 'http' | 'http-plain';
export type ConfigName = 'main' | 'batchable';

export interface Cell extends LoadResult {
  readonly config: ConfigName;
  readonly path: PathName;
  /** `off` for the raw loop. */
  readonly mode: BatchMode;
  readonly concurrency: number;
  /** The event's concurrencyLimit (raw: the callers). */
  readonly limit: number;
  /** Worker processes of the model (raw: 1); the targets are judged on one replica. */
  readonly replicas?: number;
  /** `thread`: the model ran in a worker thread (opt-in isolation); the targets are judged on a worker process. */
  readonly isolation?: 'thread';
  /**
   * Throughput over the raw loop's at the same config and caller count, paired in time: the cell's
   * slices pooled over the raw slices just before and after each of them (paired-ratio.ts). What
   * the table's "vs (a)" and the targets use.
   */
  readonly ratioToRaw: number | null;
  /** Each slice's throughput over that of the raw slices around it, in time order (raw: none). */
  readonly pairRatios?: readonly number[];
  /** Throughput of each measured slice in time order, req/s (raw: every raw slice of the caller count). */
  readonly sliceThroughputs?: readonly number[];
  /** The median of `pairRatios`, the other way to combine them (paired-ratio.ts), for comparison. */
  readonly pairedMedianRatio?: number | null;
  /** The ratio before pairing: all the cell's slices pooled over all the raw slices of its caller count, pooled. */
  readonly pooledRatioToRaw?: number | null;
  /** p50 minus the raw loop's p50, ms. */
  readonly addedP50Ms: number | null;
}

export interface ConfigInfo extends ModelSize {
  readonly name: ConfigName;
  readonly flopsPerRow: number;
  /** Median single-row time in the raw loop (calibration probe), ms. */
  readonly rowMs: number;
}

export interface Target {
  readonly name: string;
  readonly goal: string;
  readonly measured: string;
  /** null: could not be measured here. */
  readonly met: boolean | null;
}

export interface Results {
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: MachineInfo;
  readonly loadAverageAfter: readonly number[];
  readonly options: Record<string, unknown>;
  readonly calibration: Calibration;
  readonly configs: readonly ConfigInfo[];
  /** Whether project.json could choose the static batch policy (queue.batching). */
  readonly staticPolicySupported: boolean;
  readonly cells: readonly Cell[];
  readonly targets: readonly Target[];
  /** Round trip of a row to an echo child process: the floor of what a worker process adds per call. */
  readonly ipcFloor?: { readonly p50Ms: number; readonly p99Ms: number; readonly count: number };
}

const MODES: readonly BatchMode[] = ['off', 'static16', 'static32', 'adaptive'];
const MODE_LABEL: Record<BatchMode, string> = {
  off: 'no batching',
  static16: 'static ≤16',
  static32: 'static ≤32',
  adaptive: 'adaptive ≤32',
};
const PATH_LABEL: Record<PathName, string> = {
  raw: '(a) raw ORT',
  'raw-aa': '(a) raw ORT again (A/A check)',
  engine: '(b) engine',
  http: '(c) HTTP, @gradio/client',
  'http-plain': '(c) HTTP, plain client',
};
/** Table order: each HTTP cell right under its engine cell's group. */
const PATHS: readonly PathName[] = ['raw', 'raw-aa', 'engine', 'http-plain', 'http'];

const fixed = (value: number | null, digits: number): string => (value === null || Number.isNaN(value) ? '–' : value.toFixed(digits));
const percent = (value: number | null | undefined): string => (value == null || Number.isNaN(value) ? '–' : `${Math.round(value * 100)}%`);

/** The spread of a cell's paired ratios, `71–78%` (one pair: its value; none: –). */
export function pairSpread(cell: Pick<Cell, 'pairRatios'>): string {
  const pairs = cell.pairRatios ?? [];
  if (pairs.length === 0) return '–';
  const low = Math.round(Math.min(...pairs) * 100);
  const high = Math.round(Math.max(...pairs) * 100);
  return low === high ? `${low}%` : `${low}–${high}%`;
}

const replicasOf = (cell: Cell): number => cell.replicas ?? 1;
/** One replica in a worker process: the default, which the targets and the table's main rows judge. */
const isDefault = (cell: Cell): boolean => replicasOf(cell) === 1 && cell.isolation === undefined;

/** The cell of one replica (the targets' and the table's main rows). */
export function find(cells: readonly Cell[], config: ConfigName, path: PathName, mode: BatchMode, concurrency: number): Cell | undefined {
  return cells.find((c) => c.config === config && c.path === path && c.mode === mode && c.concurrency === concurrency && isDefault(c));
}

export function markdownTable(cells: readonly Cell[], config: ConfigName): string {
  const rows = cells.filter((cell) => cell.config === config);
  const concurrencies = [...new Set(rows.map((cell) => cell.concurrency))].sort((a, b) => a - b);
  const lines = [
    '| callers | path | batching | limit | req/s | p50 ms | p99 ms | vs (a) | pairs min–max | pooled | +p50 ms | errors |',
    '|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const concurrency of concurrencies) {
    for (const path of PATHS) {
      for (const mode of MODES) {
        const cell = find(rows, config, path, mode, concurrency);
        if (!cell) continue;
        lines.push(tableRow(cell));
      }
      const replicated = rows.filter((c) => c.path === path && c.concurrency === concurrency && !isDefault(c));
      lines.push(...replicated.map(tableRow));
    }
  }
  return lines.join('\n');
}

function tableRow(cell: Cell): string {
  const raw = cell.path === 'raw';
  const variant = cell.isolation === 'thread' ? ', worker thread' : replicasOf(cell) > 1 ? `, ${replicasOf(cell)} replicas` : '';
  const path = `${PATH_LABEL[cell.path]}${variant}`;
  return (
    `| ${cell.concurrency} | ${path} | ${raw ? '–' : MODE_LABEL[cell.mode]} | ${cell.limit} | ${fixed(cell.throughput, 0)} | ` +
    `${fixed(cell.p50Ms, 2)} | ${fixed(cell.p99Ms, 2)} | ${percent(cell.ratioToRaw)} | ${pairSpread(cell)} | ` +
    `${raw ? '–' : percent(cell.pooledRatioToRaw)} | ${raw ? '–' : fixed(cell.addedP50Ms, 2)} | ${cell.errors} |`
  );
}

function ratioTarget(cells: readonly Cell[], path: PathName, goal: number, name: string): Target {
  const measured = cells.filter((c) => c.config === 'main' && c.path === path && c.mode === 'off' && isDefault(c));
  if (measured.length === 0) return { name, goal: `≥ ${goal * 100}% of (a)`, measured: 'not measured', met: null };
  const text = measured.map((c) => `${c.concurrency}: ${percent(c.ratioToRaw)} (${pairSpread(c)})`).join(', ');
  return {
    name,
    goal: `≥ ${goal * 100}% of (a), unbatched, paired in time (pairs min–max)`,
    measured: text,
    met: measured.every((c) => (c.ratioToRaw ?? 0) >= goal),
  };
}

function adaptiveTarget(cells: readonly Cell[], staticSupported: boolean): Target {
  const name = 'adaptive within 10% of the best static batch size (engine path)';
  if (!staticSupported) return { name, goal: '≥ 90% of best static', measured: 'static policy not selectable in this engine', met: null };
  const parts: string[] = [];
  let met = true;
  for (const adaptive of cells.filter((c) => c.path === 'engine' && c.mode === 'adaptive' && isDefault(c))) {
    const statics = cells.filter(
      (c) =>
        c.config === adaptive.config &&
        c.path === 'engine' &&
        c.concurrency === adaptive.concurrency &&
        c.mode.startsWith('static') &&
        isDefault(c),
    );
    const best = Math.max(...statics.map((c) => c.throughput));
    if (!Number.isFinite(best) || best <= 0) continue;
    const ratio = adaptive.throughput / best;
    met &&= ratio >= 0.9;
    parts.push(`${adaptive.config}@${adaptive.concurrency}: ${percent(ratio)}`);
  }
  return { name, goal: '≥ 90% of best static', measured: parts.join(', ') || 'not measured', met: parts.length > 0 ? met : null };
}

function batchGainTarget(cells: readonly Cell[]): Target {
  const name = 'batching ≥ 3× unbatched at 64 callers, batchable model';
  const parts: string[] = [];
  let met: boolean | null = null;
  for (const path of ['engine', 'http-plain', 'http'] as const) {
    const off = find(cells, 'batchable', path, 'off', 64);
    const adaptive = find(cells, 'batchable', path, 'adaptive', 64);
    if (!off || !adaptive || off.throughput <= 0) continue;
    const gain = adaptive.throughput / off.throughput;
    if (path === 'engine') met = gain >= 3;
    parts.push(`${path}: ${gain.toFixed(2)}× (adaptive)`);
  }
  return { name, goal: '≥ 3× (engine path)', measured: parts.join(', ') || 'not measured', met };
}

/** Issue 17: adaptive batching through HTTP ≥ 2× the unbatched HTTP figure, batchable model, 64 callers, per client. */
function httpBatchGainTarget(cells: readonly Cell[], path: 'http' | 'http-plain'): Target {
  const client = path === 'http' ? '@gradio/client' : 'plain client';
  const name = `HTTP batching ≥ 2× HTTP unbatched at 64 callers, batchable model (${client})`;
  const off = find(cells, 'batchable', path, 'off', 64);
  const adaptive = find(cells, 'batchable', path, 'adaptive', 64);
  if (!off || !adaptive || off.throughput <= 0) return { name, goal: '≥ 2×', measured: 'not measured', met: null };
  const gain = adaptive.throughput / off.throughput;
  return {
    name,
    goal: '≥ 2×',
    measured: `${gain.toFixed(2)}× (${fixed(adaptive.throughput, 0)} / ${fixed(off.throughput, 0)} req/s)`,
    met: gain >= 2,
  };
}

/** Not a target: the raw loop measured as a cell against itself, paired like the others; its spread is the ratios' noise. */
function aaRow(cells: readonly Cell[]): Target {
  const measured = cells.filter((c) => c.config === 'main' && c.path === 'raw-aa');
  return {
    name: 'the raw loop against itself, paired like every cell (A/A check, not a target)',
    goal: '≈ 100%',
    measured: measured.map((c) => `${c.concurrency}: ${percent(c.ratioToRaw)} (${pairSpread(c)})`).join(', ') || 'not measured (--aa none)',
    met: null,
  };
}

/** Not a target: what one replica per core gives, unbatched, against the one in-process session. */
function replicasRow(cells: readonly Cell[]): Target {
  const measured = cells.filter((c) => c.config === 'main' && c.mode === 'off' && replicasOf(c) > 1 && c.isolation === undefined);
  const text = measured.map((c) => `${c.path}@${c.concurrency}: ${percent(c.ratioToRaw)}`).join(', ');
  const replicas = measured[0] ? replicasOf(measured[0]) : 0;
  return {
    name: `unbatched with ${replicas > 0 ? replicas : 'several'} replicas (not a target: raw onnxruntime-node runs one session.run at a time)`,
    goal: '–',
    measured: text || 'not measured (--replicas 1)',
    met: null,
  };
}

/** Not a target: the opt-in worker thread (no process boundary) against the worker process, unbatched. */
function threadRow(cells: readonly Cell[]): Target {
  const measured = cells.filter((c) => c.config === 'main' && c.mode === 'off' && c.isolation === 'thread');
  const text = measured
    .map((c) => {
      const process = find(cells, 'main', c.path, 'off', c.concurrency);
      const gain = process && process.throughput > 0 ? ` (${percent(c.throughput / process.throughput)} of the process)` : '';
      return `${c.path}@${c.concurrency}: ${percent(c.ratioToRaw)}${gain}`;
    })
    .join(', ');
  return {
    name: 'unbatched with the model in a worker thread (opt-in `"isolation": "thread"`, not a target)',
    goal: '–',
    measured: text || 'not measured (--no-thread)',
    met: null,
  };
}

export function evaluateTargets(cells: readonly Cell[], staticSupported: boolean): Target[] {
  const c1 = find(cells, 'main', 'engine', 'off', 1);
  return [
    ratioTarget(cells, 'engine', 0.95, 'scheduler path throughput (5 ms model)'),
    ratioTarget(cells, 'http-plain', 0.85, 'HTTP path throughput, plain keep-alive client (5 ms model)'),
    ratioTarget(cells, 'http', 0.75, 'HTTP path throughput, @gradio/client (5 ms model)'),
    {
      name: 'added p50 latency in-process at 1 caller (5 ms model)',
      goal: '< 1 ms',
      measured: c1 ? `${fixed(c1.addedP50Ms, 2)} ms` : 'not measured',
      met: c1?.addedP50Ms != null ? c1.addedP50Ms < 1 : null,
    },
    adaptiveTarget(cells, staticSupported),
    batchGainTarget(cells),
    httpBatchGainTarget(cells, 'http-plain'),
    httpBatchGainTarget(cells, 'http'),
    replicasRow(cells),
    threadRow(cells),
    aaRow(cells),
  ];
}

export function targetsTable(targets: readonly Target[]): string {
  const verdict = (met: boolean | null): string => (met === null ? 'n/a' : met ? 'met' : '**missed**');
  return [
    '| target | goal | measured | verdict |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.name} | ${t.goal} | ${t.measured} | ${verdict(t.met)} |`),
  ].join('\n');
}

export function configLine(config: ConfigInfo): string {
  return `width ${config.width}, depth ${config.depth} (${(config.flopsPerRow / 1e6).toFixed(2)} MFLOP/row), ${config.rowMs.toFixed(2)} ms/row alone in the raw loop`;
}

/** The whole Markdown report (stdout, and the measured section of docs/performance.md). */
export function markdownReport(results: Results): string {
  const m = results.machine;
  const main = results.configs.find((c) => c.name === 'main');
  const batchable = results.configs.find((c) => c.name === 'batchable');
  const parts = [
    `Measured ${results.startedAt} on ${m.cpuModel}, ${m.cores} logical cores (os.cpus()), ${m.memoryGiB} GiB, ${m.platform}, ` +
      `Node ${m.node}, onnxruntime-node ${m.onnxruntime}. Load average before/after: ${m.loadAverage.join(' ')} / ${results.loadAverageAfter.join(' ')}. ` +
      `Bench took ${results.durationS.toFixed(0)} s; options: ${JSON.stringify(results.options)}.`,
  ];
  if (results.ipcFloor) {
    parts.push(
      `IPC floor: a row's round trip to an echo child process over the workers' IPC channel, no model or queue: ` +
        `p50 ${results.ipcFloor.p50Ms.toFixed(3)} ms, p99 ${results.ipcFloor.p99Ms.toFixed(3)} ms (${results.ipcFloor.count} round trips). ` +
        `Any out-of-process runtime adds at least this per call; compare it with "+p50 ms" of the engine at 1 caller.`,
    );
  }
  parts.push(
    '"vs (a)": throughput over the raw loop\'s, paired in time: every slice of a cell runs between two short slices of the raw loop, ' +
      'and the ratio is the cell\'s slices over the raw slices next to them. "pairs": the min–max of each slice\'s own ratio to its two raw neighbours. ' +
      '"pooled", for comparison: all the cell\'s slices over all raw slices of its caller count (the ratio before pairing). ' +
      "The A/A row measures the raw loop itself as a cell: it should read 100%, and its pairs' spread is the noise of the other ratios.",
  );
  if (main) parts.push(`### 5 ms model: ${configLine(main)}`, markdownTable(results.cells, 'main'));
  if (batchable) parts.push(`### Batchable model: ${configLine(batchable)}`, markdownTable(results.cells, 'batchable'));
  parts.push('### Targets', targetsTable(results.targets));
  if (!results.staticPolicySupported) parts.push('Static batching rows are missing: this engine always uses the adaptive policy.');
  return parts.join('\n\n');
}
