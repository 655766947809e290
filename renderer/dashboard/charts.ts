import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from './format.js';
import type { MetricsRow } from './metrics-client.js';

/**
 * The dashboard's charts as data: which values of a row each series draws, on which axis, and how
 * its legend writes them. MetricsChart turns one into a uPlot chart; the tests read the same
 * definitions.
 */

export type Axis = 'left' | 'right';

export interface SeriesDef {
  readonly label: string;
  /** A CSS colour that reads on both themes' panels. */
  readonly color: string;
  readonly value: (row: MetricsRow) => number | null;
  readonly format: (value: number | null) => string;
  readonly axis?: Axis;
  readonly dash?: readonly number[];
  readonly fill?: boolean;
}

export interface ChartDef {
  readonly id: string;
  readonly title: string;
  /** What the axes measure, e.g. "jobs/s" (left) and "ms" (right). */
  readonly units: { readonly left: string; readonly right?: string };
  /** How the left axis writes its ticks (default: the number). */
  readonly leftTick?: (value: number) => string;
  /** The tick steps uPlot may choose from on the left axis (memory: whole powers of two of MiB). */
  readonly leftSteps?: readonly number[];
  readonly series: readonly SeriesDef[];
  /** Shown only when some row has a value (GPU charts on machines without a GPU tool). */
  readonly optional?: boolean;
}

const BLUE = '#3b82f6';
const ORANGE = '#ea580c';
const PURPLE = '#8b5cf6';
const GREEN = '#10b981';
const RED = '#ef4444';
const GREY = '#8b8fa3';

const perSecond = (count: (row: MetricsRow) => number) => (row: MetricsRow) => count(row) / (row.intervalMs / 1000);
const ratio = (row: MetricsRow): number | null => (row.batches === 0 ? null : row.batchJobs / row.batches);

export const CHARTS: readonly ChartDef[] = [
  {
    id: 'throughput',
    title: 'Throughput',
    units: { left: 'jobs/s' },
    series: [
      { label: 'completed', color: BLUE, value: perSecond((r) => r.completed), format: formatRate, fill: true },
      { label: 'failed', color: RED, value: perSecond((r) => r.failed), format: formatRate },
    ],
  },
  {
    id: 'latency',
    title: 'Latency (queue + run)',
    units: { left: 'ms' },
    series: [
      { label: 'p50', color: BLUE, value: (r) => r.latencyP50, format: formatMs },
      { label: 'p95', color: ORANGE, value: (r) => r.latencyP95, format: formatMs },
      { label: 'p99', color: RED, value: (r) => r.latencyP99, format: formatMs, dash: [6, 4] },
    ],
  },
  {
    id: 'queue',
    title: 'Queue',
    units: { left: 'jobs', right: 'wait ms' },
    series: [
      { label: 'waiting', color: PURPLE, value: (r) => r.queued, format: formatCount, fill: true },
      { label: 'most waiting', color: PURPLE, value: (r) => r.queuedMax, format: formatCount, dash: [4, 4] },
      { label: 'wait p50', color: GREEN, value: (r) => r.waitP50, format: formatMs, axis: 'right' },
      { label: 'wait p95', color: ORANGE, value: (r) => r.waitP95, format: formatMs, axis: 'right' },
    ],
  },
  {
    id: 'batches',
    title: 'Batch size',
    units: { left: 'jobs per run' },
    series: [
      { label: 'mean', color: GREEN, value: ratio, format: formatCount },
      { label: 'max', color: ORANGE, value: (r) => (r.batches === 0 ? null : r.batchMax), format: formatCount, dash: [4, 4] },
    ],
  },
  {
    id: 'errors',
    title: 'Errors and cancellations',
    units: { left: 'jobs' },
    series: [
      { label: 'failed', color: RED, value: (r) => r.failed, format: formatCount, fill: true },
      { label: 'cancelled', color: GREY, value: (r) => r.cancelled, format: formatCount },
    ],
  },
  {
    id: 'memory',
    title: 'Memory',
    units: { left: 'MiB' },
    leftTick: (value) => String(Math.round(value / 1024 / 1024)),
    leftSteps: Array.from({ length: 20 }, (_, i) => 2 ** i * 1024 * 1024),
    series: [
      { label: 'server RSS', color: BLUE, value: (r) => r.rssBytes, format: formatBytes },
      { label: 'server heap', color: GREEN, value: (r) => r.heapBytes, format: formatBytes, dash: [4, 4] },
      { label: 'workers RSS', color: ORANGE, value: (r) => r.workersRssBytes, format: formatBytes },
      { label: 'GPU memory', color: PURPLE, value: (r) => r.gpuMemoryUsedBytes, format: formatBytes },
    ],
  },
  {
    id: 'gpu',
    title: 'GPU utilisation',
    units: { left: '%' },
    leftTick: (value) => String(Math.round(value * 100)),
    optional: true,
    series: [{ label: 'busy', color: PURPLE, value: (r) => r.gpuUtilization, format: formatPercent, fill: true }],
  },
];

/** A chart's columns for uPlot: x in seconds, then one array per series (null: no value, a gap). */
export function chartData(chart: ChartDef, rows: readonly MetricsRow[]): (number | null)[][] {
  return [rows.map((row) => row.t / 1000), ...chart.series.map((series) => rows.map((row) => series.value(row)))];
}

/** Whether an optional chart has anything to show. */
export function hasValues(chart: ChartDef, rows: readonly MetricsRow[]): boolean {
  return rows.some((row) => chart.series.some((series) => series.value(row) !== null));
}
