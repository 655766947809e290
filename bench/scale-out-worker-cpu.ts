/**
 * The worker's own CPU per job, by `--isolation` (thread: the ONNX model in a thread of the
 * `demo-desktop worker` process; process: in a worker process of its own), without the HTTP front:
 * this script submits jobs straight to the queue and reads their ends, so what differs between
 * the two is the worker's side only. Both workers run at once (each on its own namespace of one
 * redis-server) and are measured in alternating rounds; each round reads the worker's process
 * tree from /proc before and after a fixed number of jobs (`callers` in flight). The model runs
 * with one intra-op thread, so that onnxruntime's spinning threads do not blur the difference.
 *
 *   [WORKER_NODE_ARGS=...] npx tsx bench/scale-out-worker-cpu.ts [jobs per round, default 300] [rounds, default 4] [callers, default 8]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { JobSubmission } from '../main/queue/queue-types.js';
import { RedisQueue } from '../main/queue/redis/redis-queue.js';
import { makeRows, writeModel } from './model.js';
import { childPids, processCpuUs } from './proc-cpu.js';
import { writeProject } from './project.js';
import { startRedisServer } from './redis-server.js';

const BIN = join(import.meta.dirname, '..', 'main', 'cli', 'bin.ts');
const WIDTH = 256;
const ISOLATIONS = ['process', 'thread'] as const;
type Isolation = (typeof ISOLATIONS)[number];

const treeCpuUs = (pid: number): number => processCpuUs(pid) + childPids(pid).reduce((sum, child) => sum + treeCpuUs(child), 0);

function startWorker(file: string, queue: string, isolation: Isolation): Promise<ChildProcess> {
  // $WORKER_NODE_ARGS: more node options for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', BIN, 'worker', file, '--queue', queue, '--isolation', isolation, '--offline'],
    {
      env: { ...process.env, DEMO_DESKTOP_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (/Worker \S+ ready/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker (${isolation}) exited ${String(code)}`)));
    child.stdout.resume();
  });
}

let counter = 0;
const row = makeRows(WIDTH, 1);

/** One job, from submit to its terminal event. */
async function oneJob(front: RedisQueue): Promise<void> {
  const id = `j${++counter}`;
  const job: JobSubmission = {
    id,
    event: 'infer',
    inputs: [row],
    session: 'S',
    lane: 'S',
    priority: 'normal',
    groupId: 'infer',
    limit: null,
    batch: null,
  };
  await front.submit(job);
  let last = '0';
  for (;;) {
    for (const stored of await front.readEvents(new Map([[id, last]]), { blockMs: 1000 })) {
      last = stored.id;
      if (stored.event.type === 'failed') throw new Error(JSON.stringify(stored.event));
      if (stored.event.type === 'completed' || stored.event.type === 'cancelled') return;
    }
  }
}

async function round(front: RedisQueue, jobs: number, callers: number): Promise<void> {
  let left = jobs;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (left-- > 0) await oneJob(front);
    }),
  );
}

async function main(): Promise<void> {
  const [jobs = 300, rounds = 4, callers = 8] = process.argv.slice(2).map(Number);
  const model = await writeModel({ width: WIDTH, depth: 16 }, 'worker-cpu');
  // One event, `infer`, as many slots as jobs in flight; one intra-op thread, so spinning does not blur it.
  const event = { apiName: 'infer', mode: 'off', concurrency: callers, limit: callers } as const;
  const file = await writeProject(model.dir, 'project.json', { width: WIDTH, threads: 1, events: [event] });
  const redis = await startRedisServer(['--appendfsync', 'everysec']);
  const sides = await Promise.all(
    ISOLATIONS.map(async (isolation) => {
      const ns = `cpu-${isolation}`;
      const worker = await startWorker(file, `${redis.url}?namespace=${ns}`, isolation);
      const front = await RedisQueue.connect(`${redis.url}?namespace=${ns}`);
      return { isolation, worker, front, cpuUs: 0, ms: 0, jobs: 0 };
    }),
  );
  const before = loadavg();
  try {
    for (const side of sides) await round(side.front, 50, callers); // warm: model loaded, JIT
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 === 0 ? sides : [...sides].reverse()) {
        const pid = side.worker.pid ?? -1;
        const [cpu0, t0] = [treeCpuUs(pid), performance.now()];
        await round(side.front, jobs, callers);
        side.cpuUs += treeCpuUs(pid) - cpu0;
        side.ms += performance.now() - t0;
        side.jobs += jobs;
      }
    }
    console.log(
      `load average before ${before.map((n) => n.toFixed(2)).join(' ')}, after ${loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
    );
    console.log(`${rounds} alternating rounds of ${jobs} jobs, ${callers} in flight, model width ${WIDTH} depth 16, 1 intra-op thread`);
    for (const side of sides) {
      console.log(
        `--isolation ${side.isolation}: worker CPU ${(side.cpuUs / side.jobs / 1000).toFixed(2)} ms/job, ` +
          `${((side.jobs / side.ms) * 1000).toFixed(0)} jobs/s`,
      );
    }
  } finally {
    for (const side of sides) {
      await side.front.close();
      // SIGTERM: a clean stop (a --cpu-prof in NODE_OPTIONS is written on exit).
      const exited = new Promise((resolve) => side.worker.once('exit', resolve));
      side.worker.kill('SIGTERM');
      await exited;
    }
    await redis.stop();
    await model.remove();
  }
}

await main();
