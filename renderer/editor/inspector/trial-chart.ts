import type { EventTuneReport, TrialResult } from '../../../preload/shared/tune/tune-report.js';

/**
 * The Capacity chart as geometry, pure: each trial at x = requests in flight (concurrency ×
 * batch, on a log2 scale), its throughput on the left axis and its p95 on the right, one line per
 * batch size and replica count (the search's directions), the knee and the latency target marked.
 */

export const CHART = { width: 320, height: 160, left: 34, right: 34, top: 10, bottom: 22 } as const;

export interface ChartPoint {
  readonly x: number;
  readonly throughputY: number;
  readonly p95Y: number;
  readonly trial: TrialResult;
}

export interface ChartLine {
  /** "batch 4", "batch 4, 2 replicas". */
  readonly label: string;
  readonly points: readonly ChartPoint[];
}

export interface ChartGeometry {
  readonly lines: readonly ChartLine[];
  readonly knee: ChartPoint | null;
  /** y of the latency target on the p95 axis, or null when it is above the axis' top. */
  readonly targetY: number | null;
  readonly xTicks: readonly { readonly x: number; readonly label: string }[];
  readonly maxThroughput: number;
  readonly maxP95Ms: number;
}

const inFlight = (trial: TrialResult): number => trial.config.concurrency * trial.config.batch;
const lineLabel = (trial: TrialResult): string =>
  `batch ${trial.config.batch}${trial.config.replicas > 1 ? `, ${trial.config.replicas} replicas` : ''}`;

/** A round ceiling (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^n) so the axes read well and the data fills them. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return ([1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((step) => step * power >= value) ?? 10) * power;
}

export function chartGeometry(report: EventTuneReport): ChartGeometry {
  const trials = report.trials.filter((trial) => trial.completed > 0);
  const maxFlight = Math.max(1, ...trials.map(inFlight));
  const maxThroughput = niceCeiling(Math.max(0, ...trials.map((t) => t.throughput)));
  const maxP95Ms = niceCeiling(Math.max(report.latencyTargetMs, ...trials.map((t) => t.p95Ms)));
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const xOf = (flight: number): number => CHART.left + (maxFlight === 1 ? plotW / 2 : (Math.log2(flight) / Math.log2(maxFlight)) * plotW);
  const yOf = (value: number, max: number): number => CHART.top + plotH - (Math.min(value, max) / max) * plotH;
  const point = (trial: TrialResult): ChartPoint => ({
    x: xOf(inFlight(trial)),
    throughputY: yOf(trial.throughput, maxThroughput),
    p95Y: yOf(trial.p95Ms, maxP95Ms),
    trial,
  });
  const byLine = new Map<string, ChartPoint[]>();
  for (const trial of [...trials].sort((a, b) => inFlight(a) - inFlight(b))) {
    const label = lineLabel(trial);
    byLine.set(label, [...(byLine.get(label) ?? []), point(trial)]);
  }
  const chosen = report.chosen === null ? undefined : report.trials[report.chosen];
  const ticks: { x: number; label: string }[] = [];
  for (let flight = 1; flight <= maxFlight; flight *= 2) ticks.push({ x: xOf(flight), label: String(flight) });
  return {
    lines: [...byLine].map(([label, points]) => ({ label, points })),
    knee: chosen && chosen.completed > 0 ? point(chosen) : null,
    targetY: report.latencyTargetMs <= maxP95Ms ? yOf(report.latencyTargetMs, maxP95Ms) : null,
    xTicks: ticks.length > 7 ? ticks.filter((_, i) => i % 2 === 0) : ticks,
    maxThroughput,
    maxP95Ms,
  };
}
