import { useState, type ReactNode } from 'react';
import type { RecentProject } from '../../../preload/shared/editor/editor-api.js';
import { Modal } from '../shell/Modal.js';
import { shortFileName } from './file-names.js';

/**
 * Open: a path field and the recent projects. The browser cannot show the machine's file dialog;
 * the Electron window will offer its native one.
 */
export function OpenProjectDialog(props: {
  readonly recent: readonly RecentProject[];
  readonly busy: boolean;
  readonly onOpen: (path: string) => void;
  readonly onForget: (path: string) => void;
  readonly onClose: () => void;
}): ReactNode {
  const [path, setPath] = useState('');
  return (
    <Modal title="Open project" onClose={props.onClose} testId="open-dialog" wide>
      <form
        className="editor-form-row"
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim()) props.onOpen(path.trim());
        }}
      >
        <label className="editor-field editor-field--grow">
          <span>Path of a project.json (or its folder)</span>
          <input
            type="text"
            value={path}
            autoFocus
            spellCheck={false}
            placeholder="/home/me/demos/greet/project.json"
            data-testid="open-path"
            onChange={(event) => setPath(event.target.value)}
          />
        </label>
        <button type="submit" className="btn btn--primary" disabled={props.busy || path.trim() === ''}>
          Open
        </button>
      </form>
      <RecentList recent={props.recent} busy={props.busy} onOpen={props.onOpen} onForget={props.onForget} />
    </Modal>
  );
}

export function RecentList(props: {
  readonly recent: readonly RecentProject[];
  readonly busy: boolean;
  readonly onOpen: (path: string) => void;
  readonly onForget: (path: string) => void;
}): ReactNode {
  if (props.recent.length === 0) return <p className="editor-muted">No recent projects yet.</p>;
  return (
    <section aria-label="Recent projects">
      <h3 className="editor-subhead">Recent</h3>
      <ul className="editor-recent">
        {props.recent.map((project) => (
          <li key={project.path}>
            <button
              type="button"
              className="editor-recent-item"
              disabled={props.busy || project.missing}
              title={project.missing ? `${project.path} is gone (moved or deleted)` : project.path}
              onClick={() => props.onOpen(project.path)}
            >
              <span className="editor-recent-name">{project.name}</span>
              <span className="editor-recent-path">{shortFileName(project.path)}</span>
              <span className="editor-recent-time">{project.missing ? 'missing' : timeAgo(project.openedAt)}</span>
            </button>
            {project.missing && (
              <button
                type="button"
                className="editor-icon-button"
                aria-label={`Forget ${project.name} (${project.path})`}
                title="Remove from the list"
                onClick={() => props.onForget(project.path)}
              >
                ✕
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "3 min ago", "yesterday": enough to tell recent projects apart. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}
