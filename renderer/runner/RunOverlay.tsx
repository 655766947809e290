import type { ReactNode } from 'react';
import type { Dependency } from './config.js';
import { announceText, progressFraction, progressText, statusText } from './format.js';
import { isActive } from './job-state.js';
import { usePage } from './page-context.js';
import { ProgressBar } from './ProgressBar.js';
import { StopJobButton } from './StopJobButton.js';
import { useNow } from './use-now.js';

/**
 * A run's progress drawn over each output it will write, as Gradio's status tracker does: a
 * translucent cover with the queue position or the timer in its corner, a bar that fills as the
 * expected run time passes, and the run's progress bars in the middle. It is positioned over the
 * block, so nothing on the page moves when a run starts or ends. Once a stream starts (generating)
 * or for a chatbot (`minimal`), only the corner and an outline stay, so the growing text is read.
 * The first output of the run (`anchor`) carries what screen readers hear and, for a run no button
 * turns into Stop (a change or load event), a Stop button.
 */
export function RunOverlay({
  dep,
  anchor,
  minimal,
}: {
  readonly dep: Dependency;
  readonly anchor: boolean;
  readonly minimal: boolean;
}): ReactNode {
  const { controller } = usePage();
  const job = controller.job(dep.id);
  const active = isActive(job);
  const now = useNow(active && dep.showProgress !== 'hidden');
  if (!active || dep.showProgress === 'hidden') return null;
  const running = job.stage === 'running' ? job : null;
  const cover = !minimal && dep.showProgress === 'full' && running?.generating !== true;
  const progress = running && dep.showProgress === 'full' ? (running.progress ?? []) : [];
  const labels = progress.map(progressText).filter((label) => label !== '');
  // How much of the expected run time has passed: the cover fills from the left, as Gradio's eta bar.
  const elapsed = running?.eta ? Math.min(1, (now - running.startedAt) / 1000 / running.eta) : null;
  const classes = ['run-overlay', `run-overlay--${job.stage}`, cover ? 'is-cover' : 'is-outline'].join(' ');
  return (
    <div
      className={classes}
      data-testid={anchor ? 'job-status' : 'job-overlay'}
      data-stage={job.stage}
      aria-hidden={anchor ? undefined : true}
    >
      {cover && elapsed !== null ? <span className="run-overlay-eta" style={{ width: `${Math.round(elapsed * 100)}%` }} /> : null}
      <span className="run-overlay-meta" aria-hidden="true">
        {cover ? null : <span className="job-spinner" />}
        <span className="job-text">{[statusText(job, now), ...(cover ? [] : labels)].join(' · ')}</span>
      </span>
      {cover ? (
        <span className="run-overlay-center">
          {progress.length === 0 ? <span className="run-overlay-spinner" aria-hidden="true" /> : null}
          {progress.map((p, i) => {
            const label = progressText(p);
            return (
              <span key={i} className="job-progress">
                <ProgressBar fraction={progressFraction(p)} label={label || 'Progress'} />
                {label ? <span className="job-progress-text">{label}</span> : null}
              </span>
            );
          })}
        </span>
      ) : null}
      {anchor ? (
        <span className="visually-hidden" role="status">
          {announceText(job)}
        </span>
      ) : null}
      {anchor ? <StopJobButton dep={dep} className="run-overlay-stop" /> : null}
    </div>
  );
}
