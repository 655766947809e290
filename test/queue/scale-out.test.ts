/**
 * Issue 18 as it is checked: a real redis-server, two `serve --queue` fronts and two
 * `demo-desktop worker` processes (the CLI as real child processes), Debian's nginx round-robin in
 * front with the shipped site (no affinity), and 64 callers of the official @gradio/client. Counted
 * from the function's own log: every call answered once with its own result (none lost, none
 * duplicated), zero "session not found", the event's concurrency limit never exceeded across the
 * two workers (measured overlap), and both workers used; a cancel through the other front (the
 * join and stream on one front, the cancel on the other, addressed directly) stopping the runs on
 * their workers and freeing their slots; then a worker `kill -9` and a Redis `kill -9` and
 * restart, each mid-load, with every call still answered once.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnCli, waitForLine } from '../cli/run-cli.js';
import { freePort } from '../helpers/sshd.js';
import { tempDir } from '../runtimes/support.js';
import { connect } from '../server/support/gradio-client.js';
import { startNginx, type Nginx } from './nginx.js';
import { namespace, redisForFile } from './queue-fixtures.js';
import { cancel, fnIndexOf, join as joinQueue, openStream } from './queue-protocol.js';
import { heldRuns, maxOverlap } from './worker-fixtures.js';

const redis = redisForFile();
const CALLERS = 64;
const LIMIT = 2;
const HOLD_MS = 60;
/** The runs a worker is killed in: long enough that it surely holds one when it dies. */
const LONG_MS = 500;
const KILL_CALLERS = 32;

const children: ChildProcessWithoutNullStreams[] = [];
let workers: ChildProcessWithoutNullStreams[] = [];
let nginx: Nginx | undefined;
let project: { path: string; remove: () => Promise<void> } | undefined;
let logFile = '';
/** The fronts' own addresses (behind nginx): to send a request to one front in particular. */
let frontUrls: string[] = [];

/**
 * `hold` logs its start and end (ms, its worker process's parent: the `demo-desktop worker`), waits,
 * answers with its input. A `cancel-` call waits for nothing but its abort signal, then logs
 * `aborted` (and its end): it only ever ends because a cancel stopped it on the worker.
 */
function holdModule(log: string): string {
  return `import { appendFileSync } from 'node:fs';
const LOG = ${JSON.stringify(log)};
const note = (kind, tag) => appendFileSync(LOG, kind + ' ' + Date.now() + ' ' + process.ppid + ' ' + tag + '\\n');
export async function hold([tag], ctx) {
  note('start', tag);
  if (tag.startsWith('cancel-')) {
    if (!ctx.signal.aborted) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
    note('aborted', tag);
    note('end', tag);
    throw new Error('cancelled');
  }
  await new Promise((resolve) => setTimeout(resolve, tag.startsWith('long-') ? ${LONG_MS} : ${HOLD_MS}));
  note('end', tag);
  return 'held ' + tag;
}
`;
}

async function writeProject(dir: string): Promise<string> {
  logFile = join(dir, 'runs.log');
  await writeFile(join(dir, 'fns.js'), holdModule(logFile));
  const file = join(dir, 'project.json');
  const ui = {
    type: 'interface',
    fn: 'hold',
    apiName: 'hold',
    concurrencyLimit: LIMIT,
    inputs: [{ type: 'textbox', id: 'tag' }],
    outputs: [{ type: 'textbox', id: 'out' }],
  };
  // A short lease, so a killed worker's runs are retried within seconds (the default is 30 s), yet
  // long enough that a busy machine's late heartbeat does not lose one.
  const queue = { leaseSeconds: 5 };
  const functions = { hold: { kind: 'js', module: './fns.js', export: 'hold' } };
  await writeFile(file, JSON.stringify({ version: 1, name: 'scale-out', functions, queue, ui }));
  return file;
}

function started(child: ChildProcessWithoutNullStreams): ChildProcessWithoutNullStreams {
  children.push(child);
  return child;
}

beforeAll(async () => {
  project = await tempDir('scale-out');
  const file = await writeProject(project.path);
  const queue = `${redis.server().url}?namespace=${namespace()}`;
  // The balancer's address first: the fronts answer its Host (`--allowed-host`), as in production.
  const listen = await freePort();
  workers = [0, 1].map(() => started(spawnCli(['worker', file, '--queue', queue])));
  const fronts = [0, 1].map(() =>
    started(spawnCli(['serve', file, '--port', '0', '--queue', queue, '--no-history', '--allowed-host', `127.0.0.1:${listen}`])),
  );
  await Promise.all(workers.map((worker) => waitForLine(worker, /Worker \S+ ready: serving /, 120_000)));
  const ports = await Promise.all(
    fronts.map(async (front) => Number((await waitForLine(front, /Running on http:\/\/127\.0\.0\.1:(\d+)\n/, 120_000))[1])),
  );
  frontUrls = ports.map((port) => `http://127.0.0.1:${port}/`);
  nginx = await startNginx(ports, listen);
}, 300_000);

afterAll(async () => {
  await nginx?.stop();
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  await project?.remove();
});

/** `count` callers, each its own @gradio/client through the balancer, all at once; `tag` names each call. */
async function callers(url: string, count: number, tag: (i: number) => string): Promise<PromiseSettledResult<unknown>[]> {
  return Promise.allSettled(
    Array.from({ length: count }, async (_, i) => {
      const client = await connect(url);
      try {
        return (await client.predict('/hold', [tag(i)])).data;
      } finally {
        client.close();
      }
    }),
  );
}

/** The log's lines of `kind` (start, end, aborted) for `tag`, as `{at, worker}`. */
async function logged(kind: string, tag: string): Promise<{ at: number; worker: number }[]> {
  // No file yet: no call has started (this case run alone).
  return (await readFile(logFile, 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line.startsWith(`${kind} `) && line.endsWith(` ${tag}`))
    .map((line) => ({ at: Number(line.split(' ')[1]), worker: Number(line.split(' ')[2]) }));
}

async function untilLogged(kind: string, tag: string): Promise<void> {
  while ((await logged(kind, tag)).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
}

const failuresOf = (results: readonly PromiseSettledResult<unknown>[]): string[] =>
  results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));

describe('scale-out: 2 fronts and 2 workers on Redis behind nginx round-robin', () => {
  it(`answers ${CALLERS} @gradio/client callers once each, within the limit across workers`, async () => {
    if (!nginx) throw new Error('nginx did not start');
    const results = await callers(nginx.url, CALLERS, (i) => `caller-${i}`);
    expect(failuresOf(results)).toEqual([]);
    const answers = results.map((result) => (result.status === 'fulfilled' ? result.value : null));
    expect(answers).toEqual(Array.from({ length: CALLERS }, (_, i) => [`held caller-${i}`]));
    const runs = await heldRuns(logFile);
    // Each call ran exactly once (a retry after a lost lease would show twice).
    expect(runs.map((run) => run.tag).sort()).toEqual(Array.from({ length: CALLERS }, (_, i) => `caller-${i}`).sort());
    expect(maxOverlap(runs)).toBeLessThanOrEqual(LIMIT);
    expect(new Set(runs.map((run) => run.worker)).size).toBe(2);
  }, 300_000);

  it('cancels through the other front: the runs stop on their workers and free their slots', async () => {
    const [joinFront, cancelFront] = frontUrls;
    if (!nginx || !joinFront || !cancelFront) throw new Error('the setup did not start');
    const fnIndex = await fnIndexOf(joinFront, 'hold');
    // Both slots of the group held by calls joined (and streamed) through the first front, which
    // end only when their abort signal fires on the worker.
    const session = randomBytes(8).toString('hex');
    const tags = Array.from({ length: LIMIT }, (_, i) => `cancel-${i}`);
    const ids = await Promise.all(tags.map((tag) => joinQueue(joinFront, session, fnIndex, [tag])));
    const stream = await openStream(joinFront, session);
    try {
      for (const tag of tags) await untilLogged('start', tag);
      for (const id of ids) await cancel(cancelFront, session, fnIndex, id);
      // The client hears each cancel at once, on the stream of the first front.
      for (const id of ids) await stream.next((message) => message.msg === 'process_completed' && message.event_id === id);
    } finally {
      stream.close();
    }
    // Each run observed its abort signal on the worker that ran it, and was never started again.
    for (const tag of tags) {
      await untilLogged('aborted', tag);
      expect(await logged('start', tag)).toHaveLength(1);
    }
    // The slots are free: new calls through the balancer run (they could not while the cancelled
    // runs held both slots, which only a stopped run gives back), within the limit throughout.
    const after = await callers(nginx.url, LIMIT, (i) => `after-cancel-${i}`);
    expect(failuresOf(after)).toEqual([]);
    const runs = await heldRuns(logFile);
    const aborted = Math.min(...runs.filter((run) => run.tag.startsWith('cancel-')).map((run) => run.end));
    for (const run of runs.filter((r) => r.tag.startsWith('after-cancel-'))) expect(run.start).toBeGreaterThanOrEqual(aborted);
    expect(maxOverlap(runs)).toBeLessThanOrEqual(LIMIT);
  }, 300_000);

  it('loses no call when a worker is killed (kill -9) mid-load: its runs are retried on the other', async () => {
    if (!nginx) throw new Error('nginx did not start');
    const before = (await heldRuns(logFile)).length;
    const load = callers(nginx.url, KILL_CALLERS, (i) => `long-${i}`);
    // Kill the first worker while it holds a run of this load (its function logged a start, no end).
    const victim = workers[0];
    if (!victim?.pid) throw new Error('no worker to kill');
    const holding = async (): Promise<boolean> => {
      const lines = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.includes(` ${victim.pid} long-`));
      return lines.filter((line) => line.startsWith('start ')).length > lines.filter((line) => line.startsWith('end ')).length;
    };
    while (!(await holding())) await new Promise((resolve) => setTimeout(resolve, 20));
    victim.kill('SIGKILL');
    const results = await load;
    expect(failuresOf(results)).toEqual([]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : null))).toEqual(
      Array.from({ length: KILL_CALLERS }, (_, i) => [`held long-${i}`]),
    );
    const runs = (await heldRuns(logFile)).slice(before);
    const tags = Array.from({ length: KILL_CALLERS }, (_, i) => `long-${i}`);
    expect([...new Set(runs.map((run) => run.tag))].sort()).toEqual([...tags].sort());
    // Ran twice: only what the killed worker held. A run it finished but had not yet reported
    // is run again elsewhere (its client still gets one answer): at least once, delivered once.
    const starts = (await readFile(logFile, 'utf8'))
      .split('\n')
      .filter((line) => line.startsWith('start ') && line.includes(' long-'))
      .map((line) => ({ worker: Number(line.split(' ')[2]), tag: line.split(' ')[3] ?? '' }));
    const again = tags.filter((tag) => starts.filter((start) => start.tag === tag).length > 1);
    expect(again.length).toBeGreaterThanOrEqual(1);
    expect(again.length).toBeLessThanOrEqual(LIMIT);
    for (const tag of again) expect(starts.find((start) => start.tag === tag)?.worker).toBe(victim.pid);
    expect(maxOverlap(runs)).toBeLessThanOrEqual(LIMIT);
  }, 300_000);

  it('loses no call when Redis is killed (kill -9) and restarted mid-load (AOF, appendfsync always)', async () => {
    if (!nginx) throw new Error('nginx did not start');
    const before = (await readFile(logFile, 'utf8')).split('\n').filter((line) => line.includes(' redis-')).length;
    expect(before).toBe(0);
    const load = callers(nginx.url, KILL_CALLERS, (i) => `long-redis-${i}`);
    // Restart Redis once runs of this load are under way (a function logged its start).
    while (!(await readFile(logFile, 'utf8')).includes(' long-redis-')) await new Promise((resolve) => setTimeout(resolve, 20));
    await redis.server().kill();
    await redis.server().start();
    const results = await load;
    expect(failuresOf(results)).toEqual([]);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : null))).toEqual(
      Array.from({ length: KILL_CALLERS }, (_, i) => [`held long-redis-${i}`]),
    );
  }, 300_000);
});
