import type { ReactNode } from 'react';
import type { Dependency } from './config.js';
import { usePage } from './page-context.js';

/**
 * The small Stop of a running event whose run button cannot turn into Stop (an event started by a
 * change or a load, or one of several on the button): in its progress overlay or status line.
 */
export function StopJobButton({ dep, className }: { readonly dep: Dependency; readonly className?: string }): ReactNode {
  const { controller } = usePage();
  if (controller.stopsOnButton(dep)) return null;
  const job = controller.job(dep.id);
  return (
    <button
      type="button"
      className={['btn btn--small btn--stop', className].filter(Boolean).join(' ')}
      onClick={() => controller.cancel(dep.id)}
      disabled={job.stage === 'cancelling'}
      aria-label={`Stop ${dep.apiName}`}
      data-testid="job-cancel"
    >
      Stop
    </button>
  );
}
