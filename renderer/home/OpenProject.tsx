import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { desktopBridge } from '../desktop-bridge.js';
import type { Status } from './StatusLine.js';

interface OpenProjectProps {
  readonly busy: boolean;
  /** Opens a path; resolves false when it failed (the status line says why). */
  onOpen(path: string): Promise<boolean>;
  onError(status: Status): void;
  /** The Electron dialog opened a project itself (the main side did): the recent list changed. */
  onDialogOpened(): void;
}

/**
 * "Open a project.json": in the Electron window the system's file dialog (through the one bridge
 * module); in a browser, which cannot hand a page a file's path, a path field.
 */
export function OpenProject(props: OpenProjectProps): ReactNode {
  const bridge = desktopBridge();
  const [path, setPath] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);

  const browse = async (): Promise<void> => {
    try {
      // The main side opens what the user picked (the page never hands it a path to load).
      const picked = await bridge?.openProjectDialog({ openIn: 'run' });
      if (picked?.file) props.onDialogOpened();
    } catch (error) {
      props.onError({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
    }
  };

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const given = path.trim();
    if (given === '') {
      setFieldError('Type the full path of a project.json (or of the folder that holds one).');
      return;
    }
    setFieldError(null);
    if (await props.onOpen(given)) setPath('');
  };

  return (
    <section className="home-card" aria-labelledby="home-open-title">
      <h2 id="home-open-title">Open a project</h2>
      {bridge ? (
        <button type="button" className="btn btn--primary" disabled={props.busy} onClick={() => void browse()}>
          Open a project.json…
        </button>
      ) : (
        <form className="home-open-form" onSubmit={(event) => void submit(event)} noValidate>
          <label htmlFor="home-open-path" className="home-label">
            Path of a project.json
          </label>
          <div className="home-open-row">
            <input
              id="home-open-path"
              className="input"
              value={path}
              placeholder="/home/you/demos/greet/project.json"
              spellCheck={false}
              autoComplete="off"
              aria-invalid={fieldError !== null}
              aria-describedby={fieldError ? 'home-open-error' : undefined}
              onChange={(event) => setPath(event.target.value)}
            />
            <button type="submit" className="btn btn--primary" disabled={props.busy}>
              Open
            </button>
          </div>
          {fieldError && (
            <p id="home-open-error" className="home-error">
              {fieldError}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
