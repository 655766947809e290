import { useEffect, useRef, type ReactNode } from 'react';
import uPlot from 'uplot';
import { chartData, type ChartDef } from './charts.js';
import type { MetricsRow } from './metrics-client.js';

interface MetricsChartProps {
  readonly chart: ChartDef;
  readonly rows: readonly MetricsRow[];
  /** Changes when the theme does: the chart is drawn again in the new palette. */
  readonly theme: string;
  /** The time range shown, in ms (the chart spans it even where there are no rows yet). */
  readonly from: number;
  readonly to: number;
}

/** Reads the page's palette (styles.css) so axes and grid match the theme. */
function palette(): { text: string; grid: string } {
  const style = getComputedStyle(document.documentElement);
  return { text: style.getPropertyValue('--muted').trim() || '#777', grid: style.getPropertyValue('--border').trim() || '#ccc' };
}

/** Time ticks: hours and minutes, with the day once the range spans days (no second line of dates). */
function timeTicks(splits: readonly number[]): string[] {
  const span = (splits.at(-1) ?? 0) - (splits[0] ?? 0);
  const days = span > 36 * 3_600;
  return splits.map((seconds) => {
    const at = new Date(seconds * 1000);
    const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return days ? `${at.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}` : time;
  });
}

/** uPlot's axis sides: 1 is right, 3 is left. */
function axis(
  colors: { text: string; grid: string },
  right: boolean,
  label: string,
  tick?: (value: number) => string,
  steps?: readonly number[],
): uPlot.Axis {
  return {
    scale: right ? 'y2' : 'y',
    // uPlot's Side is a const enum, which isolatedModules cannot import: its values are 1 (right) and 3 (left).
    // eslint-disable-next-line @typescript-eslint/no-unsafe-enum-assignment
    side: right ? 1 : 3,
    label,
    labelSize: 18,
    labelFont: '12px system-ui, sans-serif',
    font: '11px system-ui, sans-serif',
    stroke: colors.text,
    grid: { show: !right, stroke: colors.grid, width: 1 },
    ticks: { show: false },
    size: 52,
    ...(tick ? { values: (_u: uPlot, values: number[]) => values.map(tick) } : {}),
    ...(steps ? { incrs: [...steps] } : {}),
  };
}

function options(chart: ChartDef, width: number, height: number): uPlot.Options {
  const colors = palette();
  const hasRight = chart.series.some((series) => series.axis === 'right');
  return {
    width,
    height,
    padding: [8, 8, 0, 0],
    cursor: { points: { size: 6 }, drag: { x: false, y: false } },
    legend: { live: true },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
      y2: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        stroke: colors.text,
        grid: { stroke: colors.grid, width: 1 },
        ticks: { show: false },
        font: '11px system-ui, sans-serif',
        values: (_u: uPlot, splits: number[]) => timeTicks(splits),
      },
      axis(colors, false, chart.units.left, chart.leftTick, chart.leftSteps),
      ...(hasRight ? [axis(colors, true, chart.units.right ?? '')] : []),
    ],
    series: [
      { value: (_u, value: number | null) => (value === null ? '–' : new Date(value * 1000).toLocaleTimeString()) },
      ...chart.series.map((series): uPlot.Series => ({
        label: series.label,
        stroke: series.color,
        width: 2,
        scale: series.axis === 'right' ? 'y2' : 'y',
        spanGaps: true,
        ...(series.dash ? { dash: [...series.dash] } : {}),
        ...(series.fill ? { fill: `${series.color}22` } : {}),
        value: (_u, value) => series.format(value),
      })),
    ],
  };
}

/** The index the legend shows when the pointer is elsewhere: the newest point, as Grafana's "last". */
function showLatest(plot: uPlot): void {
  const count = plot.data[0].length;
  const { left } = plot.cursor as { left?: number };
  if (count > 0 && (left === undefined || left < 0)) plot.setLegend({ idx: count - 1 });
}

/** One uPlot chart in a panel, as wide as its panel; redrawn with new rows, rebuilt on a theme change. */
export function MetricsChart({ chart, rows, theme, from, to }: MetricsChartProps): ReactNode {
  const holder = useRef<HTMLDivElement>(null);
  const plotRef = useRef<uPlot | null>(null);
  const latest = useRef({ rows, from, to });
  latest.current = { rows, from, to };

  useEffect(() => {
    const element = holder.current;
    if (!element) return undefined;
    const height = window.matchMedia('(max-width: 640px)').matches ? 170 : 200;
    const plot = new uPlot(
      options(chart, Math.max(200, element.clientWidth), height),
      chartData(chart, latest.current.rows) as uPlot.AlignedData,
      element,
    );
    plot.setScale('x', { min: latest.current.from / 1000, max: latest.current.to / 1000 });
    showLatest(plot);
    plotRef.current = plot;
    const observer = new ResizeObserver(() => {
      plot.setSize({ width: Math.max(200, element.clientWidth), height });
    });
    observer.observe(element);
    const onLeave = (): void => showLatest(plot);
    plot.over.addEventListener('mouseleave', onLeave);
    return () => {
      observer.disconnect();
      plot.over.removeEventListener('mouseleave', onLeave);
      plot.destroy();
      plotRef.current = null;
    };
  }, [chart, theme]);

  useEffect(() => {
    const plot = plotRef.current;
    if (!plot) return;
    plot.setData(chartData(chart, rows) as uPlot.AlignedData, false);
    plot.setScale('x', { min: from / 1000, max: to / 1000 });
    showLatest(plot);
  }, [chart, rows, from, to]);

  const last = rows.at(-1);
  return (
    <div className="chart-plot" ref={holder} data-testid={`chart-${chart.id}`} data-last-t={last?.t ?? ''} data-points={rows.length} />
  );
}
