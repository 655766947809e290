/** renderPrometheus: a pure function of engine metrics, checked line by line with a strict parser. */
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderPrometheus } from '../../main/server/admin/prometheus.js';
import type { KeyMetrics } from '../../main/scheduler/metrics.js';
import { parsePrometheusText, sampleValue } from './support/prometheus-text.js';

const metrics = (over: Partial<KeyMetrics> = {}): KeyMetrics => ({
  queued: 0,
  running: 0,
  completed: 3,
  failed: 1,
  cancelled: 2,
  latencyMs: { p50: 120, p95: 400, p99: 950 },
  waitMs: { p50: 5, p95: 40, p99: 90 },
  latencyTotals: { count: 3, sumMs: 660 },
  waitTotals: { count: 5, sumMs: 100 },
  batchSizes: { 1: 4, 3: 2 },
  ...over,
});

describe('renderPrometheus', () => {
  it('writes queue gauges, per-event counters, summaries and batch counts in seconds', () => {
    const text = renderPrometheus({ queue: { queued: 7, running: 2 }, events: { predict: metrics() } });
    const parsed = parsePrometheusText(text);
    expect(parsed.families.get('demo_desktop_queue_waiting')).toEqual({ type: 'gauge', help: expect.stringMatching(/waiting/) as unknown });
    expect(parsed.families.get('demo_desktop_jobs_total')?.type).toBe('counter');
    expect(parsed.families.get('demo_desktop_job_latency_seconds')?.type).toBe('summary');
    expect(sampleValue(parsed, 'demo_desktop_queue_waiting')).toBe(7);
    expect(sampleValue(parsed, 'demo_desktop_queue_running')).toBe(2);
    expect(sampleValue(parsed, 'demo_desktop_jobs_total', { api_name: 'predict', outcome: 'completed' })).toBe(3);
    expect(sampleValue(parsed, 'demo_desktop_jobs_total', { api_name: 'predict', outcome: 'failed' })).toBe(1);
    expect(sampleValue(parsed, 'demo_desktop_jobs_total', { api_name: 'predict', outcome: 'cancelled' })).toBe(2);
    expect(sampleValue(parsed, 'demo_desktop_job_latency_seconds', { api_name: 'predict', quantile: '0.5' })).toBe(0.12);
    expect(sampleValue(parsed, 'demo_desktop_job_latency_seconds', { api_name: 'predict', quantile: '0.99' })).toBe(0.95);
    expect(sampleValue(parsed, 'demo_desktop_job_latency_seconds_count', { api_name: 'predict' })).toBe(3);
    expect(sampleValue(parsed, 'demo_desktop_job_latency_seconds_sum', { api_name: 'predict' })).toBeCloseTo(0.66);
    expect(sampleValue(parsed, 'demo_desktop_queue_wait_seconds', { api_name: 'predict', quantile: '0.95' })).toBe(0.04);
    expect(sampleValue(parsed, 'demo_desktop_queue_wait_seconds_count', { api_name: 'predict' })).toBe(5);
    expect(sampleValue(parsed, 'demo_desktop_batches_total', { api_name: 'predict', size: '3' })).toBe(2);
    expect(text).not.toMatch(/device/);
  });

  it('leaves out quantiles before any observation but keeps _sum and _count', () => {
    const parsed = parsePrometheusText(
      renderPrometheus({
        queue: { queued: 0, running: 0 },
        events: { idle: metrics({ completed: 0, latencyMs: null, waitMs: null, latencyTotals: { count: 0, sumMs: 0 } }) },
      }),
    );
    expect(parsed.samples.filter((s) => s.name === 'demo_desktop_job_latency_seconds')).toEqual([]);
    expect(sampleValue(parsed, 'demo_desktop_job_latency_seconds_count', { api_name: 'idle' })).toBe(0);
  });

  it('adds device memory and utilization gauges where the report has them', () => {
    const device = {
      vendor: 'nvidia' as const,
      name: 'GPU',
      driver: '550',
      memoryTotalBytes: 80e9,
      memoryFreeBytes: 60e9,
      utilization: 0.25,
    };
    const parsed = parsePrometheusText(
      renderPrometheus({
        queue: { queued: 0, running: 0 },
        events: {},
        devices: {
          devices: [
            { ...device, id: 'cuda:0' },
            { ...device, id: 'display:0', memoryTotalBytes: null, memoryFreeBytes: null, utilization: null },
          ],
          providers: [],
          reasons: [],
        },
      }),
    );
    expect(sampleValue(parsed, 'demo_desktop_device_memory_bytes', { device: 'cuda:0', kind: 'total' })).toBe(80e9);
    expect(sampleValue(parsed, 'demo_desktop_device_memory_bytes', { device: 'cuda:0', kind: 'free' })).toBe(60e9);
    expect(sampleValue(parsed, 'demo_desktop_device_utilization_ratio', { device: 'cuda:0' })).toBe(0.25);
    expect(parsed.samples.some((s) => s.labels.device === 'display:0')).toBe(false);
  });

  it('escapes label values so a hostile name cannot break a line', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
    const name = 'we"ird\\name\nnext';
    const parsed = parsePrometheusText(renderPrometheus({ queue: { queued: 0, running: 0 }, events: { [name]: metrics() } }));
    expect(sampleValue(parsed, 'demo_desktop_jobs_total', { api_name: name, outcome: 'completed' })).toBe(3);
  });

  it('the test parser rejects what the format forbids', () => {
    expect(() => parsePrometheusText('x 1\n')).toThrow(/without a TYPE/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx{a="b} 1\n')).toThrow(/name\{labels\} value/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx one\n')).toThrow(/name\{labels\} value/);
    expect(() => parsePrometheusText('# TYPE x gauge\nx 1')).toThrow(/line feed/);
  });
});
