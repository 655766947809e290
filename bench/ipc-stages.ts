import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { model as modelSchema } from '../preload/shared/project/schema-models.js';
import { toModelInput } from '../main/engine/adapt-values.js';
import { toModelCall } from '../main/engine/model-input.js';
import { jsInvocation, parseInvocation } from '../main/runtimes/js/js-runtime.js';
import { OnnxRuntime, type OnnxModel } from '../main/runtimes/onnx/onnx-runtime.js';
import { toTensorData } from '../main/runtimes/onnx/tensor-data.js';
import { WorkerHost } from '../main/runtimes/worker-host.js';
import { asInferMessage, asResultMessage, childMessage, parentMessage } from '../main/runtimes/worker-protocol.js';
import { silentLogger } from '../main/common/logger.js';
import { buildCostModel } from '../models/generator/cost-model.js';
import { forkBenchChild, nextMessage } from './child.js';
import { commandLine, positiveInteger, positiveIntegers } from './cli-args.js';
import type { Call } from './load.js';
import { makeRows } from './model.js';
import { openEngine } from './paths/engine.js';
import { openRaw } from './paths/raw.js';
import { writeProject } from './project.js';
import { childPids, processCpuUs } from './proc-cpu.js';

/**
 * Where the CPU of one request goes on the worker path (issue 17): the 5 ms ONNX model's row
 * (`--width` floats in and out) and a text-to-text JS function, stage by stage.
 *
 * Part 1 times each stage alone, in this process, as the worker and the parent run it
 * (serialise, deserialise, validate, shape, run, shape, serialise back, deserialise, validate).
 * Part 2 runs the engine (scheduler + worker, the bench's path (b)) and the raw in-process
 * onnxruntime loop closed-loop, in interleaved rounds, and reads the CPU both processes spent
 * (parent: process.cpuUsage, workers: /proc/<pid>/stat, every thread): what the whole path costs,
 * the stages plus what no stage shows (IPC syscalls, event-loop wake-ups, onnxruntime's spinning
 * threads). Then a text-to-text JS function through a WorkerHost at 1 caller.
 *
 *   npx tsx bench/ipc-stages.ts [--width 512] [--depth 40] [--count 2000] [--callers 1,8] [--rounds 3]
 *                               [--only whole] [--variants default,nospin,threads1] [--profile DIR]
 *
 * `--profile DIR` writes a --cpu-prof of each worker into DIR (open it in Chrome's DevTools).
 */

const USAGE = `Usage: npx tsx bench/ipc-stages.ts [options]

Where the CPU of one request goes on the worker path (the 5 ms ONNX model's row and a text-to-text
JS function), stage by stage: part 1 times each stage alone in this process (serialise, validate,
shape, run, ...); part 2 runs an IPC echo child, the engine (scheduler + worker) and the raw
onnxruntime loop closed-loop in interleaved rounds and reads the CPU of both processes, then a JS
function through a WorkerHost at 1 caller. Prints Markdown tables.

Options:
  --width N         the cost model's width: floats in and out of a row (default 512)
  --depth N         the cost model's depth (default 40)
  --count N         calls per timed loop (default 2000)
  --callers LIST    caller counts of the engine against the raw loop, comma-separated (default 1,8)
  --rounds N        interleaved rounds of part 2 (default 3)
  --only whole      skip part 1 (the stages one by one): only the whole path
  --variants LIST   one engine per name, comma-separated: default, nospin (DEMO_DESKTOP_ORT_SPINNING=0
                    in the worker), threads1 (the model's threads: 1) (default default)
  --profile DIR     write a --cpu-prof of each worker into DIR (open it in Chrome's DevTools)
  -h, --help        this help
`;

const args = commandLine(
  {
    command: 'bench/ipc-stages.ts',
    usage: USAGE,
    options: {
      width: { type: 'string', default: '512' },
      depth: { type: 'string', default: '40' },
      count: { type: 'string', default: '2000' },
      profile: { type: 'string' },
      callers: { type: 'string', default: '1,8' },
      rounds: { type: 'string', default: '3' },
      only: { type: 'string' },
      variants: { type: 'string', default: 'default' },
    },
  },
  (values) => ({
    ...values,
    width: positiveInteger('width', values.width),
    depth: positiveInteger('depth', values.depth),
    count: positiveInteger('count', values.count),
    callers: positiveIntegers('callers', values.callers),
    rounds: positiveInteger('rounds', values.rounds),
  }),
);
const WIDTH = args.width;
const DEPTH = args.depth;
const COUNT = args.count;
const CALLERS = args.callers;
const ROUNDS = args.rounds;
const VARIANTS = args.variants.split(',');
const TEXT = 'The quick brown fox jumps over the lazy dog. '.repeat(4);

/**
 * Microseconds of CPU (this process, every thread) per call of `fn`: the median of 5 runs of
 * `count` calls, after a warm-up. CPU rather than wall time, so that other work on the machine
 * (the other engineers' benches here) does not count as ours.
 */
async function perCall(count: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(count, 200); i++) await fn();
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = process.cpuUsage();
    for (let i = 0; i < count; i++) await fn();
    const used = process.cpuUsage(started);
    runs.push((used.user + used.system) / count);
  }
  return runs.sort((a, b) => a - b)[2] ?? Number.NaN;
}

function row(label: string, us: number, note = ''): void {
  console.log(`| ${label.padEnd(52)} | ${us.toFixed(1).padStart(8)} | ${note} |`);
}

async function stages(file: string, onnx: OnnxModel): Promise<void> {
  const input = makeRows(WIDTH, 1)[0] ?? [];
  const spec = onnx.definition.inputs[0];
  if (!spec) throw new Error('the model has no input');
  const runtime = new OnnxRuntime(onnx, silentLogger);
  const signal = new AbortController().signal;
  await runtime.load({ signal });
  const session = await InferenceSession.create(file, { graphOptimizationLevel: 'all', executionProviders: ['cpu'] });
  const fixed = new Tensor('float32', Float32Array.from(input), [1, WIDTH]);
  const infer = { type: 'infer', jobId: 1, input: toModelInput(input), params: {} };
  const inferBytes = serialize(infer);
  const output = await runtime.infer(input, { signal, params: {} });
  const result = { type: 'result', jobId: 1, value: output };
  const resultBytes = serialize(result);
  const n = COUNT * 5;
  console.log(`\n### Stages, ONNX row (${WIDTH} float32 in, ${WIDTH} out), µs of CPU per request\n`);
  console.log('| stage | µs | note |\n| --- | ---: | --- |');
  row(
    'main: toModelInput + serialise infer (v8)',
    await perCall(n, () => serialize({ ...infer, input: toModelInput(input) })),
    `${inferBytes.length} B`,
  );
  row('worker: deserialise infer (v8)', await perCall(n, () => deserialize(inferBytes)));
  row('worker: validate infer (zod parentMessage)', await perCall(n, () => parentMessage.safeParse(infer)));
  row('worker: check infer by hand (asInferMessage)', await perCall(n, () => asInferMessage(infer)));
  row(
    'worker: shape input (toTensorData + Tensor)',
    await perCall(n, () => new Tensor('float32', toTensorData(input, spec).data, [1, WIDTH])),
  );
  const binary = { ...infer, input: new Float32Array(input) };
  const binaryBytes = serialize(binary);
  const binarySerialise = (): Buffer => serialize({ ...infer, input: toModelCall(onnx.definition, [input]) });
  row('binary row: main: toModelCall + serialise infer (v8)', await perCall(n, binarySerialise), `${binaryBytes.length} B`);
  row('binary row: worker: deserialise infer (v8)', await perCall(n, () => deserialize(binaryBytes)));
  const floats = binary.input;
  row('binary row: worker: shape input', await perCall(n, () => new Tensor('float32', toTensorData(floats, spec).data, [1, WIDTH])));
  const run = await perCall(COUNT, () => session.run({ x: fixed }));
  row('worker: session.run (raw, the model)', run);
  const whole = await perCall(COUNT, () => runtime.infer(input, { signal, params: {} }));
  row('worker: OnnxRuntime.infer (shape + run + shape)', whole, `≈ ${(whole - run).toFixed(1)} µs around the run`);
  row('worker: serialise result (v8)', await perCall(n, () => serialize(result)), `${resultBytes.length} B`);
  row('main: deserialise result (v8)', await perCall(n, () => deserialize(resultBytes)));
  row('main: validate result (zod childMessage)', await perCall(n, () => childMessage.safeParse(result)));
  row('main: check result by hand (asResultMessage)', await perCall(n, () => asResultMessage(result)));
  await runtime.unload();
  await session.release();
}

async function textStages(): Promise<void> {
  const call = { export: 'default', inputs: [TEXT] };
  const infer = { type: 'infer', jobId: 1, input: call, params: {} };
  const inferBytes = serialize(infer);
  const result = { type: 'result', jobId: 1, value: TEXT.toUpperCase() };
  const resultBytes = serialize(result);
  const n = COUNT * 5;
  const sync = (fn: () => unknown): Promise<number> => perCall(n, fn);
  console.log(`\n### Stages, JS text → text (${TEXT.length} characters), µs of CPU per request\n`);
  console.log('| stage | µs | note |\n| --- | ---: | --- |');
  row('main: serialise infer (v8)', await sync(() => serialize(infer)), `${inferBytes.length} B`);
  row('worker: deserialise infer (v8)', await sync(() => deserialize(inferBytes)));
  row('worker: validate infer (zod parentMessage)', await sync(() => parentMessage.safeParse(infer)));
  row('worker: validate infer by hand (asInferMessage)', await sync(() => asInferMessage(infer)));
  row('worker: validate call (zod jsInvocation)', await sync(() => jsInvocation.safeParse(call)));
  row('worker: check call by hand (parseInvocation)', await sync(() => parseInvocation(call)));
  row('worker: serialise result (v8)', await sync(() => serialize(result)), `${resultBytes.length} B`);
  row('main: deserialise result (v8)', await sync(() => deserialize(resultBytes)));
  row('main: validate result (zod childMessage)', await sync(() => childMessage.safeParse(result)));
  row('main: check result by hand (asResultMessage)', await sync(() => asResultMessage(result)));
}

/** CPU milliseconds used so far by this process's children (the workers). */
function childrenCpuMs(): number {
  return childPids(process.pid).reduce((total, pid) => total + processCpuUs(pid) / 1000, 0);
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

interface Loop {
  readonly requests: number;
  readonly wallMs: number;
  readonly parentMs: number;
  readonly workerMs: number;
}

const NO_LOOP: Loop = { requests: 0, wallMs: 0, parentMs: 0, workerMs: 0 };
const add = (a: Loop, b: Loop): Loop => ({
  requests: a.requests + b.requests,
  wallMs: a.wallMs + b.wallMs,
  parentMs: a.parentMs + b.parentMs,
  workerMs: a.workerMs + b.workerMs,
});

/** `callers` closed-loop callers sharing `count` requests; totals of wall time and CPU. */
async function closedLoop(call: Call, callers: number, count: number): Promise<Loop> {
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < count) await call(next++);
  };
  const [parent0, worker0, wall0] = [cpuMs(), childrenCpuMs(), performance.now()];
  await Promise.all(Array.from({ length: callers }, caller));
  return { requests: count, wallMs: performance.now() - wall0, parentMs: cpuMs() - parent0, workerMs: childrenCpuMs() - worker0 };
}

function loopRow(label: string, loop: Loop, raw?: Loop): void {
  const per = (ms: number): string => (ms / loop.requests).toFixed(3);
  const total = loop.parentMs + loop.workerMs;
  const rate = (loop.requests * 1000) / loop.wallMs;
  const rawRate = raw ? (raw.requests * 1000) / raw.wallMs : undefined;
  const ratio = rawRate ? `${((100 * rate) / rawRate).toFixed(0)}%` : '–';
  const extra = raw ? (total / loop.requests - (raw.parentMs + raw.workerMs) / raw.requests).toFixed(3) : '–';
  console.log(`| ${label} | ${rate.toFixed(0)} | ${ratio} | ${per(loop.parentMs)} | ${per(loop.workerMs)} | ${per(total)} | ${extra} |`);
}

interface Variant {
  readonly name: string;
  readonly engine: Awaited<ReturnType<typeof openEngine>>;
}

/**
 * One engine (one ONNX worker) per variant: `default`, `nospin` (DEMO_DESKTOP_ORT_SPINNING=0 in
 * the worker's environment), `threads1` (the model's `threads: 1`).
 */
async function openVariant(dir: string, name: string, rows: readonly (readonly number[])[]): Promise<Variant> {
  const projectFile = await writeProject(dir, `project-${name}.json`, {
    width: WIDTH,
    events: CALLERS.map((callers) => ({ apiName: `c${callers}`, mode: 'off', concurrency: callers, limit: callers })),
  });
  if (name === 'threads1') {
    const json = JSON.parse(readFileSync(projectFile, 'utf8')) as { models: { cost: Record<string, unknown> } };
    json.models.cost.threads = 1;
    await writeFile(projectFile, JSON.stringify(json));
  }
  if (name === 'nospin') process.env.DEMO_DESKTOP_ORT_SPINNING = '0';
  if (args.profile) process.env.DEMO_DESKTOP_WORKER_CPU_PROF = args.profile;
  const engine = await openEngine(projectFile, WIDTH, rows);
  await engine.call(`c${CALLERS[0] ?? 1}`)(0);
  delete process.env.DEMO_DESKTOP_ORT_SPINNING;
  delete process.env.DEMO_DESKTOP_WORKER_CPU_PROF;
  return { name, engine };
}

/** The floor: an echo child answering each row with a result of the worker's shape, no model, no queue. */
async function echoFloor(rows: readonly (readonly number[])[]): Promise<void> {
  const child = forkBenchChild('ipc-echo-process.ts');
  await nextMessage(child);
  const floats = rows.map((row) => Float32Array.from(row));
  const echo =
    (binary: boolean): Call =>
    async (index) => {
      const answered = nextMessage(child);
      child.send({ id: index, width: WIDTH, row: binary ? floats[index % floats.length] : rows[index % rows.length] });
      await answered;
    };
  for (const binary of [false, true]) {
    await closedLoop(echo(binary), 1, 300);
    let total = NO_LOOP;
    for (let round = 0; round < ROUNDS; round++) total = add(total, await closedLoop(echo(binary), 1, COUNT * 2));
    loopRow(`IPC echo child, row as ${binary ? 'Float32Array' : 'number[]'}, 1 caller`, total);
  }
  child.disconnect();
}

async function system(dir: string, file: string): Promise<void> {
  const rows = makeRows(WIDTH, 64);
  console.log(`\n### The IPC floor: echo child, ${ROUNDS} rounds, ms per round trip\n`);
  console.log('| loop | req/s | vs raw | parent CPU | child CPU | total CPU | – |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  await echoFloor(rows);
  const raw = await openRaw(readFileSync(file), WIDTH, rows);
  const variants: Variant[] = [];
  for (const name of VARIANTS) variants.push(await openVariant(dir, name, rows));
  console.log(`\n### Engine path (scheduler + worker, no HTTP) against the raw loop, ${ROUNDS} interleaved rounds\n`);
  console.log('CPU in ms per request: parent = this process (raw loop, or engine + scheduler + WorkerHost), worker = its children.\n');
  console.log(
    '| loop | req/s | vs raw | parent CPU | worker CPU | total CPU | total − raw |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const callers of CALLERS) {
    const calls = variants.map((variant) => variant.engine.call(`c${callers}`));
    await closedLoop(raw.call, callers, 200);
    for (const call of calls) await closedLoop(call, callers, 200);
    let rawTotal = NO_LOOP;
    const totals = variants.map(() => NO_LOOP);
    for (let round = 0; round < ROUNDS; round++) {
      rawTotal = add(rawTotal, await closedLoop(raw.call, callers, COUNT));
      for (const [i, call] of calls.entries()) totals[i] = add(totals[i] ?? NO_LOOP, await closedLoop(call, callers, COUNT));
    }
    loopRow(`raw onnxruntime, ${callers} caller(s)`, rawTotal);
    for (const [i, variant] of variants.entries()) loopRow(`engine ${variant.name}, ${callers} caller(s)`, totals[i] ?? NO_LOOP, rawTotal);
  }
  for (const variant of variants) await variant.engine.dispose();
  await raw.dispose();
  const module = join(dir, 'upper.mjs');
  await writeFile(module, 'export default function upper(inputs) { return String(inputs[0]).toUpperCase(); }\n');
  const js = new WorkerHost({ spec: { kind: 'js', name: 'upper.mjs', modulePath: module, models: [] } });
  const signal = new AbortController().signal;
  await js.load({ signal });
  const text: Call = async () => {
    await js.infer({ export: 'default', inputs: [TEXT] }, { signal, params: {} });
  };
  await closedLoop(text, 1, 500);
  let jsTotal = NO_LOOP;
  for (let round = 0; round < ROUNDS; round++) jsTotal = add(jsTotal, await closedLoop(text, 1, COUNT * 2));
  loopRow('WorkerHost, JS text → text, 1 caller', jsTotal);
  await js.dispose();
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-desktop-ipc-stages-'));
  try {
    const file = join(dir, 'cost.onnx');
    await writeFile(file, buildCostModel({ width: WIDTH, depth: DEPTH, seed: 7 }));
    const definition = modelSchema.parse({
      runtime: 'onnx',
      source: { path: './cost.onnx' },
      device: 'cpu',
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', WIDTH] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', WIDTH] }],
    });
    const environment = { cacheDir: dir, offline: true, hubEndpoint: 'http://127.0.0.1:9' };
    const onnx = { name: 'cost', definition, environment, localPath: file } as OnnxModel;
    console.log(`width ${WIDTH}, depth ${DEPTH}, ${COUNT} requests per loop; load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
    if (args.only !== 'whole') {
      await stages(file, onnx);
      await textStages();
    }
    await system(dir, file);
    console.log(`\nload after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
