import { useEffect, useState, type ReactNode } from 'react';
import { RunnerController } from './controller.js';
import { fetchConfig } from './fetch-config.js';
import { GradioEndpoint } from './gradio-endpoint.js';
import { Page } from './Page.js';

type Load =
  | { readonly stage: 'loading' }
  | { readonly stage: 'ready'; readonly controller: RunnerController }
  | { readonly stage: 'failed'; readonly message: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Loads /config, connects the Gradio client and shows the demo. Owns the controller's lifetime:
 * made when the config arrives, disposed when the runner goes away.
 */
export function Runner({ baseUrl }: { readonly baseUrl: string }): ReactNode {
  const [load, setLoad] = useState<Load>({ stage: 'loading' });
  const [connectError, setConnectError] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    let controller: RunnerController | null = null;
    fetchConfig(baseUrl, abort.signal).then(
      (config) => {
        if (abort.signal.aborted) return;
        document.title = config.title;
        const endpoint = new GradioEndpoint(baseUrl);
        controller = new RunnerController(config, endpoint);
        setLoad({ stage: 'ready', controller });
        endpoint.ready().then(
          () => setConnectError(null),
          (error: unknown) => {
            if (!abort.signal.aborted) setConnectError(message(error));
          },
        );
        controller.start();
      },
      (error: unknown) => {
        if (!abort.signal.aborted) setLoad({ stage: 'failed', message: message(error) });
      },
    );
    return () => {
      abort.abort();
      controller?.dispose();
    };
  }, [baseUrl]);

  switch (load.stage) {
    case 'loading':
      return (
        <p className="app-loading" role="status">
          Loading the demo…
        </p>
      );
    case 'failed':
      return (
        <div className="app-error" role="alert">
          <h1>The demo could not be loaded</h1>
          <p>{load.message}</p>
        </div>
      );
    case 'ready':
      return (
        <>
          {connectError ? (
            <div className="banner banner--error" role="alert">
              Could not connect to the demo’s API: {connectError} Runs will retry the connection.
            </div>
          ) : null}
          <Page controller={load.controller} />
        </>
      );
  }
}
