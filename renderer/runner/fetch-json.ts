/**
 * GET <base><path> as JSON from the demo server; errors say what failed and what to try. An abort
 * is re-thrown as is, so callers can tell it from a failure.
 */
export async function fetchServerJson(path: string, baseUrl: string, signal?: AbortSignal): Promise<unknown> {
  const url = new URL(path, baseUrl);
  let response: Response;
  try {
    response = await fetch(url, { signal: signal ?? null, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Error(`Could not reach the demo server at ${url.origin}. Is it still running?`, { cause: error });
  }
  if (!response.ok) throw new Error(`The demo server answered ${response.status} for ${url.pathname}.`);
  return response.json();
}
