import { readFile, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { loadProject } from '../../main/project/load.js';
import { latestTuneReports } from '../../main/store/tune-reports.js';
import { describe as describeConfig } from '../../main/tune/search.js';
import { runCli, spawnCli } from '../cli/run-cli.js';
import { isAlive, tempDir, waitFor } from '../runtimes/support.js';
import { costFixture, type Fixture } from './tune-fixtures.js';

/** `demo-desktop tune` as a user runs it: a real child process (tsx), a real project, real workers. */

/** The pids of a process's children (its engine's workers), from /proc. */
function childrenOf(pid: number): number[] {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks
    .flatMap((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(/\s+/);
      } catch {
        return [];
      }
    })
    .filter(Boolean)
    .map(Number);
}

/** `value` without the keys at these paths (to compare a written project with the original). */
function without(value: unknown, paths: readonly (readonly string[])[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const path of paths) {
    let node: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    if (node) Reflect.deleteProperty(node, path.at(-1) ?? '');
  }
  return copy;
}

describe('demo-desktop tune (real child processes)', () => {
  let fx: Fixture;
  let original: string;
  let data: { path: string; remove: () => Promise<void> };
  // The app's data folder of every run here (the reports go to its database, not the user's).
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    // A small model: the tune's trials are short, and the test is about the command, not the figures.
    fx = await costFixture(64, 2);
    original = await readFile(fx.file, 'utf8');
    data = await tempDir('tune-data');
    env = { DEMO_DESKTOP_OFFLINE: '1', DEMO_DESKTOP_DATA: data.path };
  });
  afterAll(async () => {
    await fx.remove();
    await data.remove();
  });

  it('--help explains the command and its safety; the overview lists it', async () => {
    const help = await runCli(['tune', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: demo-desktop tune <project.json>/);
    expect(help.stdout).toMatch(/--max-wait <duration>/);
    expect(help.stdout).toMatch(/not changed unless you pass --write/);
    const overview = await runCli(['--help']);
    expect(overview.stdout).toMatch(/demo-desktop tune <project.json>/);
  });

  it('refuses bad usage with exit 2 and says what to do', async () => {
    const none = await runCli(['tune']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/tune needs a project file/);
    expect(none.stderr).toMatch(/demo-desktop tune --help/);
    const budget = await runCli(['tune', fx.file, '--budget', 'soon']);
    expect(budget.code).toBe(2);
    expect(budget.stderr).toMatch(/--budget must be a duration above zero such as 60s \(got "soon"\)/);
    const zero = await runCli(['tune', fx.file, '--max-wait', '0s']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/--max-wait must be a duration above zero such as 30s \(got "0s"\)/);
    const short = await runCli(['tune', fx.file, '--budget', '2s']);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--budget must be at least 5s/);
  });

  it('names the events there are for an unknown --event, and the shape --inputs needs, before starting any worker', async () => {
    // Bad usage: exit 2, as the help's "Exit status" says (1 is for a tune that could not tune).
    const event = await runCli(['tune', fx.file, '--event', 'nope']);
    expect(event.code).toBe(2);
    expect(event.stderr).toMatch(/Error: No event with api name "nope"; this project has "predict"/);
    expect(event.stderr).toMatch(/demo-desktop tune --help/);
    const inputs = await runCli(['tune', fx.file, '--inputs', '[1, 2]']);
    expect(inputs.code).toBe(2);
    expect(inputs.stderr).toMatch(/--inputs\[0\] must be an array of 1 value\(s\)/);
    expect(await readFile(fx.file, 'utf8')).toBe(original);
  });

  it('measures, prints the table, the choice and the capacity, and writes nothing without --write', async () => {
    const started = Date.now();
    const dataDir = join(data.path, 'explicit');
    const result = await runCli(['tune', fx.file, '--budget', '8s', '--max-wait', '10s', '--data-dir', dataDir], env);
    expect(result.code, result.stderr).toBe(0);
    // The time budget holds (4x for tsx's start, the engine's and a busy machine: the bound is the point).
    expect(Date.now() - started).toBeLessThan(4 * 8_000);
    expect(result.stdout).toMatch(/\/predict \(latency target p95 ≤ 1 s\)/);
    expect(result.stdout).toMatch(/conc\s+batch\s+repl\s+req\/s\s+p50\s+p95\s+p99\s+workers MB/);
    expect(result.stdout).toMatch(/<- chosen/);
    expect(result.stdout).toMatch(/Chosen: concurrency \d+/);
    expect(result.stdout).toMatch(/queue\.maxSize: \d+ \(what the measured throughput serves in 10 s\)/);
    expect(result.stdout).toMatch(
      /\/predict serves ~[\d,]+ requests\/minute at p95 ≤ [\d.]+ m?s on this machine; a burst of 100 users waits up to [\d.]+ m?s\./,
    );
    expect(result.stderr).toMatch(/project\.json was not changed \(pass --write/);
    expect(await readFile(fx.file, 'utf8')).toBe(original);
    // The report is saved in the real SQLite file of --data-dir, as printed, for the app to show.
    expect(result.stderr).toContain(`Saved the report in ${join(dataDir, 'demo-desktop.sqlite3')}`);
    const [saved, ...more] = await latestTuneReports(dataDir, fx.file, silentLogger);
    expect(more).toEqual([]);
    expect(saved?.event).toBe('predict');
    expect(saved?.stale).toBe(false);
    const statement = result.stdout
      .split('\n')
      .find((line) => line.includes('/predict serves'))
      ?.trim();
    expect(saved?.report.capacity?.statement).toBe(statement);
    const chosen = saved?.report.trials[saved.report.chosen ?? -1];
    expect(result.stdout).toContain(`Chosen: ${describeConfig(chosen?.config ?? { concurrency: 0, batch: 0, replicas: 0 })}.`);
    expect(saved?.report.recommendation?.maxSize).toBeGreaterThan(0);
    // A report saved, the file edited: the report is stale.
    await writeFile(fx.file, `${original}\n`);
    expect((await latestTuneReports(dataDir, fx.file, silentLogger))[0]?.stale).toBe(true);
    await writeFile(fx.file, original);
  }, 120_000);

  it('still succeeds when the report cannot be saved (warns), and --no-history saves none', async () => {
    const notADir = join(data.path, 'a-file');
    await writeFile(notADir, 'not a folder');
    const failed = await runCli(['tune', fx.file, '--budget', '5s', '--data-dir', notADir], env);
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stderr).toMatch(/Warning: the report was not saved in .*a-file: /);
    expect(failed.stdout).toMatch(/\/predict serves ~/);
    const none = join(data.path, 'none');
    const off = await runCli(['tune', fx.file, '--budget', '5s', '--no-history', '--data-dir', none], env);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stderr).not.toMatch(/Saved the report/);
    expect(existsSync(none)).toBe(false);
  }, 120_000);

  it('--write writes a minimal, valid diff: only the settings, every other line as it was', async () => {
    const result = await runCli(['tune', fx.file, '--budget', '8s', '--max-wait', '10s', '--write', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { recommendation: { maxSize: number } };
    const written = await readFile(fx.file, 'utf8');
    expect(result.stderr).toMatch(/Wrote \d+ setting\(s\) to .*project\.json:/);
    // Valid: the same checks as `validate`, and the settings are the recommendation's.
    const loaded = await loadProject(fx.file);
    expect(loaded.project.queue.maxSize).toBe(report.recommendation.maxSize);
    // Minimal: without the tuned keys, the project is the original; every original line is still there
    // (a line may only gain the comma that a new member after it needs).
    const tuned = [['ui', 'concurrencyLimit'], ['ui', 'batch'], ['ui', 'maxBatchSize'], ['queue'], ['models', 'cost', 'replicas']];
    expect(without(JSON.parse(written), tuned)).toEqual(without(JSON.parse(original), tuned));
    const lines = new Set(written.split('\n').map((line) => line.replace(/,$/, '')));
    for (const line of original.split('\n')) expect(lines.has(line.replace(/,$/, '')), line).toBe(true);
    expect(written.split('\n').length - original.split('\n').length).toBeLessThanOrEqual(tuned.length);
    // --max-wait always sizes the queue (null before), so something was written.
    expect(written).not.toBe(original);
    // The report saved (in DEMO_DESKTOP_DATA) is of the file as written: not stale.
    const [saved] = await latestTuneReports(data.path, fx.file, silentLogger);
    expect(saved?.stale).toBe(false);
    expect(saved?.report.recommendation?.maxSize).toBe(report.recommendation.maxSize);
  }, 120_000);

  it('Ctrl-C stops the trials and every worker, exits 130 and leaves project.json as it was', async () => {
    const before = await readFile(fx.file, 'utf8');
    const child = spawnCli(['tune', fx.file, '--budget', '60s', '--write'], env);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Once a trial has run, the engine's workers are up.
    await waitFor(() => /concurrency 1: /.test(stderr), 60_000, 'the first trial');
    const workers = childrenOf(child.pid ?? 0);
    expect(workers.length).toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/Tune interrupted: every worker stopped; project\.json was not changed\./);
    expect(await readFile(fx.file, 'utf8')).toBe(before);
    for (const pid of workers) await waitFor(() => !isAlive(pid), 10_000, `worker ${pid} to exit`);
  }, 120_000);
});
