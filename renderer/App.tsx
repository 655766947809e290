import { useEffect, useState, type ReactNode } from 'react';
import { ApiPage } from './api/ApiPage.js';
import { DashboardLink } from './dashboard/DashboardLink.js';
import { API_VIEW_HASH, viewFromHash, type View } from './api/view.js';
import { Runner } from './runner/Runner.js';
import { ShareButton } from './runner/share/ShareButton.js';
import { ThemeToggle } from './runner/ThemeToggle.js';

function useView(): View {
  const [view, setView] = useState<View>(() => viewFromHash(window.location.hash));
  useEffect(() => {
    const update = (): void => setView(viewFromHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return view;
}

/**
 * The page: the demo, or its "Use via API" view (#api). The runner stays mounted (hidden) while
 * the API view is open, so inputs, outputs and running jobs survive the round trip.
 */
export function App({ baseUrl }: { readonly baseUrl: string }): ReactNode {
  const view = useView();
  return (
    <>
      <div className="app-toolbar">
        <ShareButton baseUrl={baseUrl} />
        <DashboardLink baseUrl={baseUrl} />
        <ThemeToggle />
      </div>
      <div hidden={view === 'api'}>
        <Runner baseUrl={baseUrl} />
      </div>
      {view === 'api' ? <ApiPage baseUrl={baseUrl} /> : null}
      <footer className="app-footer">{view === 'api' ? <a href="#">Back to the demo</a> : <a href={API_VIEW_HASH}>Use via API</a>}</footer>
    </>
  );
}
