import type { ReactNode } from 'react';
import type { ShowProgress } from './config.js';
import { announceText, progressFraction, progressText, statusText } from './format.js';
import { isActive, type JobState } from './job-state.js';
import { ProgressBar } from './ProgressBar.js';
import { useNow } from './use-now.js';

interface JobStatusProps {
  readonly job: JobState;
  readonly showProgress: ShowProgress;
  readonly onCancel: () => void;
  /** Names the run for assistive tech, e.g. "predict". */
  readonly name: string;
  /** False where another Stop button serves this run (Interface mode's, next to Submit). */
  readonly showStop?: boolean;
}

/**
 * Queue position, ETA, elapsed time, progress and a Stop button for a run; its error when it
 * failed (the toast announces it; this stays next to the output); a quiet note when cancelled.
 */
export function JobStatus({ job, showProgress, onCancel, name, showStop = true }: JobStatusProps): ReactNode {
  const active = isActive(job);
  const now = useNow(active && showProgress !== 'hidden');
  if (job.stage === 'failed') {
    return (
      <div className="job-status job-status--error" data-testid="job-error">
        <strong>{job.title && job.title !== 'Error' ? job.title : 'Error'}:</strong> <span className="job-message">{job.message}</span>
      </div>
    );
  }
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
      {showStop ? (
        <button
          type="button"
          className="btn btn--small btn--stop"
          onClick={onCancel}
          disabled={job.stage === 'cancelling'}
          aria-label={`Stop ${name}`}
          data-testid="job-cancel"
        >
          Stop
        </button>
      ) : null}
    </div>
  );
}
