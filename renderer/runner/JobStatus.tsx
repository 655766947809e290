import type { ReactNode } from 'react';
import type { ShowProgress } from './config.js';
import { progressFraction, progressText, statusText } from './format.js';
import { isActive, type JobState } from './job-state.js';
import { useNow } from './use-now.js';

interface JobStatusProps {
  readonly job: JobState;
  readonly showProgress: ShowProgress;
  readonly onCancel: () => void;
  /** Names the run for assistive tech, e.g. "predict". */
  readonly name: string;
}

/** Queue position, ETA, progress and a cancel button for a run; a readable alert when it fails. */
export function JobStatus({ job, showProgress, onCancel, name }: JobStatusProps): ReactNode {
  const active = isActive(job);
  const now = useNow(active && showProgress !== 'hidden');
  if (job.stage === 'failed') {
    return (
      <div className="job-status job-status--error" role="alert" data-testid="job-error">
        <strong>{job.title && job.title !== 'Error' ? job.title : 'Error'}:</strong> <span className="job-message">{job.message}</span>
      </div>
    );
  }
  if (!active || showProgress === 'hidden') return null;
  const text = statusText(job, now);
  const progress = job.stage === 'running' && showProgress === 'full' ? (job.progress ?? []) : [];
  return (
    <div className={`job-status job-status--${job.stage}`} data-testid="job-status" data-stage={job.stage}>
      <span className="job-spinner" aria-hidden="true" />
      <span className="job-text" role="status" aria-live="polite">
        {text}
      </span>
      {progress.map((p, i) => {
        const fraction = progressFraction(p);
        const label = progressText(p);
        return (
          <span key={i} className="job-progress">
            <progress max={1} value={fraction ?? undefined} aria-label={label || 'Progress'} />
            {label ? <span className="job-progress-text">{label}</span> : null}
          </span>
        );
      })}
      <button
        type="button"
        className="btn btn--small btn--stop"
        onClick={onCancel}
        disabled={job.stage === 'cancelling'}
        aria-label={`Cancel ${name}`}
        data-testid="job-cancel"
      >
        Cancel
      </button>
    </div>
  );
}
