import { useLayoutEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import type { ComponentInfo } from './config.js';
import { estimateText } from './estimate.js';
import { IDLE, isActive } from './job-state.js';
import { usePage } from './page-context.js';
import { useEstimate } from './use-estimate.js';

/**
 * Around a button that runs something (Submit, Send, Generate): while its run is active the button
 * becomes Stop, in the same box (both share one grid cell, the idle button kept invisible, so
 * nothing moves), as Gradio's Interface and ChatInterface do; the "before you submit" estimate is
 * under it while idle, and keeps its room while the run is on.
 */
export function RunControls({ component, children }: { readonly component: ComponentInfo; readonly children: ReactNode }): ReactNode {
  const { controller, baseUrl, onUnreachable } = usePage();
  const dep = controller.stopDependency(component.id);
  const job = dep ? controller.job(dep.id) : IDLE;
  const active = isActive(job);
  // Private endpoints have no public estimate (the server answers 404).
  const fetched = useEstimate(baseUrl, dep && dep.apiVisibility !== 'private' ? dep.apiName : null, job.stage, onUnreachable, () =>
    controller.sessionHash(),
  );
  // The text last shown while idle stays (and keeps its room) through a run, until an answer
  // fetched after the run arrives: one fetched during it would say the page's own run is busy.
  const shown = useRef<string | null>(null);
  if (!active && fetched.refreshKey === job.stage) shown.current = fetched.estimate ? estimateText(fetched.estimate) : null;
  const text = shown.current;
  const swap = useRef<HTMLDivElement>(null);
  const stopFocused = useRef(false);
  // Focus follows the swap: a keyboard user who pressed Submit is on Stop, and back on Submit once
  // Stop goes (a removed element takes the focus with it, to the page's body).
  useLayoutEffect(() => {
    const cell = swap.current;
    if (!cell) return;
    const focused = document.activeElement;
    if (active) {
      if (focused instanceof HTMLElement && cell.contains(focused)) cell.querySelector<HTMLElement>('[data-testid="stop-button"]')?.focus();
    } else if (stopFocused.current) {
      stopFocused.current = false;
      if (focused === null || focused === document.body) cell.querySelector<HTMLElement>('button')?.focus();
    }
  }, [active]);
  const stop = (event: MouseEvent): void => {
    // The second click of a double-click on Submit lands on Stop: it must not stop the run it started.
    if (event.detail > 1 || !dep) return;
    controller.cancel(dep.id);
  };
  return (
    <div className="run-controls">
      <div ref={swap} className={active ? 'run-swap is-running' : 'run-swap'}>
        {children}
        {dep && active ? (
          <button
            type="button"
            className="btn btn--stop run-stop"
            onClick={stop}
            onFocus={() => (stopFocused.current = true)}
            onBlur={(event) => {
              // Removing the button blurs it too: that focus goes back to the run button.
              if (event.currentTarget.isConnected) stopFocused.current = false;
            }}
            disabled={job.stage === 'cancelling'}
            aria-label={`Stop ${dep.apiName}`}
            data-testid="stop-button"
          >
            Stop
          </button>
        ) : null}
      </div>
      {text ? (
        <p className={active ? 'run-estimate is-held' : 'run-estimate'} data-testid="run-estimate" aria-hidden={active || undefined}>
          {/* A line breaks only between the parts ("Busy: another run is in progress" stays whole). */}
          {text.split(' · ').map((part, i) => (
            <span key={i} className="run-estimate-part">
              {i > 0 ? <span className="run-estimate-dot"> · </span> : null}
              {part}
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}
