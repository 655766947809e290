/**
 * `npm run bench:peers`: the bench's 5 ms ONNX model served by demo-desktop, Gradio and Ray Serve
 * side by side in one run, against the raw onnxruntime loop (issue 17, "Keep the lead visible";
 * docs/performance.md, "Against the peers"). Optional, not part of `npm test`. `--help` for what
 * it compares and every option.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { calibrate, rowTime } from '../calibrate.js';
import { machineInfo } from '../machine.js';
import { makeRows, writeModel, type ModelSize } from '../model.js';
import { rawCell, referenceOutput, type Cell } from './cells.js';
import { messageOf, PeersError } from './errors.js';
import { measureCallers, type CellResult } from './measure.js';
import { HELP, parseOptions, type PeersOptions } from './options.js';
import { leadLines, resultTable } from './report.js';
import { treeSummary } from './process-tree.js';
import { describe } from './server-process.js';
import { closePeers, openPeers, type Peers } from './setup.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** Largest difference allowed between a server's answer and the raw loop's (Python's ORT may round differently). */
const CHECK_TOLERANCE = 1e-3;

/** `--depth` as given, else calibrated as `npm run bench` calibrates its 5 ms model (up to 7 probes). */
async function modelSize(options: PeersOptions): Promise<{ size: ModelSize; rowMs: number }> {
  if (options.depth !== null) {
    const size = { width: options.width, depth: options.depth };
    return { size, rowMs: await rowTime(size, 20) };
  }
  const found = await calibrate({
    targetMs: options.targetMs,
    width: options.width,
    tolerance: 0.1,
    runs: 20,
    maxDepth: 512,
    maxProbes: 7,
  });
  for (const probe of found.probes) log(`calibrate: width ${probe.width} depth ${probe.depth} → ${probe.rowMs.toFixed(2)} ms/row`);
  return { size: found.size, rowMs: found.rowMs };
}

/** Every cell answers the check row with the raw loop's output: the same model everywhere. */
async function checkCells(cells: readonly Cell[], bytes: Uint8Array, row: readonly number[], callers: number): Promise<string[]> {
  const expected = await referenceOutput(bytes, row);
  const lines: string[] = [];
  for (const cell of cells) {
    const got = await cell.check(row, callers);
    const worst = expected.reduce((max, value, i) => Math.max(max, Math.abs(value - (got[i] ?? Number.NaN))), 0);
    if (!(worst <= CHECK_TOLERANCE) || got.length !== expected.length)
      throw new PeersError(
        'WRONG_OUTPUT',
        `${cell.label} (${cell.client}) answered the check row off by ${worst} (allowed ${CHECK_TOLERANCE}): not the same model`,
      );
    lines.push(`check: ${cell.label} (${cell.client}): ${got.length} values, max |Δ| vs raw ${worst.toExponential(1)}`);
  }
  return lines;
}

function header(options: PeersOptions, size: ModelSize, rowMs: number, peers: Peers, loadBefore: readonly number[]): string[] {
  const machine = machineInfo();
  const lines = [
    `Measured ${new Date().toISOString()} on ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, onnxruntime-node ${machine.onnxruntime}.`,
    `Load average before/after: ${loadBefore.join(' ')} / ${machine.loadAverage.join(' ')}.`,
    `Model: cost model width ${size.width} depth ${size.depth}, ${rowMs.toFixed(2)} ms/row in the raw loop` +
      (peers.python?.rowMs !== undefined
        ? `, ${peers.python.rowMs.toFixed(2)} ms/row in Python's onnxruntime ${peers.python.modules.onnxruntime ?? ''}`
        : '') +
      '.',
    `Rounds ${options.rounds}, ${options.durationMs} ms measured per cell and caller count, warm-up ${options.warmupMs} ms; Gradio-protocol callers share ${options.clients} sessions.`,
  ];
  for (const server of peers.servers)
    lines.push(`${server.label}: ${server.url}, pid ${server.pid}, tree ${treeSummary(server.pid, server.marker)}${describe(server.info)}`);
  return [...lines, ...peers.notes];
}

async function measureAll(options: PeersOptions, cells: readonly Cell[]): Promise<CellResult[]> {
  const results: CellResult[] = [];
  for (const callers of options.callers) {
    log(`measuring ${callers} caller(s): ${cells.length} cells × ${options.rounds} rounds`);
    const rows = await measureCallers(cells, callers, options, log);
    for (const row of rows)
      log(
        `  ${row.label} [${row.client}] ${row.throughput.toFixed(0)} req/s, server ${row.serverUsPerRequest.toFixed(0)} µs/req${row.errors ? `, ${row.errors} errors: ${row.firstError ?? ''}` : ''}`,
      );
    results.push(...rows);
  }
  return results;
}

async function main(options: PeersOptions): Promise<void> {
  const loadBefore = machineInfo().loadAverage;
  const { size, rowMs } = await modelSize(options);
  const files = await writeModel(size, 'peers');
  // Ray's socket paths must stay short (Unix sockets: 107 bytes), so its folder sits right in tmp.
  const rayDir = await mkdtemp(join(tmpdir(), 'ddp-ray-'));
  const rows = makeRows(size.width);
  const model = { dir: files.dir, file: files.file, width: size.width };
  let peers: Peers | null = null;
  let raw: Cell | null = null;
  try {
    raw = await rawCell(files.bytes, size.width, rows);
    peers = await openPeers(options, model, { ray: rayDir, cache: join(files.dir, 'pycache') }, log);
    const cells = [raw, ...peers.cells];
    const checks = await checkCells(cells, files.bytes, rows[0] ?? [], options.callers[0] ?? 1);
    for (const line of checks) log(line);
    const results = await measureAll(options, cells);
    const lines = header(options, size, rowMs, peers, loadBefore);
    const text = [...lines, '', resultTable(results), '', ...leadLines(results)].join('\n');
    process.stdout.write(`${text}\n`);
    const out = resolve(options.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify({ options, size, rowMs, header: lines, checks, results, python: peers.python }, null, 2)}\n`);
    log(`wrote ${out}`);
  } finally {
    if (peers) await closePeers(peers, log);
    await raw?.close().catch((error: unknown) => log(`closing the raw loop failed: ${messageOf(error)}`));
    await files.remove();
    await rm(rayDir, { recursive: true, force: true });
  }
}

let options: PeersOptions | null = null;
try {
  options = parseOptions(process.argv.slice(2), process.env);
} catch (error) {
  log(messageOf(error));
  log(HELP);
  process.exit(2);
}
if (options === null) process.stdout.write(HELP);
else
  await main(options).catch((error: unknown) => {
    log(
      error instanceof PeersError
        ? `${error.code}: ${error.message}`
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error),
    );
    process.exitCode = 1;
  });
