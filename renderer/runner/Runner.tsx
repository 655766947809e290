import { useEffect, useState, type ReactNode } from 'react';
import { ConfigError, type RunnerConfig } from './config.js';
import { RunnerController } from './controller.js';
import { fetchConfig } from './fetch-config.js';
import { GradioEndpoint } from './gradio-endpoint.js';
import { Page } from './Page.js';
import { carryValues, Reconnector } from './reconnect.js';

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
 *
 * When the server cannot be reached (a run reports a broken connection, the estimate probe fails,
 * or the first load fails) a banner says so and /config is probed every few seconds; once it
 * answers, a fresh client and controller take over, keeping the values of components that are
 * still there.
 */
export function Runner({ baseUrl }: { readonly baseUrl: string }): ReactNode {
  const [load, setLoad] = useState<Load>({ stage: 'loading' });
  const [lost, setLost] = useState(false);
  const [onUnreachable, setOnUnreachable] = useState<() => void>(() => () => undefined);
  useEffect(() => {
    let disposed = false;
    let current: { readonly controller: RunnerController; readonly endpoint: GradioEndpoint } | null = null;
    const initial = new AbortController();
    const open = (config: RunnerConfig): void => {
      if (disposed) return;
      const previous = current;
      const values = previous ? carryValues(previous.controller.config, previous.controller.getState().values, config) : undefined;
      previous?.controller.dispose();
      previous?.endpoint.close();
      const endpoint = new GradioEndpoint(baseUrl);
      const controller = new RunnerController(config, endpoint, Date.now, { onConnectionError: connectionLost, values });
      current = { controller, endpoint };
      document.title = config.title;
      setLoad({ stage: 'ready', controller });
      endpoint.ready().catch(connectionLost);
      controller.start();
    };
    const reconnector = new Reconnector<RunnerConfig>({
      probe: (signal) => fetchConfig(baseUrl, signal),
      onBack: (config) => {
        setLost(false);
        open(config);
      },
    });
    function connectionLost(): void {
      if (disposed || reconnector.active) return;
      setLost(true);
      reconnector.start();
    }
    setOnUnreachable(() => connectionLost);
    fetchConfig(baseUrl, initial.signal).then(open, (error: unknown) => {
      if (disposed) return;
      setLoad({ stage: 'failed', message: message(error) });
      // A server that answers with a config we cannot use will not get better by retrying.
      if (!(error instanceof ConfigError)) connectionLost();
    });
    return () => {
      disposed = true;
      initial.abort();
      reconnector.stop();
      current?.controller.dispose();
      current?.endpoint.close();
    };
  }, [baseUrl]);

  const banner = lost ? (
    <div className="banner banner--warning" role="status" data-testid="connection-banner">
      <span className="job-spinner" aria-hidden="true" /> Connection lost — reconnecting…
    </div>
  ) : null;
  switch (load.stage) {
    case 'loading':
      return (
        <p className="app-loading" role="status">
          Loading the demo…
        </p>
      );
    case 'failed':
      return (
        <>
          {banner}
          <div className="app-error" role="alert">
            <h1>The demo could not be loaded</h1>
            <p>{load.message}</p>
          </div>
        </>
      );
    case 'ready':
      return (
        <>
          {banner}
          <Page controller={load.controller} baseUrl={baseUrl} onUnreachable={onUnreachable} />
        </>
      );
  }
}
