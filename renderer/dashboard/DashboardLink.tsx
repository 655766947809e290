import { useEffect, useState, type ReactNode } from 'react';
import './dashboard-link.css';

/** "Dashboard" in the runner's toolbar, for the owner only (GET /api/owner says so; never through a share link). */
export function DashboardLink({ baseUrl }: { readonly baseUrl: string }): ReactNode {
  const [owner, setOwner] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    fetch(new URL('api/owner', baseUrl), { signal: abort.signal, credentials: 'same-origin' })
      .then((response) => (response.ok ? (response.json() as Promise<{ owner?: unknown }>) : { owner: false }))
      .then((body) => setOwner(body.owner === true))
      .catch(() => setOwner(false));
    return () => abort.abort();
  }, [baseUrl]);
  if (!owner) return null;
  return (
    <a className="dashboard-link" href={new URL('dashboard', baseUrl).toString()} data-testid="dashboard-link">
      Dashboard
    </a>
  );
}
