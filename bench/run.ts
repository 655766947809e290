/**
 * `npm run bench`: the inference scheduler against raw onnxruntime-node, in one run. See
 * docs/performance.md for what each path includes and the targets; `--help` for options.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseProject } from '../preload/shared/project/check.js';
import { benchConfig } from './bench-config.js';
import { calibrate, rowTime, type Calibration } from './calibrate.js';
import { updateDocs } from './docs.js';
import { machineInfo } from './machine.js';
import { ipcFloor } from './ipc-floor.js';
import { flopsPerRow, makeRows, type ModelSize } from './model.js';
import { HELP, parseOptions, type BenchOptions } from './options.js';
import { projectJson } from './project.js';
import { scaleOutBench } from './scale-out.js';
import { storeBench } from './store-bench.js';
import { evaluateTargets, markdownReport, type Cell, type ConfigInfo, type Results } from './report.js';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Whether project.json can pick the batch policy (`queue.batching`), i.e. static cells can run. */
function staticPolicySupported(): boolean {
  try {
    parseProject(
      projectJson({
        width: 4,
        events: [{ apiName: 'probe', mode: 'static16', concurrency: 1, limit: 1 }],
        batching: { policy: 'static', windowMs: 10 },
      }),
    );
    return true;
  } catch {
    return false;
  }
}

async function calibrated(options: BenchOptions): Promise<Calibration> {
  const runs = options.quick ? 15 : 40;
  if (options.depth !== null) {
    const size = { width: options.width, depth: options.depth };
    const rowMs = await rowTime(size, runs);
    return { size, rowMs, probes: [{ ...size, rowMs }] };
  }
  return calibrate({
    targetMs: options.targetMs,
    width: options.width,
    tolerance: 0.1,
    runs,
    maxDepth: 512,
    maxProbes: options.quick ? 5 : 7,
  });
}

/** A model with a tenth of the layers: per-request overhead dominates, which batching amortises. */
function batchableSize(size: ModelSize): ModelSize {
  return { width: size.width, depth: Math.max(1, Math.round(size.depth / 10)) };
}

async function main(options: BenchOptions): Promise<void> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const machine = machineInfo();
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, load ${machine.loadAverage.join(' ')}`);

  const floor = await ipcFloor(makeRows(options.width, 1)[0] ?? []);
  log(`IPC floor: p50 ${floor.p50Ms.toFixed(3)} ms, p99 ${floor.p99Ms.toFixed(3)} ms`);
  const calibration = await calibrated(options);
  for (const probe of calibration.probes) log(`calibrate: width ${probe.width} depth ${probe.depth} → ${probe.rowMs.toFixed(2)} ms/row`);
  const small = batchableSize(calibration.size);
  const configs: ConfigInfo[] = [
    { name: 'main', ...calibration.size, flopsPerRow: flopsPerRow(calibration.size), rowMs: calibration.rowMs },
    { name: 'batchable', ...small, flopsPerRow: flopsPerRow(small), rowMs: await rowTime(small, options.quick ? 15 : 40) },
  ];
  for (const config of configs) log(`${config.name}: width ${config.width} depth ${config.depth}, ${config.rowMs.toFixed(2)} ms/row`);

  const staticSupported = staticPolicySupported();
  if (!staticSupported) log('project.json cannot choose a batch policy here (no queue.batching): static cells are skipped.');

  const cells: Cell[] = [];
  for (const config of configs) {
    const concurrencies = config.name === 'main' ? options.concurrencies : options.batchableConcurrencies;
    cells.push(...(await benchConfig({ name: config.name, size: config, concurrencies }, options, staticSupported, log)));
  }

  const results: Results = {
    startedAt,
    durationS: (performance.now() - started) / 1000,
    machine,
    loadAverageAfter: machineInfo().loadAverage,
    options: {
      quick: options.quick,
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      batchLimit: options.batchLimit,
      windowMs: options.windowMs,
      clients: options.clients,
      rounds: options.rounds,
      rawSliceMs: options.rawSliceMs,
      rawWarmupMs: options.rawWarmupMs,
      aa: options.aa,
      ...(options.only ? { only: options.only } : {}),
      replicas: options.replicas,
    },
    calibration,
    configs,
    staticPolicySupported: staticSupported,
    cells,
    targets: evaluateTargets(cells, staticSupported),
    ipcFloor: floor,
  };
  const out = resolve(options.out);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = markdownReport(results);
  process.stdout.write(`${markdown}\n`);
  if (options.docs) await updateDocs(options.docs, markdown);
  log(`wrote ${out}${options.docs ? ` and ${options.docs}` : ''}`);
}

let options: BenchOptions | null;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  log(error instanceof Error ? error.message : String(error));
  log(HELP);
  process.exit(2);
}
if (options === null) {
  process.stdout.write(HELP);
} else if (options.store || options.scaleOut) {
  await (options.store ? storeBench : scaleOutBench)(options, log).then(
    (table) => process.stdout.write(`${table}\n`),
    (error: unknown) => {
      log(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
} else {
  await main(options).catch((error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
