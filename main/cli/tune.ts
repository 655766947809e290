import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, isCancelled } from '../../preload/shared/errors.js';
import { createLogger, silentLogger } from '../common/logger.js';
import { STORE_FILE_NAME } from '../store/open-store.js';
import { saveTuneReports } from '../store/tune-reports.js';
import { eventReports } from '../tune/event-report.js';
import { loadProject, type LoadedProject } from '../project/load.js';
import { formatMs } from '../tune/duration.js';
import { changeLines, tuneReport } from '../tune/report.js';
import { describe } from '../tune/search.js';
import { tuneProject, type TuneResult } from '../tune/tune-project.js';
import { writeSettings } from '../tune/write-settings.js';
import { EXIT, UsageError } from './cli-error.js';
import type { Output } from './output.js';
import { TUNE_OPTIONS, tuneSettings, type TuneSettings } from './tune-options.js';

export const TUNE_HELP = `Usage: demo-desktop tune <project.json> [options]

Measures how much load the demo takes on this machine and chooses its queue settings. Each event
(or --event) runs a bounded synthetic load through the real engine: its sample inputs (--inputs,
else the Interface's examples, else each input's value) sent by many callers at once while the
concurrency limit doubles (1, 2, 4, ...) and, for model functions and batched events, the largest
batch; then more worker replicas while they help. A direction stops when throughput stops rising,
p95 latency passes the target, or worker memory would pass the budget. Prints a table per event,
the setting chosen and why, the recommended settings and a capacity statement. project.json is
not changed unless you pass --write.

Options:
  --event <api_name>      Tune this event only (default: every event, sharing the budget)
  --budget <duration>     Time for the whole tune (default 60s; e.g. 30s, 2m)
  --max-wait <duration>   The longest wait in the queue you accept: queue.maxSize becomes what the
                          measured throughput serves in that time (default: queue.maxSize unchanged)
  --latency <duration>    p95 latency target (default: 3x the p95 of one request alone, at least 1s)
  --memory-budget <MB>    Worker memory no step may pass (default: the project's memoryBudgetMb,
                          else 75% of RAM); the run also stops before the machine runs low
  --inputs <json>         Sample inputs: a JSON array of rows, one value per input, e.g. '[["hello"]]'
  --write                 Write the recommended settings into project.json (only the settings that
                          change; the rest of the file is kept byte for byte)
  --json                  Print the result as JSON (trials, stops, recommendation) instead of text
  --offline               Never download models; use the cache and local files only
  --cache-dir <dir>       Model cache (default ~/.cache/demo-desktop/models, or $DEMO_DESKTOP_CACHE)
  --data-dir <dir>        Where the app's database is: each event's report is saved there for the
                          home screen and the editor to show (default: the app's data folder)
  --no-history            Do not save the report in the app's database
  -h, --help              Show this help

Ctrl-C stops the tune, its requests and its workers; project.json is left as it was.
Exit status: 0 done, 1 nothing could be tuned (or a runtime failure), 2 bad usage or an invalid
project, 130 interrupted.`;

/** Ctrl-C (or SIGTERM) aborts the tune; listeners are removed when it ends. */
function interruptible(io: Output): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    io.err('Interrupted: stopping the trial and its workers (Ctrl-C again to exit at once) ...');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * tuneProject checks --event and the sample inputs (--inputs, the examples) before any worker
 * starts; what it refuses there is bad usage (exit 2, as the help says), not a failed tune.
 * A trial that fails is recorded per event and never lands here.
 */
async function asUsage<T>(tune: Promise<T>): Promise<T> {
  try {
    return await tune;
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'INVALID_INPUT')) {
      throw new UsageError(error.message, 'tune');
    }
    throw error;
  }
}

async function runTune(
  settings: TuneSettings,
  io: Output,
  signal: AbortSignal,
): Promise<{ result: TuneResult; text: string; loaded: LoadedProject }> {
  const loaded = await loadProject(settings.file);
  const text = await readFile(loaded.file, 'utf8');
  io.err(`Tuning ${loaded.file} for up to ${formatMs(settings.budgetMs)} ...`);
  const result = await asUsage(
    tuneProject({
      loaded,
      budgetMs: settings.budgetMs,
      latencyTargetMs: settings.latencyTargetMs,
      signal,
      logger: createLogger('demo-desktop', process.env.DEMO_DESKTOP_LOG === undefined ? 'warn' : undefined),
      environment: settings.environment,
      ...(settings.event !== undefined ? { event: settings.event } : {}),
      ...(settings.maxWaitMs !== undefined ? { maxWaitMs: settings.maxWaitMs } : {}),
      ...(settings.memoryBudgetBytes !== undefined ? { memoryBudgetBytes: settings.memoryBudgetBytes } : {}),
      ...(settings.inputs !== undefined ? { inputs: settings.inputs } : {}),
      onEvent: (event) => io.err(`/${event.apiName}:`),
      onTrial: (_event, trial) =>
        io.err(
          `  ${describe(trial.config)}: ${trial.throughput.toFixed(1)} req/s, p95 ${formatMs(trial.p95Ms)}${trial.stoppedBy ? ' (memory watchdog)' : ''}`,
        ),
    }),
  );
  return { result, text, loaded };
}

/**
 * Saves each event's report for the app (after --write, so the saved hash is of the file the
 * settings are in). The measurements are done: a store that cannot be written only warns.
 */
async function saveReport(settings: TuneSettings, loaded: LoadedProject, result: TuneResult, io: Output): Promise<void> {
  if (!settings.history) return;
  const reports = eventReports(result);
  if (reports.length === 0) return;
  try {
    await saveTuneReports({ dataDir: settings.dataDir, logger: silentLogger, projectFile: loaded.file, reports });
    io.err(`Saved the report in ${path.join(settings.dataDir, STORE_FILE_NAME)} (the app's home screen and editor show it).`);
  } catch (error) {
    io.err(`Warning: the report was not saved in ${settings.dataDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function tuneCommand(argv: readonly string[], io: Output): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: TUNE_OPTIONS, allowPositionals: true });
  if (values.help) {
    io.out(TUNE_HELP);
    return EXIT.ok;
  }
  const settings = tuneSettings(values, positionals);
  const interrupt = interruptible(io);
  try {
    const { result, text, loaded } = await runTune(settings, io, interrupt.signal);
    if (settings.json) io.out(JSON.stringify(result, null, 2));
    else io.out(tuneReport(result, settings.maxWaitMs).join('\n'));
    if (result.recommendation.events.length === 0) {
      io.err('Nothing could be tuned: no event met its latency target without failures. project.json was not changed.');
      return EXIT.failure;
    }
    if (!settings.write) {
      await saveReport(settings, loaded, result, io);
      io.err('project.json was not changed (pass --write to write these settings).');
      return EXIT.ok;
    }
    const changes = await writeSettings(loaded.file, text, loaded.project, result.recommendation);
    io.err(changeLines(loaded.file, changes).join('\n'));
    await saveReport(settings, loaded, result, io);
    return EXIT.ok;
  } catch (error) {
    if (!isCancelled(error) && !interrupt.signal.aborted) throw error;
    io.err('Tune interrupted: every worker stopped; project.json was not changed.');
    return EXIT.interrupted;
  } finally {
    interrupt.dispose();
  }
}
