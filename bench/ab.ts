/**
 * `npm run bench:ab -- --a DIR [--b DIR]`: two checkouts of the server side by side in one run,
 * for measuring one change at a time (docs/performance.md, "Levers"). Each side is its own
 * process (serve-process.ts run from that checkout: engine, ONNX worker, HTTP server, the 5 ms
 * model); one load process per side (http-load-process.ts of this checkout) drives it with the
 * plain keep-alive client. The slices alternate A B B A ..., so drifting load lands on both. Per
 * side: throughput, and the CPU per request of the server process, of its worker and of its load
 * process (from /proc/<pid>/stat): the server's own cost, which is what a server-side change moves.
 * `--event adaptive` measures adaptive batching (≤ 32, one batch at a time) instead of unbatched
 * calls; with `--depth 51` that is the bench's batchable model. Both checkouts need a
 * serve-process.ts that serves `adaptive_<n>` (session 27 on): an older one answers 404.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFile, access, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import os from 'node:os';
import { nextMessage } from './child.js';
import { commandLine, positiveInteger, positiveIntegers, positiveNumber, UsageError } from './cli-args.js';
import type { ClientKind } from './http-load-process.js';
import type { Sample } from './load.js';
import { openLoad, type HttpPath } from './paths/http.js';
import type { ServeReply, ServeRequest } from './serve-process.js';
import { childPids, processCpuUs } from './proc-cpu.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
interface Side {
  readonly name: 'A' | 'B';
  readonly root: string;
  readonly child: ChildProcess;
  readonly load: HttpPath;
  readonly workerPid: number;
}

interface Totals {
  requests: number;
  seconds: number;
  serverUs: number;
  workerUs: number;
  clientUs: number;
}

const noTotals = (): Totals => ({ requests: 0, seconds: 0, serverUs: 0, workerUs: 0, clientUs: 0 });

async function openSide(
  name: 'A' | 'B',
  root: string,
  width: number,
  depth: number,
  callers: readonly number[],
  adaptive: boolean,
): Promise<Side> {
  const entry = join(root, 'bench', 'serve-process.ts');
  // An older checkout may predate this tool: the serve process only uses what every version has.
  await access(entry).catch(() => copyFile(join(import.meta.dirname, 'serve-process.ts'), entry));
  const child = fork(entry, [], { cwd: root, serialization: 'advanced' });
  const opened = nextMessage<ServeReply>(child);
  child.send({ type: 'open', width, depth, callers, ...(adaptive ? { adaptive } : {}) } satisfies ServeRequest);
  const reply = await opened;
  if (reply.type !== 'opened') throw new Error(`side ${name} (${root}) did not start: ${reply.message}`);
  const load = await openLoad(reply.url, width, 8, async () => {
    if (child.connected) child.send({ type: 'close' } satisfies ServeRequest);
    if (child.exitCode === null) await new Promise((done) => child.once('exit', done));
  });
  const pid = child.pid ?? -1;
  return { name, root, child, load, workerPid: childPids(pid, /worker-main/)[0] ?? -1 };
}

async function slice(side: Side, event: string, callers: number, ms: number, kind: ClientKind, totals: Totals): Promise<void> {
  const pid = side.child.pid ?? -1;
  const before = {
    server: processCpuUs(pid),
    worker: processCpuUs(side.workerPid),
    client: processCpuUs(side.load.clientPid),
    at: performance.now(),
  };
  const sample: Sample = await side.load.sample(
    `${event}_${callers}`,
    Math.min(callers, 8),
    { concurrency: callers, warmupMs: 0, durationMs: ms },
    kind,
  );
  if (sample.errors > 0) throw new Error(`side ${side.name}: ${sample.errors} errors, first: ${sample.firstError ?? '?'}`);
  totals.requests += sample.latencies.length;
  totals.seconds += (performance.now() - before.at) / 1000;
  totals.serverUs += processCpuUs(pid) - before.server;
  totals.workerUs += processCpuUs(side.workerPid) - before.worker;
  totals.clientUs += processCpuUs(side.load.clientPid) - before.client;
}

const USAGE = `Usage: npm run bench:ab -- --a DIR [--b DIR] [options]

Two checkouts of the server side by side in one run, one change at a time: per side, req/s and
the CPU per request of the server process, its worker and its load process (plain keep-alive
client, slices alternating A B B A ...). Writes .bench/LABEL.json and prints a Markdown table.

Options:
  --a DIR          checkout A, the one to compare against (required; e.g. a git worktree of the
                   previous commit)
  --b DIR          checkout B (default: this checkout)
  --callers LIST   caller counts, comma-separated (default 1,8,64)
  --rounds N       measured slices per side and caller count (default 4)
  --seconds N      length of each slice (default 2)
  --width N        the cost model's width (default 256)
  --depth N        the cost model's depth (default 418: the 5 ms model; 51: the batchable one)
  --client KIND    plain or gradio (@gradio/client) (default plain)
  --event MODE     off: unbatched calls (limit = callers); adaptive: adaptive batching (≤ 32, one
                   batch at a time; both checkouts need session 27's serve-process.ts) (default off)
  --label NAME     results go to .bench/NAME.json (default ab)
  -h, --help       this help
`;

function options(): {
  a: string;
  b: string;
  callers: number[];
  rounds: number;
  ms: number;
  width: number;
  depth: number;
  kind: ClientKind;
  event: string;
  label: string;
} {
  return commandLine(
    {
      command: 'bench:ab',
      usage: USAGE,
      options: {
        a: { type: 'string' },
        b: { type: 'string', default: resolve(import.meta.dirname, '..') },
        callers: { type: 'string', default: '1,8,64' },
        rounds: { type: 'string', default: '4' },
        seconds: { type: 'string', default: '2' },
        width: { type: 'string', default: '256' },
        depth: { type: 'string', default: '418' },
        client: { type: 'string', default: 'plain' },
        label: { type: 'string', default: 'ab' },
        // off: unbatched (limit = callers); adaptive: adaptive batching ≤ 32, one batch at a time.
        event: { type: 'string', default: 'off' },
      },
    },
    (values) => {
      if (!values.a)
        throw new UsageError('--a DIR is required: the checkout to compare against (e.g. a git worktree of the previous commit)');
      if (values.event !== 'off' && values.event !== 'adaptive') throw new UsageError(`--event ${values.event}: off or adaptive`);
      return {
        a: values.a,
        b: values.b,
        callers: positiveIntegers('callers', values.callers),
        rounds: positiveInteger('rounds', values.rounds),
        ms: positiveNumber('seconds', values.seconds) * 1000,
        width: positiveInteger('width', values.width),
        depth: positiveInteger('depth', values.depth),
        kind: values.client as ClientKind,
        event: values.event,
        label: values.label,
      };
    },
  );
}

async function main(): Promise<void> {
  const values = options();
  const { callers, width, depth, rounds, ms, kind, event } = values;
  const loadBefore = os.loadavg();
  const sides = [
    await openSide('A', resolve(values.a), width, depth, callers, event === 'adaptive'),
    await openSide('B', resolve(values.b), width, depth, callers, event === 'adaptive'),
  ];
  const lines = [
    '| callers | A req/s | B req/s | B/A | A server µs/req | B server µs/req | B/A | A worker µs/req | B worker µs/req | A client µs/req | B client µs/req |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const results: Record<string, unknown>[] = [];
  try {
    for (const count of callers) {
      const totals: Record<'A' | 'B', Totals> = { A: noTotals(), B: noTotals() };
      for (const side of sides) await slice(side, event, count, 1000, kind, noTotals());
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? sides : [...sides].reverse();
        for (const side of order) await slice(side, event, count, ms, kind, totals[side.name]);
      }
      const rate = (t: Totals): number => t.requests / t.seconds;
      const per = (t: Totals, us: number): number => us / t.requests;
      const { A, B } = totals;
      lines.push(
        `| ${count} | ${rate(A).toFixed(0)} | ${rate(B).toFixed(0)} | ${((rate(B) / rate(A)) * 100).toFixed(0)}% | ${per(A, A.serverUs).toFixed(0)} | ` +
          `${per(B, B.serverUs).toFixed(0)} | ${((per(B, B.serverUs) / per(A, A.serverUs)) * 100).toFixed(0)}% | ${per(A, A.workerUs).toFixed(0)} | ${per(B, B.workerUs).toFixed(0)} | ` +
          `${per(A, A.clientUs).toFixed(0)} | ${per(B, B.clientUs).toFixed(0)} |`,
      );
      log(lines.at(-1) ?? '');
      results.push({ callers: count, A, B });
    }
  } finally {
    for (const side of sides) await side.load.dispose();
  }
  const text = `${lines.join('\n')}\n\nA: ${sides[0]?.root}\nB: ${sides[1]?.root}\nclient: ${kind}, ${event}; load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}\n`;
  process.stdout.write(text);
  await mkdir('.bench', { recursive: true });
  await writeFile(
    join('.bench', `${values.label}.json`),
    `${JSON.stringify({ loadBefore, loadAfter: os.loadavg(), results, text }, null, 2)}\n`,
  );
}

await main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
