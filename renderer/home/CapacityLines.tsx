import type { ReactNode } from 'react';
import type { ProjectCapacity } from '../../preload/shared/home/home-api.js';
import { capacitySummary } from '../../preload/shared/tune/capacity-text.js';
import { relativeTime } from './relative-time.js';

/** Events shown on a card; the rest are counted ("+2 more tuned events"). */
const SHOWN = 3;

/**
 * A recent project's latest capacity, one line per tuned event (`demo-desktop tune`'s statement,
 * short): "/predict ~600 req/min · p95 120 ms · 100 users wait ≤ 10 s · measured 3 days ago",
 * with "stale" when project.json changed since. Nothing at all for a project never tuned.
 */
export function CapacityLines(props: { readonly capacity: readonly ProjectCapacity[] }): ReactNode {
  const { capacity } = props;
  if (capacity.length === 0) return null;
  const hidden = capacity.length - SHOWN;
  return (
    <ul className="home-capacity" aria-label="Measured capacity">
      {capacity.slice(0, SHOWN).map((entry) => (
        <li key={entry.event} title={entry.statement}>
          <span className="home-capacity-event">/{entry.event}</span>{' '}
          <span className="home-capacity-figures">{capacitySummary(entry)}</span>{' '}
          <time className="home-capacity-when" dateTime={entry.measuredAt} title={new Date(entry.measuredAt).toLocaleString()}>
            measured {relativeTime(entry.measuredAt)}
          </time>
          {entry.stale === true && (
            <span
              className="home-badge home-badge--slow home-capacity-stale"
              title="project.json changed since this was measured: run demo-desktop tune again"
            >
              stale
            </span>
          )}
        </li>
      ))}
      {hidden > 0 && <li className="home-muted">+{hidden} more tuned events</li>}
    </ul>
  );
}
