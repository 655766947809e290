/**
 * Raw HTTP requests: unlike fetch, node:http lets a test set any Host header and send a path
 * exactly as written (no `..` normalisation), which is what an attacker would do.
 */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RawRequest {
  readonly port: number;
  readonly path: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
}

export function raw(options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: { ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Reads an SSE response until it ends (or `until` says stop) and returns its raw text. */
export async function readSse(response: Response, until?: (text: string) => boolean): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    // Node's fetch types leave the chunk untyped; it is always bytes.
    const chunk = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
    if (until?.(text)) {
      await reader.cancel();
      break;
    }
  }
  return text;
}

/** The JSON payloads of the `data:` lines of an SSE text. */
export function sseData(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as unknown);
}

/** What both Gradio clients do: stop reading (and hang up) at `close_stream`. */
export const untilClosed = (text: string): boolean => text.includes('"msg":"close_stream"');

/**
 * Calls a signed-in page's API as the page itself does (its session cookie, its own Origin,
 * same-origin fetch metadata); POST with a JSON body when one is given. The body parsed as JSON
 * is in `json` (undefined when it is not JSON).
 */
export async function pageApi(options: {
  readonly port: number;
  readonly origin: string;
  readonly cookie: string;
  readonly path: string;
  readonly body?: unknown;
}): Promise<RawResponse & { json: unknown }> {
  const { body } = options;
  const response = await raw({
    port: options.port,
    path: options.path,
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      cookie: options.cookie,
      origin: options.origin,
      'sec-fetch-site': 'same-origin',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { ...response, json };
}
