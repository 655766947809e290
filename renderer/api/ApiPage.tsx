import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { CopyButton } from '../components/blocks/shared/CopyButton.js';
import { fetchApiInfo, type ApiEndpoint } from './info.js';
import { buildSnippets } from './snippets.js';

type Load =
  | { readonly stage: 'loading' }
  | { readonly stage: 'ready'; readonly endpoints: readonly ApiEndpoint[] }
  | { readonly stage: 'failed'; readonly message: string };

const LANGUAGES = [
  { key: 'js', title: 'JavaScript', install: 'npm install @gradio/client' },
  { key: 'python', title: 'Python', install: 'pip install gradio_client' },
  { key: 'curl', title: 'curl', install: null },
] as const;

/** A default value as JSON (it came from JSON, so it always has a JSON text). */
function shown(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * The tables keep their table roles when a narrow screen stacks their rows (display: block drops
 * them in some browsers), and each cell names its column in `data-label` for that stacked view.
 */
function ParameterTable({ endpoint }: { readonly endpoint: ApiEndpoint }): ReactNode {
  return (
    <div className="api-table-box">
      <table className="api-table" role="table">
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Name
            </th>
            <th scope="col" role="columnheader">
              Type
            </th>
            <th scope="col" role="columnheader">
              Default
            </th>
            <th scope="col" role="columnheader">
              Component
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {endpoint.parameters.map((p) => (
            <tr key={p.name} role="row">
              <th scope="row" role="rowheader">
                <code>{p.name}</code>
                {p.label && p.label !== p.name ? <span className="api-label"> ({p.label})</span> : null}
              </th>
              <td role="cell" data-label="Type">
                <code>{p.pythonType}</code>
                {p.pythonDescription ? <span className="api-label"> {p.pythonDescription}</span> : null}
              </td>
              <td role="cell" data-label="Default">
                {p.hasDefault ? <code>{shown(p.defaultValue)}</code> : 'required'}
              </td>
              <td role="cell" data-label="Component">
                {p.component}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReturnTable({ endpoint }: { readonly endpoint: ApiEndpoint }): ReactNode {
  return (
    <div className="api-table-box">
      <table className="api-table" role="table">
        <thead role="rowgroup">
          <tr role="row">
            <th scope="col" role="columnheader">
              Output
            </th>
            <th scope="col" role="columnheader">
              Type
            </th>
            <th scope="col" role="columnheader">
              Component
            </th>
          </tr>
        </thead>
        <tbody role="rowgroup">
          {endpoint.returns.map((r, i) => (
            <tr key={i} role="row">
              <th scope="row" role="rowheader">
                {r.label || `output ${i + 1}`}
              </th>
              <td role="cell" data-label="Type">
                <code>{r.pythonType}</code>
              </td>
              <td role="cell" data-label="Component">
                {r.component}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EndpointView({ endpoint, baseUrl }: { readonly endpoint: ApiEndpoint; readonly baseUrl: string }): ReactNode {
  const snippets = useMemo(() => buildSnippets(endpoint, baseUrl), [endpoint, baseUrl]);
  const route = `/${endpoint.apiName}`;
  const headingId = `api-endpoint-${endpoint.apiName}`;
  return (
    <section className="api-endpoint" aria-labelledby={headingId} data-testid={`api-endpoint-${endpoint.apiName}`}>
      <h2 id={headingId}>
        <code>{route}</code>
      </h2>
      {endpoint.description ? <p className="api-description">{endpoint.description}</p> : null}
      <h3>Parameters</h3>
      {endpoint.parameters.length === 0 ? <p className="empty">None.</p> : <ParameterTable endpoint={endpoint} />}
      <h3>Returns</h3>
      {endpoint.returns.length === 0 ? <p className="empty">Nothing.</p> : <ReturnTable endpoint={endpoint} />}
      {LANGUAGES.map((language) => (
        <div className="api-snippet" key={language.key}>
          <div className="api-snippet-head">
            <h3>{language.title}</h3>
            <CopyButton text={snippets[language.key]} label={`Copy the ${language.title} snippet for ${route}`} />
          </div>
          <pre className="api-code">
            <code data-testid={`snippet-${language.key}-${endpoint.apiName}`}>{snippets[language.key]}</code>
          </pre>
        </div>
      ))}
    </section>
  );
}

/**
 * "Use via API" (hash route #api): every public endpoint of /gradio_api/info with its parameters,
 * returns and ready-to-run snippets for the URL this page was served from.
 */
export function ApiPage({ baseUrl }: { readonly baseUrl: string }): ReactNode {
  const [load, setLoad] = useState<Load>({ stage: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    const abort = new AbortController();
    fetchApiInfo(baseUrl, abort.signal).then(
      (endpoints) => setLoad({ stage: 'ready', endpoints }),
      (error: unknown) => {
        if (!abort.signal.aborted) setLoad({ stage: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => abort.abort();
  }, [baseUrl]);
  const openApiUrl = new URL('gradio_api/openapi.json', baseUrl).toString();
  return (
    <main className="app api-page" aria-labelledby="api-page-title">
      <header className="app-header">
        <h1 id="api-page-title" ref={heading} tabIndex={-1}>
          Use via API
        </h1>
      </header>
      <p>
        Call this demo from your own code at <code data-testid="api-base-url">{baseUrl}</code>. Every call goes through the same queue as
        the page. Install a client with <code>{LANGUAGES[0].install}</code> (Node) or <code>{LANGUAGES[1].install}</code>; the curl snippets
        use the two-step <code>/call</code> routes, described in the <a href={openApiUrl}>OpenAPI document</a>.
      </p>
      {load.stage === 'loading' ? (
        <p className="app-loading" role="status">
          Loading the API description…
        </p>
      ) : null}
      {load.stage === 'failed' ? (
        <div className="app-error" role="alert">
          <h2>The API description could not be loaded</h2>
          <p>{load.message}</p>
        </div>
      ) : null}
      {load.stage === 'ready' && load.endpoints.length === 0 ? <p className="empty">This demo has no public API endpoints.</p> : null}
      {load.stage === 'ready' ? load.endpoints.map((e) => <EndpointView key={e.apiName} endpoint={e} baseUrl={baseUrl} />) : null}
    </main>
  );
}
