import { formatMs } from './duration.js';
import type { Recommendation } from './recommend.js';
import { describe } from './search.js';
import type { EventTune } from './tune-event.js';
import type { TuneResult } from './tune-project.js';
import type { Stop, TrialResult } from './tune-types.js';
import type { SettingChange } from './write-settings.js';

/** The text `tune` prints: a table per event, the chosen knee and why, the recommendation, the capacity statement. */

const mb = (bytes: number | null): string => (bytes === null ? '-' : String(Math.round(bytes / 2 ** 20)));

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => cell.padStart(widths[i] ?? 0)).join('  ');
}

const HEADER = ['conc', 'batch', 'repl', 'req/s', 'p50', 'p95', 'p99', 'workers MB', 'note'];

export function trialRow(result: TrialResult, chosen: boolean): string[] {
  const note = result.stoppedBy ? 'memory watchdog' : result.failed > 0 ? `${result.failed} failed` : chosen ? '<- chosen' : '';
  return [
    String(result.config.concurrency),
    String(result.config.batch),
    String(result.config.replicas),
    result.throughput.toFixed(1),
    formatMs(result.p50Ms),
    formatMs(result.p95Ms),
    formatMs(result.p99Ms),
    mb(result.peakWorkerBytes),
    note,
  ];
}

export function trialTable(trials: readonly TrialResult[], chosen: TrialResult | null): string[] {
  const rows = [HEADER, ...trials.map((trial) => trialRow(trial, trial === chosen))];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows.map((row) => `  ${pad(row, widths).trimEnd()}`);
}

const stopLine = (stop: Stop): string => `  ${stop.direction}: stopped at ${describe(stop.at)}: ${stop.detail}`;

export function eventReport(tune: EventTune): string[] {
  const lines = [
    `/${tune.event.apiName} (latency target p95 ≤ ${formatMs(tune.latencyTargetMs)})`,
    ...trialTable(tune.trials, tune.chosen),
  ];
  lines.push(...tune.stops.map(stopLine));
  lines.push(
    tune.chosen
      ? `  Chosen: ${describe(tune.chosen.config)}.`
      : '  No setting met the latency target without failures: nothing to recommend.',
  );
  return lines;
}

export function recommendationLines(recommendation: Recommendation, maxWaitMs: number | undefined): string[] {
  const lines = ['Recommended settings:'];
  for (const e of recommendation.events) {
    const batch = e.batch ? `batch true, maxBatchSize ${e.maxBatchSize}` : 'batch false';
    lines.push(`  /${e.apiName}: concurrencyLimit ${e.concurrencyLimit}, ${batch}`);
  }
  for (const [model, replicas] of Object.entries(recommendation.replicas)) lines.push(`  models.${model}.replicas: ${replicas}`);
  lines.push(
    recommendation.maxSize !== undefined && maxWaitMs !== undefined
      ? `  queue.maxSize: ${recommendation.maxSize} (what the measured throughput serves in ${formatMs(maxWaitMs)})`
      : '  queue.maxSize: unchanged (pass --max-wait 30s to size the queue to the wait people accept)',
  );
  return lines;
}

export function tuneReport(result: TuneResult, maxWaitMs: number | undefined): string[] {
  const lines: string[] = [];
  for (const tuned of result.events) {
    if ('error' in tuned) lines.push(`/${tuned.event.apiName}: not tuned: ${tuned.error}`, '');
    else lines.push(...eventReport(tuned), '');
  }
  lines.push(...recommendationLines(result.recommendation, maxWaitMs), '');
  lines.push('Capacity:', ...result.recommendation.capacity.map((line) => `  ${line}`));
  return lines;
}

export function changeLines(file: string, changes: readonly SettingChange[]): string[] {
  if (changes.length === 0) return [`${file} already has these settings: nothing written.`];
  return [
    `Wrote ${changes.length} setting(s) to ${file}:`,
    ...changes.map((c) => `  ${c.path}: ${JSON.stringify(c.from)} -> ${JSON.stringify(c.to)}`),
  ];
}
