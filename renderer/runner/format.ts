import type { JobState } from './job-state.js';

/** Text for the job status line; pure so it can be tested and read by screen readers as-is. */

/** 0.4 → "0.4s", 12.3 → "12s", 75 → "1m 15s". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/** 1.5–6.2 → "1.5–6.2s", 6–14 → "6–14s" (the unit once, the precision of the larger end), else two formatSeconds. */
export function formatSecondsRange(low: number, high: number): string {
  const lo = Math.max(0, Math.min(low, high));
  const hi = Math.max(0, high);
  if (hi >= 60) return `${formatSeconds(lo)}–${formatSeconds(hi)}`;
  const digits = hi < 10 ? 1 : 0;
  return `${lo.toFixed(digits)}–${hi.toFixed(digits)}s`;
}

/** Rank 0 of 3 → "1 of 3 in queue"; unknown size → "#1 in queue". */
export function queueText(position: number | null, size: number | null): string {
  if (position === null) return 'Waiting in queue';
  return size === null || size <= 0 ? `#${position + 1} in queue` : `${position + 1} of ${Math.max(size, position + 1)} in queue`;
}

/** A failed run's heading: the function's error title (e.g. `ValueError`), or "Error" when it has none. */
export function errorTitle(title: string | null): string {
  return title !== null && title !== '' ? title : 'Error';
}

/** The one-line status of an active or failed job at time `now` (ms); null when nothing to show. */
export function statusText(job: JobState, now: number): string | null {
  switch (job.stage) {
    case 'idle':
    case 'completed':
    case 'cancelled':
      return null;
    case 'starting':
      return 'Sending…';
    case 'queued': {
      const queue = queueText(job.position, job.size);
      if (job.eta === null) return queue;
      const left = job.eta - (now - job.etaAt) / 1000;
      return left > 0 ? `${queue} · about ${formatSeconds(left)} left` : `${queue} · any moment now`;
    }
    case 'running': {
      const elapsed = formatSeconds((now - job.startedAt) / 1000);
      const verb = job.generating ? 'Generating' : 'Running';
      return job.eta === null ? `${verb}… ${elapsed}` : `${verb}… ${elapsed} / ~${formatSeconds(job.eta)}`;
    }
    case 'cancelling':
      return 'Cancelling…';
    case 'failed':
      return job.message;
  }
}

/** One progress entry as text: "Denoising 3/20 steps" or "45%". */
export function progressText(p: {
  readonly progress: number | null;
  readonly index: number | null;
  readonly length: number | null;
  readonly unit: string | null;
  readonly desc: string | null;
}): string {
  const parts: string[] = [];
  if (p.desc) parts.push(p.desc);
  if (p.index !== null && p.length !== null) parts.push(`${p.index}/${p.length}${p.unit ? ` ${p.unit}` : ''}`);
  else if (p.progress !== null) parts.push(`${Math.round(Math.max(0, Math.min(1, p.progress)) * 100)}%`);
  else if (p.index !== null) parts.push(`${p.index}${p.unit ? ` ${p.unit}` : ''}`);
  return parts.join(' ');
}

/** A progress entry as a fraction in [0, 1], or null when indeterminate. */
export function progressFraction(p: {
  readonly progress: number | null;
  readonly index: number | null;
  readonly length: number | null;
}): number | null {
  if (p.progress !== null) return Math.max(0, Math.min(1, p.progress));
  if (p.index !== null && p.length !== null && p.length > 0) return Math.max(0, Math.min(1, p.index / p.length));
  return null;
}

/**
 * What a screen reader hears about a run: only changes of stage and queue position, never the
 * ticking clock (the visible line updates several times a second).
 */
export function announceText(job: JobState): string {
  switch (job.stage) {
    case 'starting':
      return 'Sending';
    case 'queued':
      return queueText(job.position, job.size);
    case 'running':
      return job.generating ? 'Generating' : 'Running';
    case 'cancelling':
      return 'Cancelling';
    case 'cancelled':
      return 'Cancelled';
    case 'completed':
      return 'Done';
    case 'failed':
      return `Failed: ${job.message}`;
    case 'idle':
      return '';
  }
}
