import type { ReactNode } from 'react';
import type { ComponentInfo } from './config.js';
import { estimateText } from './estimate.js';
import { IDLE, isActive } from './job-state.js';
import { usePage } from './page-context.js';
import { useEstimate } from './use-estimate.js';

/**
 * Around a button that runs something: Interface mode's Stop button next to Submit while the run
 * is active (as Gradio does), and the "before you submit" estimate under it while idle.
 */
export function RunControls({ component, children }: { readonly component: ComponentInfo; readonly children: ReactNode }): ReactNode {
  const { controller, baseUrl, onUnreachable } = usePage();
  const dep = controller.dependenciesFor(component.id, 'click').find((d) => d.queue) ?? null;
  const job = dep ? controller.job(dep.id) : IDLE;
  const active = isActive(job);
  // Private endpoints have no public estimate (the server answers 404).
  const estimate = useEstimate(baseUrl, dep && dep.apiVisibility !== 'private' ? dep.apiName : null, job.stage, onUnreachable, () =>
    controller.sessionHash(),
  );
  const text = estimate && !active ? estimateText(estimate) : null;
  const stop = dep && active && controller.isSubmitButton(component.id);
  return (
    <div className="run-controls">
      <div className="run-buttons">
        {children}
        {stop ? (
          <button
            type="button"
            className="btn btn--stop"
            onClick={() => controller.cancel(dep.id)}
            disabled={job.stage === 'cancelling'}
            data-testid="stop-button"
          >
            Stop
          </button>
        ) : null}
      </div>
      {text ? (
        <p className="run-estimate" data-testid="run-estimate">
          {text}
        </p>
      ) : null}
    </div>
  );
}
