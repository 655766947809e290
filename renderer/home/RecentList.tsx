import type { ReactNode } from 'react';
import type { HomeRecentProject as RecentProject } from '../../preload/shared/home/home-api.js';
import { CapacityLines } from './CapacityLines.js';
import { relativeTime } from './relative-time.js';
import type { Load } from './use-load.js';

/** A stable hue per project path, so each project keeps its colour from one visit to the next. */
function hueOf(text: string): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360;
  return hash;
}

function ProjectIcon(props: { readonly project: RecentProject }): ReactNode {
  const initial = (props.project.name.trim()[0] ?? '?').toUpperCase();
  return (
    <span className="home-icon" aria-hidden="true" style={{ backgroundColor: `hsl(${hueOf(props.project.path)} 55% 42%)` }}>
      {initial}
    </span>
  );
}

interface RecentListProps {
  readonly state: Load<readonly RecentProject[]>;
  readonly busy: boolean;
  onOpen(project: RecentProject): void;
  onForget(project: RecentProject): void;
}

function RecentRow(props: { readonly project: RecentProject } & Omit<RecentListProps, 'state'>): ReactNode {
  const { project } = props;
  return (
    <li className={`home-recent${project.missing ? ' home-recent--missing' : ''}`} data-path={project.path}>
      <ProjectIcon project={project} />
      <div className="home-recent-text">
        {project.missing ? (
          <span className="home-recent-name">{project.name}</span>
        ) : (
          <button type="button" className="home-recent-name home-link" disabled={props.busy} onClick={() => props.onOpen(project)}>
            {project.name}
          </button>
        )}
        <span className="home-path" title={project.path}>
          {/* Marks keep the path's own direction inside the right-to-left box that puts the ellipsis at its start. */}
          {`\u200E${project.path}\u200E`}
        </span>
        {!project.missing && <CapacityLines capacity={project.capacity} />}
      </div>
      <div className="home-recent-meta">
        {project.missing ? (
          <>
            <span className="home-badge home-badge--no">Missing</span>
            <button type="button" className="btn btn--small" onClick={() => props.onForget(project)} aria-label={`Forget ${project.name}`}>
              Forget
            </button>
          </>
        ) : (
          <time dateTime={project.openedAt} title={new Date(project.openedAt).toLocaleString()}>
            {relativeTime(project.openedAt)}
          </time>
        )}
      </div>
    </li>
  );
}

/** Recent projects, newest first: open one with a click; one whose file is gone is marked and can be forgotten. */
export function RecentList(props: RecentListProps): ReactNode {
  const { state } = props;
  return (
    <section className="home-card" aria-labelledby="home-recent-title">
      <h2 id="home-recent-title">Recent projects</h2>
      {state.phase === 'loading' && <p className="home-muted">Loading…</p>}
      {state.phase === 'failed' && <p className="home-error">{state.message}</p>}
      {state.phase === 'ready' && state.value.length === 0 && (
        <p className="home-muted">No projects yet. Start from a template below, or open a project.json.</p>
      )}
      {state.phase === 'ready' && state.value.length > 0 && (
        <ul className="home-recent-list">
          {state.value.map((project) => (
            <RecentRow key={project.path} project={project} {...props} />
          ))}
        </ul>
      )}
    </section>
  );
}
