/**
 * `npm run bench -- --store`: the HTTP path with and without history recording (issue 16), in one
 * run. One engine serves two HTTP servers, one with a HistoryRecorder over a real store in a temp
 * folder and one without; the same client process drives both, in interleaved rounds (A B, B A,
 * ...), so machine noise lands on both sides alike. The function is a trivial JS echo, so the
 * per-call cost of recording is as large a share of the latency as it can be (the worst case).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../main/common/logger.js';
import { createEngine } from '../main/engine/create-engine.js';
import { loadProject } from '../main/project/load.js';
import { createHistoryRecorder } from '../main/store/history-recorder.js';
import { HistoryRepository } from '../main/store/history-repository.js';
import { openStore } from '../main/store/open-store.js';
import { toResult, type LoadResult, type Sample } from './load.js';
import type { BenchOptions } from './options.js';
import { openHttp, type HttpPath } from './paths/http.js';

const WIDTH = 16;
const PROJECT_NAME = 'store-bench';

/** The echo answers in the cost model's output shape, so the HTTP load process checks it as it does the model's. */
const ECHO = 'export function echo([x]) { return { y: { dims: [1, x.length], data: x } }; }\n';

async function echoProject(dir: string): Promise<string> {
  await writeFile(join(dir, 'echo.js'), ECHO);
  const file = join(dir, 'project.json');
  const project = {
    version: 1,
    name: PROJECT_NAME,
    functions: { echo: { kind: 'js', module: './echo.js', export: 'echo' } },
    queue: { defaultConcurrencyLimit: null },
    ui: { type: 'interface', fn: 'echo', apiName: 'echo', inputs: [{ type: 'json', id: 'x' }], outputs: [{ type: 'json', id: 'y' }] },
  };
  await writeFile(file, JSON.stringify(project));
  return file;
}

const ms = (value: number): string => value.toFixed(2);

function line(concurrency: number, without: LoadResult, withStore: LoadResult): string {
  return (
    `| ${concurrency} | ${without.throughput.toFixed(0)} | ${withStore.throughput.toFixed(0)} | ` +
    `${(withStore.throughput / without.throughput).toFixed(3)} | ${ms(without.p50Ms)} | ${ms(withStore.p50Ms)} | ` +
    `${(withStore.p50Ms / without.p50Ms).toFixed(3)} | ${ms(without.p99Ms)} | ${ms(withStore.p99Ms)} | ${without.errors + withStore.errors} |`
  );
}

async function measurePair(
  paths: { without: HttpPath; with: HttpPath },
  options: BenchOptions,
  concurrency: number,
): Promise<{ without: LoadResult; with: LoadResult }> {
  const samples: { without: Sample[]; with: Sample[] } = { without: [], with: [] };
  const load = { concurrency, warmupMs: options.warmupMs, durationMs: options.durationMs };
  const rounds = Math.max(2, options.rounds * 2);
  for (let round = 0; round < rounds; round++) {
    // Alternate which side goes first, so a warming or cooling machine favours neither.
    const order = round % 2 === 0 ? (['without', 'with'] as const) : (['with', 'without'] as const);
    for (const side of order) samples[side].push(await paths[side].sample('echo', Math.min(concurrency, options.clients), load));
  }
  return { without: toResult(samples.without), with: toResult(samples.with) };
}

export async function storeBench(options: BenchOptions, log: (line: string) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-desktop-store-bench-'));
  const projectFile = await echoProject(dir);
  const engine = await createEngine({
    loaded: await loadProject(projectFile),
    environment: { offline: true, cacheDir: join(dir, 'cache') },
  });
  const store = openStore({ dataDir: join(dir, 'data'), logger: silentLogger });
  const history = createHistoryRecorder({ store, project: projectFile, logger: silentLogger });
  const paths = {
    without: await openHttp(engine, join(dir, 'without'), WIDTH, options.clients),
    with: await openHttp(engine, join(dir, 'with'), WIDTH, options.clients, history),
  };
  const lines = [
    '| callers | req/s without | req/s with | ratio | p50 ms without | p50 ms with | ratio | p99 ms without | p99 ms with | errors |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  try {
    for (const concurrency of options.concurrencies) {
      const result = await measurePair(paths, options, concurrency);
      lines.push(line(concurrency, result.without, result.with));
      log(lines.at(-1) ?? '');
    }
  } finally {
    await paths.without.dispose();
    await paths.with.dispose();
    await history.settled();
    await store.writer.flush();
    const recorded = new HistoryRepository(store).count({ project: projectFile });
    lines.push('', `Runs recorded by the "with" side: ${recorded}; database ${store.path}.`);
    await store.close();
    await engine.dispose();
    await rm(dir, { recursive: true, force: true });
  }
  return lines.join('\n');
}
