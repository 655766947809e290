import type { ReactNode } from 'react';
import type { EventTuneReport } from '../../../preload/shared/tune/tune-report.js';
import { formatMs } from '../../../preload/shared/tune/capacity-text.js';
import { CHART, chartGeometry, type ChartLine } from './trial-chart.js';

const path = (line: ChartLine, y: 'throughputY' | 'p95Y'): string =>
  line.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p[y].toFixed(1)}`).join(' ');

const rate = (value: number): string => (value >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(2))));

/**
 * A tune's trials as an inline SVG (no chart library): throughput (solid, left axis, req/s) and
 * p95 (dashed, right axis) against requests in flight, the latency target as a dotted line and
 * the chosen knee ringed. Colours come from the editor's theme variables (light and dark).
 */
export function TrialChart(props: { readonly report: EventTuneReport }): ReactNode {
  const g = chartGeometry(props.report);
  const bottom = CHART.height - CHART.bottom;
  const right = CHART.width - CHART.right;
  return (
    <figure className="ins-chart">
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        role="img"
        aria-label={`Throughput and p95 latency of ${props.report.trials.length} trials by requests in flight`}
        data-testid="capacity-chart"
      >
        <line className="ins-chart-axis" x1={CHART.left} y1={bottom} x2={right} y2={bottom} />
        <text className="ins-chart-tick" x={CHART.left - 4} y={CHART.top + 4} textAnchor="end">
          {rate(g.maxThroughput)}
        </text>
        <text className="ins-chart-tick" x={CHART.left - 4} y={bottom} textAnchor="end">
          0
        </text>
        <text className="ins-chart-tick ins-chart-tick--p95" x={right + 4} y={CHART.top + 4}>
          {formatMs(g.maxP95Ms)}
        </text>
        {g.xTicks.map((tick) => (
          <text key={tick.label} className="ins-chart-tick" x={tick.x} y={bottom + 14} textAnchor="middle">
            {tick.label}
          </text>
        ))}
        {g.targetY === null ? null : (
          <line className="ins-chart-target" x1={CHART.left} y1={g.targetY} x2={right} y2={g.targetY}>
            <title>{`latency target: p95 ≤ ${formatMs(props.report.latencyTargetMs)}`}</title>
          </line>
        )}
        {g.lines.map((line) => (
          <g key={line.label}>
            <path className="ins-chart-p95" d={path(line, 'p95Y')} />
            <path className="ins-chart-throughput" d={path(line, 'throughputY')} />
            {line.points.map((p) => (
              <circle key={`${p.x}-${p.throughputY}`} className="ins-chart-dot" cx={p.x} cy={p.throughputY} r={2.5}>
                <title>{`${line.label}, concurrency ${p.trial.config.concurrency}: ${p.trial.throughput.toFixed(1)} req/s, p95 ${formatMs(p.trial.p95Ms)}`}</title>
              </circle>
            ))}
          </g>
        ))}
        {g.knee ? <circle className="ins-chart-knee" cx={g.knee.x} cy={g.knee.throughputY} r={6} data-testid="capacity-knee" /> : null}
      </svg>
      <figcaption className="ins-chart-legend">
        <span className="ins-chart-key ins-chart-key--throughput">req/s</span>
        <span className="ins-chart-key ins-chart-key--p95">p95</span>
        <span className="ins-chart-key ins-chart-key--target">target {formatMs(props.report.latencyTargetMs)}</span>
        <span className="ins-chart-key ins-chart-key--knee">chosen</span>
        <span className="ins-chart-x">x: requests in flight</span>
      </figcaption>
    </figure>
  );
}
