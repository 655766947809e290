import type { ReactNode } from 'react';
import type { ShareStatus } from './share-api.js';
import { clockTime, duration, plural } from './share-format.js';

/** Who uses the link: visitors now (active in the last 5 minutes) and the latest requests, newest first. */
export function ShareActivityView({ activity }: { readonly activity: ShareStatus['activity'] }): ReactNode {
  return (
    <section className="share-section" aria-label="Activity" data-testid="share-activity">
      <h3 className="share-heading">
        Activity
        <span className="share-count" data-testid="share-visitors">
          {plural(activity.visitorsNow, 'visitor', 'visitors')} now
        </span>
        <span className="share-muted">· {plural(activity.requestsTotal, 'request', 'requests')}</span>
      </h3>
      {activity.recent.length === 0 ? (
        <p className="share-muted share-empty">No visits yet. Requests through the link appear here as they happen.</p>
      ) : (
        <div className="share-log-wrap">
          <table className="share-log" data-testid="share-requests">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Request</th>
                <th scope="col">Status</th>
                <th scope="col">Took</th>
                <th scope="col">Who</th>
              </tr>
            </thead>
            <tbody>
              {activity.recent.map((row, index) => (
                <tr key={`${row.at}-${index}`}>
                  <td className="share-num">{clockTime(row.at, false)}</td>
                  <td className="share-path" title={`${row.method} ${row.path}`}>
                    <span className="share-method">{row.method}</span> {row.path}
                  </td>
                  <td>
                    <span className={`share-status share-status--${Math.floor(row.status / 100)}xx`}>{row.status}</span>
                  </td>
                  <td className="share-num">{duration(row.durationMs)}</td>
                  <td className="share-muted">{row.visitor ?? 'refused'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
