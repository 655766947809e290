import { parseConfig, type RunnerConfig } from './config.js';

/** The app's base URL: the folder the page was served from (the server root, or a mount path). */
export function appBaseUrl(location: { readonly href: string }): string {
  return new URL('./', location.href).toString();
}

/** GET <base>config, parsed; errors say what failed and what to try. */
export async function fetchConfig(baseUrl: string, signal?: AbortSignal): Promise<RunnerConfig> {
  const url = new URL('config', baseUrl);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ?? null, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`Could not reach the demo server at ${url.origin}. Is it still running?`, { cause: error });
  }
  if (!response.ok) throw new Error(`The demo server answered ${response.status} for ${url.pathname}.`);
  return parseConfig(await response.json());
}
