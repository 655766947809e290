import type { ReactNode } from 'react';
import type { HomeTemplate } from '../../preload/shared/home/home-api.js';
import type { Load } from './use-load.js';

const BADGE: Record<HomeTemplate['check']['verdict'], string> = { good: 'Runs well here', slow: 'May be slow', no: 'Will not run' };

function Check(props: { readonly check: HomeTemplate['check'] }): ReactNode {
  const { check } = props;
  return (
    <div className="home-check">
      <span className={`home-badge home-badge--${check.verdict}`}>{BADGE[check.verdict]}</span>
      {check.reasons.length > 0 && (
        <ul className="home-reasons">
          {check.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {check.details.length > 0 && (
        <details className="home-details">
          <summary>Why</summary>
          <ul>
            {check.details.map((detail) => (
              <li key={detail}>{detail}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

interface TemplateListProps {
  readonly state: Load<readonly HomeTemplate[]>;
  readonly busy: boolean;
  onOpen(template: HomeTemplate): void;
  onEdit(template: HomeTemplate): void;
}

/** The examples to start from, each with its hardware check: run it as it is, or edit a copy. */
export function TemplateList(props: TemplateListProps): ReactNode {
  const { state } = props;
  return (
    <section className="home-card" aria-labelledby="home-templates-title">
      <h2 id="home-templates-title">Start from a template</h2>
      {state.phase === 'loading' && <p className="home-muted">Checking the templates against this machine…</p>}
      {state.phase === 'failed' && <p className="home-error">{state.message}</p>}
      {state.phase === 'ready' && (
        <ul className="home-templates">
          {state.value.map((template) => (
            <li key={template.id} className="home-template" data-template={template.id}>
              <div className="home-template-head">
                <h3>{template.name}</h3>
                {!template.offline && <span className="home-badge">Downloads a model</span>}
              </div>
              <p className="home-muted">{template.description}</p>
              <Check check={template.check} />
              <div className="home-actions">
                <button
                  type="button"
                  className="btn btn--primary btn--small"
                  disabled={props.busy || template.check.verdict === 'no'}
                  onClick={() => props.onOpen(template)}
                  aria-label={`Open ${template.name}`}
                >
                  Open it
                </button>
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={props.busy}
                  onClick={() => props.onEdit(template)}
                  aria-label={`Edit a copy of ${template.name}`}
                >
                  Edit a copy
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
