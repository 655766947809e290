import { parseConfig, type RunnerConfig } from './config.js';
import { fetchServerJson } from './fetch-json.js';

/** The app's base URL: the folder the page was served from (the server root, or a mount path). */
export function appBaseUrl(location: { readonly href: string }): string {
  return new URL('./', location.href).toString();
}

/** GET <base>config, parsed; errors say what failed and what to try. */
export async function fetchConfig(baseUrl: string, signal?: AbortSignal): Promise<RunnerConfig> {
  return parseConfig(await fetchServerJson('config', baseUrl, signal));
}
