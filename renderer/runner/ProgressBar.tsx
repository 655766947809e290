import type { ReactNode } from 'react';

/**
 * A progress bar with an explicit `role="progressbar"` and aria-valuenow (0–100), or an
 * indeterminate one (no value) that slides. The fill width is a CSSOM style (CSP-safe).
 */
export function ProgressBar({ fraction, label }: { readonly fraction: number | null; readonly label: string }): ReactNode {
  const percent = fraction === null ? null : Math.round(fraction * 100);
  return (
    <span
      className={percent === null ? 'progress is-indeterminate' : 'progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
    >
      <span className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
    </span>
  );
}
