import type { EngineQueueStatus } from '../../engine/types.js';
import type { DeviceReport } from '../../gpu/device-report.js';
import type { KeyMetrics, Percentiles, Totals } from '../../scheduler/metrics.js';

/**
 * The engine's metrics in Prometheus text exposition format 0.0.4, as a pure function of what the
 * engine and GPU detection report, so it is tested without a server. Every family has `# HELP` and
 * `# TYPE` lines; label values are escaped; times are seconds and memory bytes (Prometheus base
 * units). Quantile lines are left out while a summary has no observations in its window.
 */

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface PrometheusInput {
  readonly queue: EngineQueueStatus;
  /** engine.metrics(): per event api name. */
  readonly events: Readonly<Record<string, KeyMetrics>>;
  /** GPU detection; its devices' memory and utilization become gauges where known. */
  readonly devices?: DeviceReport | undefined;
}

type Labels = Readonly<Record<string, string>>;

interface Sample {
  readonly suffix?: string;
  readonly labels?: Labels;
  readonly value: number;
}

interface Family {
  readonly name: string;
  readonly type: 'gauge' | 'counter' | 'summary';
  readonly help: string;
  readonly samples: readonly Sample[];
}

const OUTCOMES = ['completed', 'failed', 'cancelled'] as const;
const QUANTILES: readonly (readonly [string, keyof Percentiles])[] = [
  ['0.5', 'p50'],
  ['0.95', 'p95'],
  ['0.99', 'p99'],
];

/** Label values escape backslash, double quote and line feed (the format's only escapes). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${escapeLabelValue(value)}"`).join(',')}}`;
}

function render(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function summarySamples(apiName: string, percentiles: Percentiles | null, totals: Totals): Sample[] {
  const labels = { api_name: apiName };
  const quantiles: Sample[] = percentiles
    ? QUANTILES.map(([quantile, key]) => ({ labels: { ...labels, quantile }, value: percentiles[key] / 1000 }))
    : [];
  return [...quantiles, { suffix: '_sum', labels, value: totals.sumMs / 1000 }, { suffix: '_count', labels, value: totals.count }];
}

function eventFamilies(events: Readonly<Record<string, KeyMetrics>>): Family[] {
  const entries = Object.entries(events).sort(([a], [b]) => a.localeCompare(b));
  return [
    {
      name: 'demo_desktop_jobs_total',
      type: 'counter',
      help: 'Jobs that finished, by event and outcome.',
      samples: entries.flatMap(([apiName, m]) =>
        OUTCOMES.map((outcome) => ({ labels: { api_name: apiName, outcome }, value: m[outcome] })),
      ),
    },
    {
      name: 'demo_desktop_job_latency_seconds',
      type: 'summary',
      help: 'Queue wait plus run time of completed jobs; quantiles over the last 1,000.',
      samples: entries.flatMap(([apiName, m]) => summarySamples(apiName, m.latencyMs, m.latencyTotals)),
    },
    {
      name: 'demo_desktop_queue_wait_seconds',
      type: 'summary',
      help: 'Time jobs waited in the queue before running; quantiles over the last 1,000.',
      samples: entries.flatMap(([apiName, m]) => summarySamples(apiName, m.waitMs, m.waitTotals)),
    },
    {
      name: 'demo_desktop_batches_total',
      type: 'counter',
      help: 'Runs by event and batch size (1 for unbatched runs).',
      samples: entries.flatMap(([apiName, m]) =>
        Object.entries(m.batchSizes)
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([size, runs]) => ({ labels: { api_name: apiName, size }, value: runs })),
      ),
    },
  ];
}

function deviceFamilies(report: DeviceReport | undefined): Family[] {
  const devices = report?.devices ?? [];
  const memory: Sample[] = devices.flatMap((d) => [
    ...(d.memoryTotalBytes === null ? [] : [{ labels: { device: d.id, kind: 'total' }, value: d.memoryTotalBytes }]),
    ...(d.memoryFreeBytes === null ? [] : [{ labels: { device: d.id, kind: 'free' }, value: d.memoryFreeBytes }]),
  ]);
  const utilization: Sample[] = devices.flatMap((d) =>
    d.utilization === null ? [] : [{ labels: { device: d.id }, value: d.utilization }],
  );
  const families: Family[] = [];
  if (memory.length > 0) {
    families.push({ name: 'demo_desktop_device_memory_bytes', type: 'gauge', help: 'GPU memory, total and free.', samples: memory });
  }
  if (utilization.length > 0) {
    families.push({
      name: 'demo_desktop_device_utilization_ratio',
      type: 'gauge',
      help: 'Fraction of time the GPU was busy (0 to 1).',
      samples: utilization,
    });
  }
  return families;
}

/** The whole exposition: queue gauges, per-event counters and summaries, then device gauges. */
export function renderPrometheus(input: PrometheusInput): string {
  return render([
    {
      name: 'demo_desktop_queue_waiting',
      type: 'gauge',
      help: 'Jobs waiting in the queue, across all events.',
      samples: [{ value: input.queue.queued }],
    },
    {
      name: 'demo_desktop_queue_running',
      type: 'gauge',
      help: 'Runs in progress across all events (a batch counts once).',
      samples: [{ value: input.queue.running }],
    },
    ...eventFamilies(input.events),
    ...deviceFamilies(input.devices),
  ]);
}
