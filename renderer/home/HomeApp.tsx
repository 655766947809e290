import { useCallback, useMemo, useState, type ReactNode } from 'react';
import type { Opened } from '../../preload/shared/home/home-api.js';
import { ThemeToggle } from '../runner/ThemeToggle.js';
import { createHomeClient, type HomeClient } from './home-client.js';
import { MachinePanel } from './MachinePanel.js';
import { OpenProject } from './OpenProject.js';
import { RecentList } from './RecentList.js';
import { StatusLine, type Status } from './StatusLine.js';
import { TemplateList } from './TemplateList.js';
import { useLoad } from './use-load.js';

/** The home screen: recent projects and templates on the left, open a file and this machine on the right. */
export function HomeApp(props: { readonly client?: HomeClient }): ReactNode {
  const client = useMemo(() => props.client ?? createHomeClient(), [props.client]);
  const recent = useLoad(useCallback(() => client.recent(), [client]));
  const templates = useLoad(useCallback(() => client.templates(), [client]));
  const machine = useLoad(useCallback(() => client.machine(), [client]));
  const [status, setStatus] = useState<Status | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs an open action: one at a time, its outcome in the status line, the recent list refreshed. */
  const run = useCallback(
    async (label: string, action: () => Promise<Opened>): Promise<boolean> => {
      setBusy(true);
      setStatus({ kind: 'busy', text: `${label}…` });
      try {
        setStatus({ kind: 'opened', opened: await action() });
        recent.reload();
        return true;
      } catch (error) {
        setStatus({ kind: 'error', text: error instanceof Error ? error.message : String(error) });
        return false;
      } finally {
        setBusy(false);
      }
    },
    [recent],
  );

  return (
    <div className="home">
      <header className="home-header">
        <div className="home-brand">
          <span className="home-logo" aria-hidden="true">
            dd
          </span>
          <div>
            <h1>demo-desktop</h1>
            <p className="home-tagline">Run local ML demos from a project.json</p>
          </div>
        </div>
        <ThemeToggle />
      </header>
      <StatusLine status={status} onDismiss={() => setStatus(null)} />
      <main className="home-grid">
        <div className="home-main">
          <RecentList
            state={recent.state}
            busy={busy}
            onOpen={(project) => void run(`Opening ${project.name}`, () => client.open(project.path))}
            onForget={(project) => void client.forget(project.path).then(recent.set, () => recent.reload())}
          />
          <TemplateList
            state={templates.state}
            busy={busy}
            onOpen={(template) => void run(`Starting ${template.name}`, () => client.openTemplate(template.id))}
            onEdit={(template) => void run(`Opening the editor on a copy of ${template.name}`, () => client.editTemplate(template.id))}
          />
        </div>
        <aside className="home-side">
          <OpenProject
            busy={busy}
            onOpen={(path) => run(`Opening ${path}`, () => client.open(path))}
            onError={setStatus}
            onDialogOpened={() => recent.reload()}
          />
          <MachinePanel state={machine.state} />
        </aside>
      </main>
    </div>
  );
}
