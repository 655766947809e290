import { useState, type ReactNode } from 'react';
import { ThemeToggle } from '../runner/ThemeToggle.js';
import { CHARTS, hasValues } from './charts.js';
import { formatBytes, formatCount, formatMs, perPoint } from './format.js';
import type { MetricsRow } from './metrics-client.js';
import { MetricsChart } from './MetricsChart.js';
import { RANGES, useHistory, type RangeId } from './use-history.js';
import { useThemeName } from './use-theme-name.js';

function projectName(project: string | undefined): string {
  if (!project) return '';
  const parts = project.split(/[\\/]/);
  return parts.at(-2) ?? project;
}

function worst(rows: readonly MetricsRow[], value: (row: MetricsRow) => number | null): number | null {
  return rows.reduce<number | null>((best, row) => {
    const v = value(row);
    return v !== null && (best === null || v > best) ? v : best;
  }, null);
}

function Tiles({ rows }: { readonly rows: readonly MetricsRow[] }): ReactNode {
  const sum = (value: (row: MetricsRow) => number): number => rows.reduce((total, row) => total + value(row), 0);
  const last = rows.at(-1);
  const tiles = [
    { id: 'completed', label: 'Completed', value: formatCount(sum((r) => r.completed)) },
    { id: 'failed', label: 'Failed', value: formatCount(sum((r) => r.failed)), bad: sum((r) => r.failed) > 0 },
    { id: 'p95', label: 'Worst p95 latency', value: formatMs(worst(rows, (r) => r.latencyP95)) },
    { id: 'queued', label: 'Waiting now', value: formatCount(last?.queued ?? null) },
    { id: 'rss', label: 'Server memory', value: formatBytes(last?.rssBytes ?? null) },
  ];
  return (
    <dl className="dash-tiles">
      {tiles.map((tile) => (
        <div key={tile.id} className={`dash-tile${tile.bad === true ? ' dash-tile--bad' : ''}`} data-testid={`tile-${tile.id}`}>
          <dt>{tile.label}</dt>
          <dd>{tile.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The owner's dashboard: metrics over time for one event of the served demo, live while it runs. */
export function DashboardApp(): ReactNode {
  const [range, setRange] = useState<RangeId>('15m');
  const [event, setEvent] = useState<string | null>(() => new URLSearchParams(window.location.search).get('event'));
  const history = useHistory(range, event);
  const theme = useThemeName();
  const { answer, rows, error } = history;
  const shownEvent = event ?? answer?.events[0] ?? '';
  const charts = CHARTS.filter((chart) => chart.optional !== true || hasValues(chart, rows));
  const point = perPoint(rows.at(-1)?.intervalMs ?? answer?.bucketMs ?? answer?.sampleMs ?? 5_000);
  return (
    <div className="dash">
      <header className="dash-header">
        <div className="dash-title">
          <h1>Dashboard</h1>
          <p className="dash-subtitle">
            {projectName(answer?.project)} <a href="./">Back to the demo</a>
          </p>
        </div>
        <ThemeToggle />
      </header>
      <div className="dash-controls" role="toolbar" aria-label="What to show">
        <div className="dash-ranges" role="group" aria-label="Time range">
          {RANGES.map((r) => (
            <button key={r.id} type="button" aria-pressed={range === r.id} className="dash-range" onClick={() => setRange(r.id)}>
              {r.label}
            </button>
          ))}
        </div>
        <label className="dash-event">
          <span>Event</span>
          <select value={shownEvent} onChange={(e) => setEvent(e.target.value)} data-testid="event-select">
            {(answer?.events ?? []).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <span className={`dash-live${error ? ' dash-live--off' : ''}`} data-testid="live" role="status">
          {error
            ? 'Not updating'
            : `Live · ${answer?.resolution === 'raw' ? `every ${Math.round(answer.sampleMs / 1000)} s` : 'every minute'}`}
        </span>
      </div>
      {error ? (
        <p className="dash-error" role="alert">
          {error.status === 401 || error.status === 403 ? 'Only the person running this demo can see its dashboard. ' : ''}
          {error.message}
        </p>
      ) : null}
      <Tiles rows={rows} />
      <div className="dash-grid">
        {charts.map((chart) => (
          <section key={chart.id} className="dash-panel" aria-label={chart.title}>
            <h2>
              {chart.title} <span className="dash-panel-note">{chart.id === 'errors' ? point : ''}</span>
            </h2>
            <MetricsChart chart={chart} rows={rows} theme={theme} from={history.from} to={history.to} />
          </section>
        ))}
      </div>
      <footer className="dash-footer">
        One point {point}. Raw samples are kept a day, then per minute for a week, then per hour. Prometheus: <code>/metrics</code>.
      </footer>
    </div>
  );
}
