import type { ReactNode } from 'react';
import type { Dependency } from './config.js';
import { announceText, errorTitle, progressFraction, progressText, statusText } from './format.js';
import { isActive } from './job-state.js';
import { usePage } from './page-context.js';
import { ProgressBar } from './ProgressBar.js';
import { StopJobButton } from './StopJobButton.js';
import { useNow } from './use-now.js';

/**
 * How the latest run of `dep` ended, next to its output: its error when it failed (the toast
 * announces it; this stays, and long words such as paths wrap inside it), or a quiet "Cancelled"
 * tag in the output's corner, which takes no room. Nothing otherwise (RunOverlay shows a run on).
 */
export function JobOutcome({ dep }: { readonly dep: Dependency }): ReactNode {
  const { controller } = usePage();
  const job = controller.job(dep.id);
  if (job.stage === 'failed') {
    return (
      <div className="job-status job-status--error" data-testid="job-error">
        <strong>{errorTitle(job.title)}:</strong> <span className="job-message">{job.message}</span>
      </div>
    );
  }
  if (job.stage === 'cancelled') {
    return (
      <div className="job-cancelled-tag" role="status" data-testid="job-cancelled">
        Cancelled
      </div>
    );
  }
  return null;
}

/**
 * On the run's other outputs (the error itself stands by the first): a quiet "Error" tag in the
 * corner, as Gradio marks every output of a failed event, so no output of it looks merely empty.
 * The message is its tooltip and its accessible description.
 */
export function JobFailedTag({ dep }: { readonly dep: Dependency }): ReactNode {
  const { controller } = usePage();
  const job = controller.job(dep.id);
  if (job.stage !== 'failed') return null;
  return (
    <div
      className="job-failed-tag"
      data-testid="job-failed-tag"
      title={job.message}
      aria-label={`${errorTitle(job.title)}: ${job.message}`}
    >
      {errorTitle(job.title)}
    </div>
  );
}

/**
 * A run with no output to draw on (its outputs are hidden or it has none), as a line at the top of
 * the page: queue position, ETA, elapsed time, progress and Stop (unless a button turns into its
 * Stop); then its error, or "Cancelled".
 */
export function JobStatus({ dep }: { readonly dep: Dependency }): ReactNode {
  const { controller } = usePage();
  const job = controller.job(dep.id);
  const { showProgress } = dep;
  const active = isActive(job);
  const now = useNow(active && showProgress !== 'hidden');
  if (job.stage === 'failed') return <JobOutcome dep={dep} />;
  if (job.stage === 'cancelled') {
    return (
      <div className="job-status job-status--cancelled" role="status" data-testid="job-cancelled">
        Cancelled
      </div>
    );
  }
  if (!active || showProgress === 'hidden') return null;
  const text = statusText(job, now);
  const progress = job.stage === 'running' && showProgress === 'full' ? (job.progress ?? []) : [];
  return (
    <div className={`job-status job-status--${job.stage}`} data-testid="job-status" data-stage={job.stage}>
      <span className="job-spinner" aria-hidden="true" />
      <span className="job-text" aria-hidden="true">
        {text}
      </span>
      <span className="visually-hidden" role="status">
        {announceText(job)}
      </span>
      {progress.map((p, i) => {
        const label = progressText(p);
        return (
          <span key={i} className="job-progress">
            <ProgressBar fraction={progressFraction(p)} label={label || 'Progress'} />
            {label ? <span className="job-progress-text">{label}</span> : null}
          </span>
        );
      })}
      <StopJobButton dep={dep} />
    </div>
  );
}
